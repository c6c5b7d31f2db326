using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using RpaRunner.Designer.Access;
using RpaRunner.Workflows.Catalog;

namespace RpaRunner.Designer.Tests.TestSupport;

/// <summary>A bUnit context with MudBlazor's services and loose JS interop (MudBlazor calls JS we do not test).</summary>
public static class UiTestContext
{
    public static readonly Lazy<BundleCatalog> Catalog = new(() => BundleCatalog.LoadEmbedded());

    public static BunitContext Create()
    {
        // A busy test run (Chromium and runners of the end-to-end tests beside it) can hold a render past bUnit's
        // one-second default; a wait ends as soon as its assertion passes, so a longer bound costs nothing.
        BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        return context;
    }

    /// <summary>Renders a component inside the language cascade the app gives every page.</summary>
    public static IRenderedComponent<TComponent> RenderInChinese<TComponent>(this BunitContext context, Action<ComponentParameterCollectionBuilder<TComponent>> parameters)
        where TComponent : IComponent =>
        context.Render<TComponent>(p =>
        {
            p.AddCascadingValue(UiText.Chinese);
            parameters(p);
        });
}
