using System.Globalization;
using System.Text.RegularExpressions;
using RpaRunner.Bots.Runtime;

namespace RpaRunner.Bots.Scripts;

/// <summary>
/// Runs a bot script on a driver: search before create, then the steps, then read the outputs. Steps whose
/// first target did not resolve but a fallback did are reported as selector drift, so a designer can fix the
/// script before the fallbacks run out too.
/// </summary>
/// <param name="ask">Asks a person and returns the answer (ADR 0028); null where nobody can be asked (a rehearsal).</param>
/// <param name="askAttempts">How many answers the system may refuse before the step goes to a person.</param>
public sealed class ScriptRunner(IScriptDriver driver, TimeSpan defaultTimeout, StepMaterials? materials = null,
    Func<PersonQuestion, CancellationToken, Task<string>>? ask = null, int askAttempts = 3)
{
    /// <summary>How long the page is given to say an answer was wrong (wrongWhen) after it was sent.</summary>
    private static readonly TimeSpan s_wrongAnswerLook = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a search without a "not found" marker is given to show the record.</summary>
    private static readonly TimeSpan s_searchGrace = TimeSpan.FromMilliseconds(1500);

    private readonly List<string> _drift = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<string> Drift => _drift;

    /// <summary>What the attempt left out on purpose, for the attempt's notes (an optional material the case does not hold yet).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>
    /// Whether the search shows the record. With <see cref="SearchBlock.NotFound"/> declared, waits (the step's time)
    /// for either answer and goes on the moment one is there; neither is trouble. Without it, a short wait for the
    /// record, whose absence means "not there".
    /// </summary>
    private async Task<bool> FoundAsync(string action, SearchBlock search, ScriptValues values, CancellationToken cancellationToken)
    {
        if (search.Found.Count == 0)
        {
            return false;
        }

        var found = Expand(search.Found, values)!;
        if (search.NotFound.Count == 0)
        {
            return await driver.WaitForAsync(found, s_searchGrace, cancellationToken) >= 0;
        }

        // The record's marker comes first: a page that shows both is taken as holding the record (never a second one).
        var answer = await driver.WaitForAsync([.. found, .. Expand(search.NotFound, values)!], defaultTimeout, cancellationToken);
        if (answer >= 0)
        {
            return answer < found.Count;
        }

        // The page may say why (an error page, the login page); otherwise nothing was entered yet, so trying again is safe.
        await driver.CheckHealthAsync(cancellationToken);
        throw new TransientBotException(
            $"{action} 查询页既未显示记录也未显示“未查到” / the search page showed neither the record [{string.Join(" | ", found)}] nor [{string.Join(" | ", search.NotFound)}] within {defaultTimeout.TotalSeconds:0.#}s");
    }

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
            if (await FoundAsync(script.Action, search, values, cancellationToken))
            {
                await RunStepsAsync(script.Action, "open", search.Open, values, cancellationToken);
                return new BotResult(await ReadOutputsAsync(script, values, cancellationToken), FoundExisting: true);
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
            return new BotResult(await ReadOutputsAsync(script, values, cancellationToken), FoundExisting: false);
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
            return new BotResult(await ReadOutputsAsync(script, values, cancellationToken), FoundExisting: false);
        }
        catch (Exception ex) when (ex is not (BusinessRuleException or ApplicantRefusalException or AwaitingApplicantException or LeaseLostException or OutcomeUnknownException)
            && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw new OutcomeUnknownException($"提交后结果不明 / the outcome after the submit is unknown: {ex.Message.Split('\n')[0]}", ex);
        }
    }

    /// <summary>
    /// Runs steps, looking at the page for trouble (<see cref="IScriptDriver.CheckHealthAsync"/>) after each. Entries into
    /// fields (fill, select, date, check) change no page and store nothing, so after them the look is made once, before
    /// the next step of another kind (a click, a goto, an expect …) and at the end of the steps: whatever a field entry
    /// brings up (an inline refusal, a pop-up) is seen before anything is sent, in one look instead of one per field.
    /// </summary>
    public async Task RunStepsAsync(string action, string block, IReadOnlyList<ScriptStep> steps, ScriptValues values, CancellationToken cancellationToken, int offset = 0)
    {
        var unlooked = false;
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

            if (!await ConditionHoldsAsync(step, values, cancellationToken))
            {
                continue;
            }

            var fieldEntry = IsFieldEntry(step);
            if (unlooked && !fieldEntry)
            {
                await driver.CheckHealthAsync(cancellationToken);
                unlooked = false;
            }

            var where = StepName(action, block, i + offset, step);
            var targets = Expand(step.Targets, values);
            if (step.Dialog is { } dialog)
            {
                driver.ExpectDialog(new DialogAnswer(dialog == "accept", step.Prompt is null ? null : values.Expand(step.Prompt)));
            }

            var used = 0;
            try
            {
                switch (step.Verb)
                {
                    case "goto":
                        await driver.GotoAsync(values.Expand(step.Goto!), cancellationToken);
                        break;
                    case "fill":
                        used = await driver.FillAsync(targets!, value, timeout, cancellationToken);
                        break;
                    case "select":
                        used = step.ByText
                            ? await driver.SelectTextAsync(targets!, value, timeout, cancellationToken)
                            : await driver.SelectAsync(targets!, value, timeout, cancellationToken);
                        break;
                    case "date":
                        used = await driver.SetDateAsync(targets!, value, timeout, cancellationToken);
                        break;
                    case "check":
                        used = await driver.CheckAsync(targets!, timeout, cancellationToken);
                        break;
                    case "checkCodes":
                        foreach (var code in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (!step.CheckCodes!.TryGetValue(code, out var box))
                            {
                                throw new BusinessRuleException($"{where}: 代码 {code} 无对应选项 / no check box for code {code}");
                            }

                            used = Math.Max(used, await driver.CheckAsync(Expand(box, values)!, timeout, cancellationToken));
                        }

                        break;
                    case "click":
                        used = await driver.ClickAsync(targets!, timeout, cancellationToken);
                        break;
                    case "waitFor":
                        used = await driver.WaitForAsync(targets!, timeout, cancellationToken);
                        if (used < 0)
                        {
                            throw new TargetNotFoundException($"none of [{string.Join(" | ", targets!)}] appeared within {timeout.TotalSeconds:0.#}s");
                        }

                        break;
                    case "expect":
                        var (text, index) = await driver.ReadAsync(targets!, timeout, cancellationToken);
                        used = index;
                        if (text is null)
                        {
                            throw new TargetNotFoundException($"none of [{string.Join(" | ", targets!)}] appeared within {timeout.TotalSeconds:0.#}s");
                        }

                        if (step.Text is { } expected && !text.Contains(values.Expand(expected), StringComparison.Ordinal))
                        {
                            throw new TargetNotFoundException($"expected \"{values.Expand(expected)}\" but found \"{text}\"", missing: false);
                        }

                        break;
                    case "frame":
                        await EnterFrameAsync(step.Frame!, values, timeout, cancellationToken);
                        break;
                    case "upload":
                        var file = await OpenMaterialAsync(step, where, cancellationToken);
                        if (file is null)
                        {
                            continue;
                        }

                        used = await driver.UploadAsync(targets!, file, timeout, cancellationToken);
                        break;
                    case "press":
                        used = await driver.PressAsync(targets, step.Press!, timeout, cancellationToken);
                        break;
                    case "tab":
                        await driver.SwitchTabAsync(step.Tab!, timeout, cancellationToken);
                        break;
                    case "ask":
                        used = await AskPersonAsync(step, targets!, values, where, timeout, cancellationToken);
                        break;
                    default:
                        throw new NeedsPersonException($"{where}: 脚本步骤没有动作 / the script step has no verb");
                }
            }
            catch (TargetNotFoundException) when (step.Optional && step.Upload is null)
            {
                continue;
            }
            catch (TargetNotFoundException ex)
            {
                // The page may be showing why (a refusal the step declares, an error page, the login page): that explains it better.
                await CheckDeclaredRefusalAsync(step, values, cancellationToken);
                await driver.CheckHealthAsync(cancellationToken);
                var tried = targets is null ? string.Empty : string.Join(" | ", targets);
                throw new NeedsPersonException(tried.Length > 0 && ex.Missing
                    ? $"{where}：未找到目标 {tried} / {where.English}: none of the targets was found ({ex.Message})"
                    : $"{where}：页面与脚本不符 / {where.English}: the page is not what the script expects ({ex.Message})");
            }

            if (step.Dialog is { } answer)
            {
                await CheckDialogAsync(step, answer, where, timeout, cancellationToken);
            }

            await CheckDeclaredRefusalAsync(step, values, cancellationToken);
            if (used > 0)
            {
                var list = targets ?? Expand(step.CheckCodes!.Values.First(t => t.Count > used), values)!;
                _drift.Add($"selector drift: {where.English} used fallback #{used + 1} ({list[used]}) because {list[0]} no longer matches");
            }

            if (step.Ending is { } ending)
            {
                // The commit's expected ending (a dialog that closes, a page that moves on) is the check: the system's
                // usual health check would take a closed window for a failure.
                var wait = ending.TimeoutMs is { } endMs ? TimeSpan.FromMilliseconds(endMs) : timeout;
                if (!await driver.WaitForEndingAsync(ending, wait, cancellationToken))
                {
                    await driver.CheckHealthAsync(cancellationToken);
                    throw new TargetNotFoundException($"{where}：未见预期的结束 / {where.English}: expected {ending} within {wait.TotalSeconds:0.#}s", missing: false);
                }

                continue;
            }

            if (fieldEntry)
            {
                unlooked = true;
                continue;
            }

            await driver.CheckHealthAsync(cancellationToken);
        }

        if (unlooked)
        {
            await driver.CheckHealthAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The ask verb: shows a person the region, types their answer, clicks on, and asks again while the system says the
    /// answer was wrong — up to <c>askAttempts</c>, then a person takes the step over with the evidence. The answer is
    /// never put in a message.
    /// </summary>
    private async Task<int> AskPersonAsync(ScriptStep step, IReadOnlyList<Target> region, ScriptValues values, StepName where, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (ask is null)
        {
            throw new NeedsPersonException($"{where}：需要人工作答（{step.Prompt}），本次运行无人可问 / {where.English}: the system asks for a {step.Prompt}; nobody can be asked from this run");
        }

        var into = Expand(step.Into, values)!;
        var then = Expand(step.Then, values);
        var wrong = Expand(step.WrongWhen, values);
        for (var round = 1; ; round++)
        {
            var (picture, used) = await driver.CaptureAsync(region, timeout, cancellationToken);
            var answer = await ask(new PersonQuestion(step.Prompt!, picture), cancellationToken);
            await driver.FillSecretAsync(into, answer, timeout, cancellationToken);
            if (then is not null)
            {
                await driver.ClickAsync(then, timeout, cancellationToken);
            }

            if (wrong is null || await driver.WaitForAsync(wrong, s_wrongAnswerLook, cancellationToken) < 0)
            {
                return used;
            }

            if (round >= Math.Max(1, askAttempts))
            {
                throw new NeedsPersonException($"{where}：系统 {round} 次不接受人工给出的{step.Prompt}，请人工处理 / {where.English}: the system refused the {step.Prompt} given {round} times; a person must take over");
            }
        }
    }

    private static bool IsFieldEntry(ScriptStep step) =>
        step.Verb is "fill" or "select" or "date" or "check" or "checkCodes" && step.Dialog is null && step.Ending is null;

    /// <summary>How messages name a step: "第 3 步 fill 出生日期" of the action (and the block, when it is not the main steps), in Chinese and English.</summary>
    private static StepName StepName(string action, string block, int index, ScriptStep step) => new(action, block, index + 1, step.Verb, step.Subject);

    private static List<Target>? Expand(List<Target>? targets, ScriptValues values) => targets?.Select(t => t.Expand(values)).ToList();

    /// <summary>The step's condition: one of its "if" targets shows now, and none of its "unless" targets.</summary>
    private async Task<bool> ConditionHoldsAsync(ScriptStep step, ScriptValues values, CancellationToken cancellationToken)
    {
        if (step.If is { } present && await driver.WaitForAsync(Expand(present, values)!, TimeSpan.Zero, cancellationToken) < 0)
        {
            return false;
        }

        return step.Unless is not { } absent || await driver.WaitForAsync(Expand(absent, values)!, TimeSpan.Zero, cancellationToken) < 0;
    }

    /// <summary>Frames by name go to the driver as names (and "top"); a frame given as a target is found like any element.</summary>
    private async Task EnterFrameAsync(List<FrameRef> frames, ScriptValues values, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (frames.All(f => f.Name is not null))
        {
            await driver.FrameAsync([.. frames.Select(f => values.Expand(f.Name!))], cancellationToken);
            return;
        }

        var elements = frames.Select(f => f.Element?.Expand(values) ?? new Target { Css = $"iframe[name=\"{values.Expand(f.Name!)}\"], frame[name=\"{values.Expand(f.Name!)}\"]" }).ToList();
        if (await driver.EnterFrameAsync(elements, timeout, cancellationToken) is > 0 and var used)
        {
            _drift.Add($"selector drift: frame used fallback #{used + 1} ({elements[used]}) because {elements[0]} no longer matches");
        }
    }

    /// <summary>A refusal the step declares: one of its targets shows, so the system refused, for the reason the script gives.</summary>
    private async Task CheckDeclaredRefusalAsync(ScriptStep step, ScriptValues values, CancellationToken cancellationToken)
    {
        if (step.AwaitWhen is { } awaiting)
        {
            // The system's own word that the matter waits for the applicant (待缴费): nothing was recorded, nothing failed.
            var (notice, _) = await driver.ReadAsync(Expand(awaiting, values)!, TimeSpan.Zero, cancellationToken);
            if (notice is not null)
            {
                var why = step.Reason is null ? null : values.Expand(step.Reason);
                throw new AwaitingApplicantException(why is null ? notice.Trim() : $"{why}：{notice.Trim()}");
            }
        }

        if (step.RefuseWhen is not { } refusal)
        {
            return;
        }

        var (text, _) = await driver.ReadAsync(Expand(refusal, values)!, TimeSpan.Zero, cancellationToken);
        if (text is null)
        {
            return;
        }

        var shown = text.Trim();
        var reason = step.Reason is null ? null : values.Expand(step.Reason);
        throw new BusinessRuleException(reason is null ? shown : shown.Length == 0 || shown == reason ? reason : $"{reason}：{shown}");
    }

    /// <summary>
    /// The dialog the step was told to expect: "refuse" turns a dialog that came into the system's refusal with its text; an
    /// accept or dismiss the step needs fails the step when no dialog came (unless the step is optional).
    /// </summary>
    private async Task CheckDialogAsync(ScriptStep step, string answer, StepName where, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var refuse = answer == "refuse";
        var text = await driver.TakeDialogAsync(refuse ? TimeSpan.FromMilliseconds(300) : timeout, cancellationToken);
        if (refuse && text is not null)
        {
            var reason = step.Reason;
            throw new BusinessRuleException(reason is null ? text : $"{reason}：{text}");
        }

        if (!refuse && text is null && !step.Optional)
        {
            await driver.CheckHealthAsync(cancellationToken);
            throw new NeedsPersonException($"{where}：未出现预期的对话框 / {where.English}: the dialog to {answer} did not appear within {timeout.TotalSeconds:0.#}s");
        }
    }

    /// <summary>
    /// The checked file of an upload step's material; null when the case does not hold it and the step is optional (noted).
    /// A material the case lacks for a step that is not optional is a business failure for a person, naming the material.
    /// </summary>
    private async Task<MaterialPayload?> OpenMaterialAsync(ScriptStep step, StepName where, CancellationToken cancellationToken)
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

    private async Task<Dictionary<string, string?>> ReadOutputsAsync(BotScript script, ScriptValues values, CancellationToken cancellationToken)
    {
        var outputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, declared) in script.Outputs)
        {
            var targets = Expand(declared, values)!;
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

            outputs[name] = targets[index].Extract is { } extract ? Extracted(script.Action, name, text, extract) : text.Trim();
        }

        return outputs;
    }

    /// <summary>The part of an output's text the target's regular expression cuts out: group "value", else group 1, else the match.</summary>
    private static string Extracted(string action, string name, string text, string extract)
    {
        var match = Regex.Match(text, extract, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            throw new NeedsPersonException($"{action} 结果「{name}」的文字不符合 {extract} / the text of output {name} does not match {extract}: \"{Shorten(text)}\"");
        }

        var group = match.Groups["value"].Success ? match.Groups["value"] : match.Groups.Count > 1 && match.Groups[1].Success ? match.Groups[1] : match.Groups[0];
        return group.Value.Trim();
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..120] + "…" : text;
}

