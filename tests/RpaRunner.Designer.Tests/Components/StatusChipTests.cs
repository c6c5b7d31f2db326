using Bunit;
using RpaRunner.Designer.Access;
using RpaRunner.Designer.Components;
using RpaRunner.Designer.Tests.TestSupport;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.Components;

public sealed class StatusChipTests : IAsyncLifetime
{
    private readonly BunitContext _context = UiTestContext.Create();

    [Theory]
    [InlineData(false, "结果不明，核实中")]
    [InlineData(true, "处理中")]
    public void StepStatusChip_OutcomeUnknown_ReadsCheckingForOperators_AndInProgressAtTheHall(bool hall, string label)
    {
        var cut = _context.RenderInChinese<StepStatusChip>(p => p
            .Add(x => x.Status, StepStatus.OutcomeUnknown)
            .Add(x => x.ErrorClass, FailureClass.OutcomeUnknown)
            .Add(x => x.Hall, hall));

        Assert.Equal(label, cut.Find("[data-step-status=OutcomeUnknown]").TextContent.Trim());
    }

    [Theory]
    [InlineData(false, false, "机器人录入中")]
    [InlineData(true, false, "机器人核实中")]
    [InlineData(true, true, "处理中")]
    public void StepStatusChip_ARunningLookup_ReadsChecking_NotEntering(bool verifying, bool hall, string label)
    {
        var cut = _context.RenderInChinese<StepStatusChip>(p => p
            .Add(x => x.Status, StepStatus.Running)
            .Add(x => x.Verifying, verifying)
            .Add(x => x.Hall, hall));

        Assert.Equal(label, cut.Find("[data-step-status=Running]").TextContent.Trim());
    }

    [Fact]
    public void StepStatusChip_OutcomeUnknown_InEnglish()
    {
        var cut = _context.Render<StepStatusChip>(p => p
            .AddCascadingValue(UiText.English)
            .Add(x => x.Status, StepStatus.OutcomeUnknown));

        Assert.Equal("outcome unknown, checking", cut.Find("[data-step-status=OutcomeUnknown]").TextContent.Trim());
    }

    [Fact]
    public void StepStatusChip_WaitingForAPersonAfterAnUnknownOutcome_ReadsWaitingForAPerson()
    {
        var cut = _context.RenderInChinese<StepStatusChip>(p => p
            .Add(x => x.Status, StepStatus.WaitingForPerson)
            .Add(x => x.ErrorClass, FailureClass.OutcomeUnknown));

        Assert.Equal("待人工处理", cut.Find("[data-step-status=WaitingForPerson]").TextContent.Trim());
    }

    [Theory]
    [InlineData(FailureClass.OutcomeUnknown, "结果不明")]
    [InlineData(FailureClass.Transient, "临时故障")]
    [InlineData(FailureClass.NeedsApplicant, "申请人需补正")]
    public void ErrorClassChip_ShowsTheLabelOfEachClass(FailureClass kind, string label)
    {
        var cut = _context.RenderInChinese<ErrorClassChip>(p => p.Add(x => x.Kind, kind));

        Assert.Equal(label, cut.Find($"[data-error-class={kind}]").TextContent.Trim());
    }

    [Fact]
    public void ErrorClassChip_OutcomeUnknown_InEnglish()
    {
        var cut = _context.Render<ErrorClassChip>(p => p
            .AddCascadingValue(UiText.English)
            .Add(x => x.Kind, FailureClass.OutcomeUnknown));

        Assert.Equal("outcome unknown", cut.Find("[data-error-class=OutcomeUnknown]").TextContent.Trim());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's chips hold services that are only disposed asynchronously.
    public Task DisposeAsync() => _context.DisposeAsync().AsTask();
}
