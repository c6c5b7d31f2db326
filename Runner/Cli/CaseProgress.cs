using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Privacy;
using Spectre.Console;

namespace RpaRunner.Runner.Cli;

/// <summary>Shows cases moving through their steps until each has settled (completed, cancelled, or waiting for a person).</summary>
public static class CaseProgress
{
    public static async Task<List<CaseView>> FollowEachAsync(CaseQueries queries, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        var views = new Dictionary<string, CaseView>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = codes.ToDictionary(c => c, c => context.AddTask(c, maxValue: 1));
                while (!cancellationToken.IsCancellationRequested)
                {
                    foreach (var code in codes)
                    {
                        var view = (await queries.GetAsync(code, cancellationToken))!;
                        views[code] = view;
                        var task = tasks[code];
                        task.MaxValue = view.Progress.Total;
                        task.Value = view.Status == CaseStatus.Running ? view.Progress.Done : view.Progress.Total;
                        task.Description = $"{code} {view.BundleId,-13} {Describe(view)}";
                    }

                    if (views.Values.All(Settled))
                    {
                        break;
                    }

                    await Task.Delay(500, cancellationToken);
                }
            });
        return [.. codes.Select(c => views[c])];
    }

    /// <summary>One bar for a whole batch: how many cases have settled.</summary>
    public static async Task<List<CaseView>> FollowBatchAsync(CaseQueries queries, IReadOnlyList<string> codes, string title, CancellationToken cancellationToken)
    {
        var views = new Dictionary<string, CaseView>();
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var bar = context.AddTask(title, maxValue: codes.Count);
                while (!cancellationToken.IsCancellationRequested)
                {
                    foreach (var code in codes.Where(c => !views.TryGetValue(c, out var v) || !Settled(v)))
                    {
                        views[code] = (await queries.GetAsync(code, cancellationToken))!;
                    }

                    var settled = views.Values.Count(Settled);
                    bar.Value = settled;
                    bar.Description = $"{title}: {views.Values.Count(v => v.Status == CaseStatus.Completed)} completed, {views.Values.Count(v => v.Status is CaseStatus.WaitingForPerson or CaseStatus.WaitingForApplicant)} waiting for a person or the applicant";
                    if (settled == codes.Count)
                    {
                        break;
                    }

                    await Task.Delay(1000, cancellationToken);
                }
            });
        return [.. codes.Select(c => views[c])];
    }

    public static bool Settled(CaseView view) =>
        view.Status is CaseStatus.Completed or CaseStatus.Cancelled
        || (view.Status is CaseStatus.WaitingForPerson or CaseStatus.WaitingForApplicant or CaseStatus.AwaitingMaterial && !view.InMotion);

    public static string Describe(CaseView view)
    {
        var waiting = view.Steps.Count(s => s.Status == StepStatus.WaitingForPerson);
        var retrying = view.Steps.Count(s => s.Status == StepStatus.FailedWillRetry);
        var checking = view.Steps.Count(s => s.Status == StepStatus.OutcomeUnknown);
        var awaiting = view.Steps.Count(s => s.Status == StepStatus.Awaiting);
        var status = view.Status switch
        {
            CaseStatus.Completed => "办结 completed",
            CaseStatus.WaitingForPerson => "待人工 waiting",
            CaseStatus.WaitingForApplicant => "待补正 waiting for the applicant",
            CaseStatus.AwaitingMaterial => "待补材料 awaiting a material",
            CaseStatus.Cancelled => "已撤销 cancelled",
            _ => "办理中 running",
        };
        return $"{status}{(retrying > 0 ? $" · {retrying} retrying" : string.Empty)}{(checking > 0 ? $" · {checking} outcome unknown, checking" : string.Empty)}{(awaiting > 0 ? $" · {awaiting} 待申请人办理（如缴费） awaiting the applicant" : string.Empty)}{(waiting > 0 ? $" · {waiting} waiting for a person" : string.Empty)}";
    }

    /// <summary>
    /// The settled cases in a table: bundle by name, state, steps, attempts and the case's key result by its label
    /// (the first of a few headline outputs, masked), then the steps waiting for a person with their screenshots.
    /// </summary>
    public static void PrintSummary(IReadOnlyList<CaseView> cases, BundleCatalog bundles)
    {
        string[] headlines = ["childIdNumber", "retirementApprovalNo", "creditCode"];
        var table = new Table().Title("办件 Cases").AddColumns("办件编号 case", "一件事 bundle", "状态 status", "事项 steps", "尝试 attempts", "主要结果（脱敏） key result (masked)");
        foreach (var view in cases)
        {
            var headline = view.Steps
                .SelectMany(s => (s.Outputs ?? new Dictionary<string, string?>()).Select(o => (s.Action, o.Key, o.Value)))
                .FirstOrDefault(o => headlines.Contains(o.Key));
            var skipped = view.Steps.Count(s => s.Status == StepStatus.Skipped);
            var bundle = bundles.Find(view.BundleId, view.BundleVersion)?.Name;
            var label = headline.Key is null ? null : bundles.Systems.FindAction(headline.Action)?.Outputs.FirstOrDefault(f => f.Id == headline.Key)?.Label;
            table.AddRow(
                Markup.Escape(view.Code), Markup.Escape(bundle is null ? view.BundleId : $"{bundle.Zh} {bundle.En}"), Describe(view),
                $"{view.Steps.Count(s => s.Status == StepStatus.Succeeded)} done{(skipped > 0 ? $", {skipped} skipped" : string.Empty)} / {view.Steps.Count}",
                view.Steps.Sum(s => s.Attempt).ToString(System.Globalization.CultureInfo.InvariantCulture),
                headline.Key is null ? string.Empty : Markup.Escape($"{(label is null ? headline.Key : $"{label.Zh} {label.En}")}: {PersonalDataMasker.MaskValue(headline.Key, headline.Value)}"));
        }

        AnsiConsole.Write(table);
        var waitingSteps = cases.SelectMany(c => c.Steps.Where(s => s.Status == StepStatus.WaitingForPerson).Select(s => (c.Code, Step: s))).ToList();
        foreach (var (code, step) in waitingSteps)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]waiting for a person[/] {code}/{step.StepId} ({step.System}): {PersonalDataMasker.MaskText(step.Error ?? string.Empty)}{((step.Attempts.Count > 0 ? step.Attempts[^1].Evidence : null)?.TryGetValue("screenshot", out var shot) == true ? $" — screenshot /evidence/{shot}" : string.Empty)}");
        }

    }

    /// <summary>Selector drift the bots reported (kept with each step's success in the audit trail), once per note.</summary>
    public static async Task<List<string>> DriftNotesAsync(CaseQueries queries, IEnumerable<string> codes, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        foreach (var code in codes)
        {
            foreach (var row in await queries.AuditOfAsync(code, cancellationToken))
            {
                if (row.Detail is { } detail && detail.TryGetProperty("notes", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array)
                {
                    notes.AddRange(list.EnumerateArray().Select(n => n.GetString()!).Where(n => n.StartsWith("selector drift", StringComparison.Ordinal)));
                }
            }
        }

        return [.. notes.Distinct()];
    }
}