/// <summary>How messages name a step: 第 N 步, its verb and subject, in the action's block.</summary>
internal sealed record StepName(string Action, string Block, int Number, string Verb, string Subject)
{
    private string Where => Block is "steps" ? Action : $"{Action} {Block}";

    public string English => $"{Where} step {Number} ({Verb}{(Subject.Length > 0 ? " " + Subject : string.Empty)})";

    public override string ToString() => $"{Where} 第 {Number} 步 {Verb}{(Subject.Length > 0 ? " " + Subject : string.Empty)}";
}

/// <summary>The values a script may use: the step's inputs, its idempotency key, and the system account.</summary>
public sealed partial class ScriptValues(IReadOnlyDictionary<string, string?> inputs, IReadOnlyDictionary<string, string?> context)
{
    /// <summary>Replaces {{inputs.x}}, {{key}}, … ; {{name|url}} escapes the value for a URL.</summary>
    public string Expand(string template) => Expand(template, null);

    /// <summary>Replaces the placeholders, passing each value through <paramref name="escape"/> (e.g. for a regular expression).</summary>
    public string Expand(string template, Func<string, string>? escape) => Placeholder().Replace(template, m =>
    {
        var name = m.Groups[1].Value;
        var value = name.StartsWith("inputs.", StringComparison.Ordinal)
            ? inputs.GetValueOrDefault(name["inputs.".Length..]) ?? string.Empty
            : context.GetValueOrDefault(name) ?? throw new NeedsPersonException(string.Create(CultureInfo.InvariantCulture, $"script uses unknown value {{{{{name}}}}}"));
        value = m.Groups[2].Success ? Uri.EscapeDataString(value) : value;
        return escape is null ? value : escape(value);
    });

    /// <summary>The names the placeholders of a text use ("inputs.name", "key", …).</summary>
    public static IEnumerable<string> NamesIn(string template) => Placeholder().Matches(template).Select(m => m.Groups[1].Value);

    /// <summary>The values a script may name besides its inputs.</summary>
    public static readonly IReadOnlySet<string> ContextNames = new HashSet<string>(StringComparer.Ordinal) { "key", "caseCode", "action", "username", "password" };

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.$]+)\s*(\|\s*url\s*)?\}\}")]
    private static partial Regex Placeholder();
}
