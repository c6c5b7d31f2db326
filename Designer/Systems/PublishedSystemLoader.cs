using Microsoft.Extensions.Logging;
using RpaRunner.Designer.Design;

namespace RpaRunner.Designer.Systems;

/// <summary>
/// The department system versions published from the designer (ADR 0029): registered before the bundle loader, since a
/// bundle published from the designer may use a system published from it.
/// </summary>
internal sealed class PublishedSystemLoader(SystemDrafts drafts, TimeProvider time, ILogger<PublishedSystemLoader> logger) : PublishedVersionsLoader(time, logger)
{
    protected override string What => "department system version(s)";

    protected override Task<int> LoadAsync(CancellationToken cancellationToken) => drafts.LoadPublishedAsync(cancellationToken);
}
