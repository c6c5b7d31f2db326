using RpaRunner.Designer.Access;
using RpaRunner.Designer.Console;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Tests.Console;

/// <summary>Operators read a label for everything the engine records, never a raw kind or outcome.</summary>
public sealed class ConsoleLabelsTests
{
    /// <summary>Every case and step kind, and the opening and closing of service hours and batch windows.</summary>
    private static IEnumerable<string> RecordedKinds() =>
        AuditKinds.CaseAndStepKinds.Concat(
            from prefix in new[] { AuditKinds.SystemHoursPrefix, AuditKinds.BatchWindowPrefix }
            from edge in new[] { AuditKinds.Opened, AuditKinds.Closed }
            select prefix + edge);

    public static TheoryData<string> AuditKindsWithLabels() => [.. RecordedKinds()];

    public static TheoryData<string> Outcomes() => [.. AttemptOutcomes.All];

    [Theory]
    [MemberData(nameof(AuditKindsWithLabels))]
    public void EveryAuditKind_HasAChineseAndAnEnglishLabel(string kind)
    {
        var zh = ConsoleLabels.AuditKind(UiText.Chinese, kind);
        var en = ConsoleLabels.AuditKind(UiText.English, kind);

        Assert.NotEqual(kind, zh);
        Assert.NotEqual(kind, en);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", en);
    }

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void EveryAttemptOutcome_HasAChineseAndAnEnglishLabel(string outcome)
    {
        var zh = ConsoleLabels.Outcome(UiText.Chinese, outcome);
        var en = ConsoleLabels.Outcome(UiText.English, outcome);

        Assert.NotEqual(outcome, zh);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh);
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", en);
    }

    [Fact]
    public void TheTables_HoldNothingTheEngineDoesNotRecord()
    {
        Assert.Empty(ConsoleLabels.AuditKindLabels.Keys.Except(RecordedKinds(), StringComparer.Ordinal));
        Assert.Empty(ConsoleLabels.OutcomeLabels.Keys.Except(AttemptOutcomes.All, StringComparer.Ordinal));
    }
}
