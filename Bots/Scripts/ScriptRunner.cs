using System.Globalization;
using System.Text.RegularExpressions;
using RpaRunner.Bots.Runtime;

namespace RpaRunner.Bots.Scripts;

/// <summary>
/// Runs a bot script on a driver: search before create, then the steps, then read the outputs. Steps whose
/// first target did not resolve but a fallback did are reported as selector drift, so a designer can fix the
/// script before the fallbacks run out too.
/// </summary>
public sealed class ScriptRunner(IScriptDriver driver, TimeSpan defaultTimeout, StepMaterials? materials = null)
{
    private readonly List<string> _drift = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> Drift => _drift;

    /// <summary>What the attempt left out on purpose, for the attempt's notes (an optional material the case does not hold yet).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>
    /// Performs the action: looks the record up, and when it is not there enters it. <paramref name="beforeCommit"/>
    /// runs right before the commit point (<see cref="BotScript.CommitIndex"/>); the steps before it may fail and be
    /// retried like any other, but a failure from the commit point on — other than the system's refusal, which stores
    /// nothing — throws <see cref="OutcomeUnknownException"/>: the record may exist, so no quick retry may repeat it.
    /// With <paramref name="verifyOnly"/> the script only looks the record up (after an unknown outcome) and returns
    /// <see cref="BotResult.Absent"/> when it is not there. <paramref name="afterCommitStep"/> runs right after the commit
    /// step, however it ended (for evidence of the moment).
    /// </summary>
    public async Task<BotResult> RunAsync(BotScript script, ScriptValues values, Func<CancellationToken, Task> beforeCommit, CancellationToken cancellationToken, bool verifyOnly = false, Func<CancellationToken, Task>? afterCommitStep = null)
    {
        if (script.SearchBeforeCreate is { } search)
        {
            await RunStepsAsync(script.Action, "search", search.Steps, values, cancellationToken);
            if (search.Found.Count > 0 && await driver.WaitForAsync(search.Found, TimeSpan.FromMilliseconds(1500), cancellationToken) >= 0)
            {
                await RunStepsAsync(script.Action, "open", search.Open, values, cancellationToken);
                return new BotResult(await ReadOutputsAsync(script, cancellationToken), FoundExisting: true);
            }

            if (verifyOnly)
            {
                return BotResult.Absent;
            }
        }
        else if (verifyOnly)
        {
            throw new NeedsPersonException($"{script.Action} 无法在系统中查询（没有 searchBeforeCreate），请人工核实 / {script.Action} cannot look a record up; a person must check the system");
        }

        var commit = script.CommitIndex;
        await RunStepsAsync(script.Action, "steps", script.Steps[..commit], values, cancellationToken);
        await beforeCommit(cancellationToken);
        if (!script.HasUnknownOutcomes)
        {
            await RunStepsAsync(script.Action, "steps", script.Steps[commit..], values, cancellationToken, offset: commit);
            return new BotResult(await ReadOutputsAsync(script, cancellationToken), FoundExisting: false);
        }

        try
        {
            var next = Math.Min(commit + 1, script.Steps.Count);
            try
            {
                await RunStepsAsync(script.Action, "steps", script.Steps[commit..next], values, cancellationToken, offset: commit);
            }
            finally
            {
                // Evidence of the moment after the commit step (kept with the attempt if it then fails).
                if (afterCommitStep is not null)
                {
                    await afterCommitStep(cancellationToken);
                }
            }

            await RunStepsAsync(script.Action, "steps", script.Steps[next..], values, cancellationToken, offset: next);
            return new BotResult(await ReadOutputsAsync(script, cancellationToken), FoundExisting: false);
        }
        catch (Exception ex) when (ex is not (BusinessRuleException or ApplicantRefusalException or LeaseLostException or OutcomeUnknownException)
            && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new OutcomeUnknownException($"提交后结果不明 / the outcome after the submit is unknown: {ex.Message.Split('\n')[0]}", ex);
        }
    }

    public async Task RunStepsAsync(string action, string block, IReadOnlyList<ScriptStep> steps, ScriptValues values, CancellationToken cancellationToken, int offset = 0)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = steps[i];
            var timeout = step.TimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : defaultTimeout;
            var value = step.Value is null ? string.Empty : values.Expand(step.Value);
            if (step.SkipIfEmpty && string.IsNullOrEmpty(value))
            {
                continue;
            }

            var where = $"{action} {block}[{i + offset}] {step.Verb}";
            var used = 0;
            try
            {
                switch (step.Verb)
                {
                    case "goto":
                        await driver.GotoAsync(values.Expand(step.Goto!), cancellationToken);
                        break;
                    case "fill":
                        used = await driver.FillAsync(step.Fill!, value, timeout, cancellationToken);
                        break;
                    case "select":
                        used = await driver.SelectAsync(step.Select!, value, timeout, cancellationToken);
                        break;
                    case "date":
                        used = await driver.SetDateAsync(step.Date!, value, timeout, cancellationToken);
                        break;
                    case "check":
                        used = await driver.CheckAsync(step.Check!, timeout, cancellationToken);
                        break;
                    case "checkCodes":
                        foreach (var code in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (!step.CheckCodes!.TryGetValue(code, out var box))
                            {
                                throw new BusinessRuleException($"{where}: 代码 {code} 无对应选项 / no check box for code {code}");
                            }

                            used = Math.Max(used, await driver.CheckAsync(box, timeout, cancellationToken));
                        }

                        break;
                    case "click":
                        used = await driver.ClickAsync(step.Click!, timeout, cancellationToken);
                        break;
                    case "waitFor":
                        used = await driver.WaitForAsync(step.WaitFor!, timeout, cancellationToken);
                        if (used < 0)
                        {
                            throw new TargetNotFoundException($"{where}: none of [{string.Join(" | ", step.WaitFor!)}] appeared within {timeout.TotalSeconds:0.#}s");
                        }

                        break;
                    case "expect":
                        var (text, index) = await driver.ReadAsync(step.Expect!, timeout, cancellationToken);
                        used = index;
                        if (text is null)
                        {
                            throw new TargetNotFoundException($"{where}: none of [{string.Join(" | ", step.Expect!)}] appeared within {timeout.TotalSeconds:0.#}s");
                        }

                        if (step.Text is { } expected && !text.Contains(values.Expand(expected), StringComparison.Ordinal))
                        {
                            throw new TargetNotFoundException($"{where}: expected \"{expected}\" but found \"{text}\"");
                        }

                        break;
                    case "frame":
                        await driver.FrameAsync(step.Frame!, cancellationToken);
                        break;
                    case "upload":
                        var file = await OpenMaterialAsync(step, where, cancellationToken);
                        if (file is null)
                        {
                            continue;
                        }

                        used = await driver.UploadAsync(step.Upload!, file, timeout, cancellationToken);
                        break;
                    default:
                        throw new NeedsPersonException($"{where}: the script step has no verb");
                }
            }
            catch (TargetNotFoundException) when (step.Optional && step.Upload is null)
            {
                continue;
            }
            catch (TargetNotFoundException ex)
            {
                // The page may be showing why (a refusal, an error page, the login page): that explains it better.
                await driver.CheckHealthAsync(cancellationToken);
                throw new NeedsPersonException($"页面与脚本不符 / the page is not what the script expects: {ex.Message}");
            }

            if (used > 0)
            {
                var targets = step.Targets ?? step.CheckCodes!.Values.First(t => t.Count > used);
                _drift.Add($"selector drift: {where} used fallback #{used + 1} ({targets[used]}) because {targets[0]} no longer matches");
            }

            if (step.Ending is { } ending)
            {
                // The commit's expected ending (a dialog that closes, a page that moves on) is the check: the system's
                // usual health check would take a closed window for a failure.
                var wait = ending.TimeoutMs is { } endMs ? TimeSpan.FromMilliseconds(endMs) : timeout;
                if (!await driver.WaitForEndingAsync(ending, wait, cancellationToken))
                {
                    await driver.CheckHealthAsync(cancellationToken);
                    throw new TargetNotFoundException($"{where}: expected {ending} within {wait.TotalSeconds:0.#}s");
                }

                continue;
            }

            await driver.CheckHealthAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The checked file of an upload step's material; null when the case does not hold it and the step is optional (noted).
    /// A material the case lacks for a step that is not optional is a business failure for a person, naming the material.
    /// </summary>
    private async Task<MaterialPayload?> OpenMaterialAsync(ScriptStep step, string where, CancellationToken cancellationToken)
    {
        var id = step.Material ?? throw new NeedsPersonException($"{where}: 上传步骤未指定材料 / the upload step names no material");
        if (materials is not null && await materials.OpenAsync(id, cancellationToken) is { } file)
        {
            return file;
        }

        var reference = materials?.Find(id);
        if (step.Optional)
        {
            _notes.Add(reference is null
                ? $"材料未随派发提供，跳过上传：{id} / material {id} is not among the step's materials; upload skipped"
                : $"材料未提交，跳过上传：{reference.Name} / material not supplied yet, upload skipped: {reference.EnglishName ?? id}");
            return null;
        }

        throw reference is null
            ? new NeedsPersonException($"脚本要上传的材料未在本事项的一件事中声明：{id} / the script uploads material {id}, which the bundle does not declare for this step")
            : new BusinessRuleException($"材料未提交：{reference.Name} / material not supplied: {reference.EnglishName ?? id}");
    }

    private async Task<Dictionary<string, string?>> ReadOutputsAsync(BotScript script, CancellationToken cancellationToken)
    {
        var outputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, targets) in script.Outputs)
        {
            var (text, index) = await driver.ReadAsync(targets, defaultTimeout, cancellationToken);
            if (text is null)
            {
                await driver.CheckHealthAsync(cancellationToken);
                throw new NeedsPersonException($"结果页未找到「{name}」/ the result shows no {name} ({string.Join(" | ", targets)})");
            }

            if (index > 0)
            {
                _drift.Add($"selector drift: {script.Action} output {name} used fallback #{index + 1} ({targets[index]}) because {targets[0]} no longer matches");
            }

            outputs[name] = text.Trim();
        }

        return outputs;
    }
}

/// <summary>The values a script may use: the step's inputs, its idempotency key, and the system account.</summary>
public sealed partial class ScriptValues(IReadOnlyDictionary<string, string?> inputs, IReadOnlyDictionary<string, string?> context)
{
    /// <summary>Replaces {{inputs.x}}, {{key}}, … ; {{name|url}} escapes the value for a URL.</summary>
    public string Expand(string template) => Placeholder().Replace(template, m =>
    {
        var name = m.Groups[1].Value;
        var value = name.StartsWith("inputs.", StringComparison.Ordinal)
            ? inputs.GetValueOrDefault(name["inputs.".Length..]) ?? string.Empty
            : context.GetValueOrDefault(name) ?? throw new NeedsPersonException(string.Create(CultureInfo.InvariantCulture, $"script uses unknown value {{{{{name}}}}}"));
        return m.Groups[2].Success ? Uri.EscapeDataString(value) : value;
    });

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.$]+)\s*(\|\s*url\s*)?\}\}")]
    private static partial Regex Placeholder();
}
