using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Web;

/// <summary>Drives one browser page for a bot script: resolves targets with ordered fallbacks, and after
/// every step reads the page for trouble (HTTP 5xx, maintenance, the login page, a refusal message).</summary>
public sealed class PlaywrightDriver : IScriptDriver
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_waitChunk = TimeSpan.FromSeconds(1);
    private readonly IPage _main;
    private readonly Uri _baseUrl;
    private readonly SystemScript _system;

    /// <summary>Every target the health check acts on when visible (dismiss rules, refusals), looked at together first.</summary>
    private readonly IReadOnlyList<Target> _troubleTargets;
    private readonly System.Collections.Concurrent.ConcurrentQueue<IPage> _opened = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _unexpectedDialogs = new();
    private IPage _page;
    private IFrame _frame;
    private int? _lastDocumentStatus;
    private DialogAnswer? _dialogAnswer;
    private TaskCompletionSource<string> _dialogAnswered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TimeSpan _actionTimeout;

    public PlaywrightDriver(IPage page, Uri baseUrl, SystemScript system, TimeSpan actionTimeout)
    {
        _actionTimeout = actionTimeout;
        _main = page;
        _page = page;
        _baseUrl = baseUrl;
        _system = system;
        _frame = page.MainFrame;
        _troubleTargets = [.. system.Dismiss.SelectMany(rule => rule.When), .. system.BusinessError];
        Watch(page);
        page.Context.Page += (_, opened) =>
        {
            // A pop-up window or a new tab the page opened: watched like the first, entered with "tab": "new".
            Watch(opened);
            _opened.Enqueue(opened);
        };
    }

    public List<string> ConsoleErrors { get; } = [];

    /// <summary>While logging in, the login page and its messages are expected, not trouble.</summary>
    public bool LoggingIn { get; set; }

    public string Url => _page.Url;

    /// <summary>The page the script works in now (a pop-up after "tab": "new"), for evidence.</summary>
    public IPage Page => _page;

    public async Task GotoAsync(string address, CancellationToken cancellationToken)
    {
        _frame = _page.MainFrame;
        try
        {
            var response = await _page.GotoAsync(new Uri(_baseUrl, address).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            _lastDocumentStatus = response?.Status;
        }
        catch (PlaywrightException ex)
        {
            throw new TransientBotException($"无法打开页面 / cannot open {address}: {ex.Message.Split('\n')[0]}", ex);
        }
    }

    /// <summary>How a secret is typed with nothing recorded (the attempt's trace pauses around it); null: typed as any value.</summary>
    public Func<Func<Task>, Task>? Unrecorded { get; init; }

    public async Task<int> FillSecretAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Unrecorded is null)
        {
            return await FillAsync(targets, value, timeout, cancellationToken);
        }

        var used = 0;
        await Unrecorded(async () => used = await FillAsync(targets, value, timeout, cancellationToken));
        return used;
    }

    public async Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
        await locator.FillAsync(value);
        return index;
    }

    public async Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
        var tag = await locator.EvaluateAsync<string>("el => el.tagName");
        if (!string.Equals(tag, "SELECT", StringComparison.OrdinalIgnoreCase))
        {
            // Code fields without a drop-down accept the code as text.
            await locator.FillAsync(value);
            return index;
        }

        var hasValue = await locator.EvaluateAsync<bool>("(el, v) => [...el.options].some(o => o.value === v)", value);
        if (!hasValue && !string.IsNullOrEmpty(value))
        {
            throw new BusinessRuleException($"下拉框中没有代码 {value} / the drop-down has no option with code {value}");
        }

        await locator.SelectOptionAsync(new SelectOptionValue { Value = value });
        return index;
    }

    public async Task<int> SelectTextAsync(IReadOnlyList<Target> targets, string text, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
        if (!string.Equals(await locator.EvaluateAsync<string>("el => el.tagName"), "SELECT", StringComparison.OrdinalIgnoreCase))
        {
            await locator.FillAsync(text);
            return index;
        }

        var option = await locator.EvaluateAsync<string?>("(el, t) => { const o = [...el.options].find(o => o.text.trim() === t.trim() || o.label.trim() === t.trim()); return o ? o.value : null; }", text);
        if (option is null && !string.IsNullOrEmpty(text))
        {
            throw new BusinessRuleException($"下拉框中没有选项「{text}」/ the drop-down has no option \"{text}\"");
        }

        await locator.SelectOptionAsync(new SelectOptionValue { Value = option ?? string.Empty });
        return index;
    }

    public async Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
        if (await locator.IsEditableAsync())
        {
            await locator.FillAsync(value);
            return index;
        }

        // A read-only date field behind a calendar pop-up: set the value as the calendar would.
        await locator.EvaluateAsync("(el, v) => { el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); }", value);
        return index;
    }

    public async Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
        await locator.CheckAsync();
        return index;
    }

    public async Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
        // Finding the element uses the step's timeout; the click itself may start a slow page load.
        await locator.ClickAsync(new LocatorClickOptions { Timeout = (float)_actionTimeout.TotalMilliseconds });
        await _page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return index;
    }

    public async Task<(byte[] Png, int Index)> CaptureAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
        return (await locator.ScreenshotAsync(new LocatorScreenshotOptions { Type = ScreenshotType.Png, Timeout = (float)_actionTimeout.TotalMilliseconds }), index);
    }

    public async Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = await TryResolveAsync(targets, timeout, cancellationToken);
        return found?.Index ?? -1;
    }

    public async Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var found = await TryResolveAsync(targets, timeout, cancellationToken);
        if (found is not { } hit)
        {
            return (null, -1);
        }

        var tag = await hit.Locator.EvaluateAsync<string>("el => el.tagName");
        var text = tag is "INPUT" or "TEXTAREA" or "SELECT" ? await hit.Locator.InputValueAsync() : await hit.Locator.InnerTextAsync();
        return (text, hit.Index);
    }

    public async Task<int> EnterFrameAsync(IReadOnlyList<Target> frames, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(frames, timeout, cancellationToken);
        var element = await locator.ElementHandleAsync();
        _frame = await element.ContentFrameAsync() ?? throw new TargetNotFoundException($"{frames[index]} is not a frame");
        return index;
    }

    public async Task<int> PressAsync(IReadOnlyList<Target>? targets, string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var index = 0;
        if (targets is { Count: > 0 })
        {
            (var locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
            await locator.PressAsync(key, new LocatorPressOptions { Timeout = (float)_actionTimeout.TotalMilliseconds });
        }
        else
        {
            await _page.Keyboard.PressAsync(key);
        }

        await _page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
        return index;
    }

    public async Task SwitchTabAsync(string which, TimeSpan timeout, CancellationToken cancellationToken)
    {
        switch (which)
        {
            case "new":
                var clock = System.Diagnostics.Stopwatch.StartNew();
                IPage? opened;
                while (!_opened.TryDequeue(out opened) || opened.IsClosed)
                {
                    if (clock.Elapsed >= timeout)
                    {
                        throw new TargetNotFoundException($"no new window or tab opened within {timeout.TotalSeconds:0.#}s");
                    }

                    await Task.Delay(s_poll, cancellationToken);
                }

                await opened.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
                _page = opened;
                break;
            case "close":
                if (_page != _main)
                {
                    await _page.CloseAsync();
                }

                _page = _main;
                break;
            default:
                _page = _main;
                break;
        }

        _frame = _page.MainFrame;
    }

    public void ExpectDialog(DialogAnswer answer)
    {
        _dialogAnswered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _dialogAnswer = answer;
    }

    public async Task<string?> TakeDialogAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var answered = _dialogAnswered.Task;
        await Task.WhenAny(answered, Task.Delay(wait, cancellationToken));
        _dialogAnswer = null;
        return answered.IsCompletedSuccessfully ? answered.Result : null;
    }

    public Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Contains("top"))
        {
            _frame = _page.MainFrame;
            return Task.CompletedTask;
        }

        _frame = _page.Frames.FirstOrDefault(f => names.Contains(f.Name) && f.Name.Length > 0)
            ?? throw new TargetNotFoundException($"no frame named {string.Join(" | ", names)}");
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sets the file on a file input, or clicks the control and answers the file chooser it opens; the bytes go to the
    /// browser from memory, never through a file on disk.
    /// </summary>
    public async Task<int> UploadAsync(IReadOnlyList<Target> targets, MaterialPayload file, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (locator, index) = await ResolveAsync(targets, timeout, cancellationToken);
        var payload = new FilePayload { Name = file.FileName, MimeType = file.MediaType, Buffer = file.Content };
        if (await locator.EvaluateAsync<bool>("el => el.tagName === 'INPUT' && el.type === 'file'"))
        {
            await locator.SetInputFilesAsync(payload, new LocatorSetInputFilesOptions { Timeout = (float)_actionTimeout.TotalMilliseconds });
            return index;
        }

        var chooser = await _page.RunAndWaitForFileChooserAsync(
            () => locator.ClickAsync(new LocatorClickOptions { Timeout = (float)_actionTimeout.TotalMilliseconds }),
            new PageRunAndWaitForFileChooserOptions { Timeout = (float)_actionTimeout.TotalMilliseconds });
        await chooser.SetFilesAsync(payload);
        return index;
    }

    public async Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (ending.Url is not { } url)
        {
            // A web page does not close itself after a submit; "closed" is a desktop ending.
            return _page.IsClosed;
        }

        try
        {
            await _page.WaitForURLAsync(address => address.Contains(url, StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = (float)timeout.TotalMilliseconds, WaitUntil = WaitUntilState.Commit });
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        // One look at the page for anything a rule below would act on; the rules look one by one only when something shows.
        var quiet = !await ShowsAnyAsync(_frame, _troubleTargets);
        foreach (var rule in quiet ? Enumerable.Empty<DismissRule>() : _system.Dismiss)
        {
            if (await TryResolveAsync(rule.When, TimeSpan.Zero, cancellationToken) is not null)
            {
                var button = await TryResolveAsync(rule.Click, TimeSpan.FromSeconds(2), cancellationToken);
                if (button is { } b)
                {
                    await b.Locator.ClickAsync();
                }
            }
        }

        var status = _lastDocumentStatus;
        if (status is >= 500)
        {
            _lastDocumentStatus = null;
            throw await ServerErrorAsync(status.Value);
        }

        if (_unexpectedDialogs.TryDequeue(out var dialog))
        {
            _unexpectedDialogs.Clear();
            throw new NeedsPersonException($"页面弹出了脚本未预期的对话框：{dialog} / the page showed a dialog the script does not expect: {dialog}");
        }

        if (LoggingIn)
        {
            return;
        }

        if (await ShowsLoginAsync(cancellationToken) is { } why)
        {
            throw new SessionExpiredException($"登录已失效 / the session has expired ({why})");
        }

        if (!quiet && _system.BusinessError.Count > 0 && await TryResolveAsync(_system.BusinessError, TimeSpan.Zero, cancellationToken) is { } alert)
        {
            var message = (await alert.Locator.InnerTextAsync()).Trim();
            if (message.Length > 0)
            {
                // An error page's message is trouble, not a refusal, even when its status has not been reported yet
                // (the answer to a form inside an iframe can show before its response event arrives).
                if (await DisplayedStatusAsync() is { } shown and >= 500)
                {
                    throw await ServerErrorAsync(shown);
                }

                throw _system.Refusal(message);
            }
        }
    }

    /// <summary>
    /// Whether the page shows the system's login: the address (loggedOutUrlContains) or the page's content
    /// (loggedOutWhenVisible, for a system that keeps the address when the session ends). Says how it was seen, or null.
    /// </summary>
    public async Task<string?> ShowsLoginAsync(CancellationToken cancellationToken)
    {
        if (_system.LoggedOutUrlContains is { } loggedOut && _page.Url.Contains(loggedOut, StringComparison.Ordinal))
        {
            return _page.Url;
        }

        if (_system.LoggedOutWhenVisible.Count > 0 && await TryResolveInAsync(_page.MainFrame, _system.LoggedOutWhenVisible, cancellationToken) is { } shown)
        {
            return $"{_page.Url} shows {_system.LoggedOutWhenVisible[shown]}";
        }

        return null;
    }

    /// <summary>The text of the first visible target, or null (e.g. the login page's message).</summary>
    public async Task<string?> VisibleTextAsync(IReadOnlyList<Target> targets, CancellationToken cancellationToken) =>
        targets.Count > 0 && await TryResolveAsync(targets, TimeSpan.Zero, cancellationToken) is { } hit ? (await hit.Locator.InnerTextAsync()).Trim() : null;

    private async Task<(ILocator Locator, int Index)> ResolveAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) =>
        await TryResolveAsync(targets, timeout, cancellationToken)
        ?? throw new TargetNotFoundException($"none of [{string.Join(" | ", targets)}] found within {timeout.TotalSeconds:0.#}s on {_page.Url}");

    /// <summary>Polls the targets in order until one is visible; the earliest in the list wins.</summary>
    private async Task<(ILocator Locator, int Index)?> TryResolveAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < targets.Count; i++)
            {
                if (await VisibleAsync(targets[i]) is { } locator)
                {
                    // An earlier target may have appeared while the later ones were looked at: only a fallback that
                    // still wins when the earlier ones are looked at again is selector drift.
                    for (var earlier = 0; earlier < i; earlier++)
                    {
                        if (await VisibleAsync(targets[earlier]) is { } first)
                        {
                            return (first, earlier);
                        }
                    }

                    return (locator, i);
                }
            }

            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            await WaitForAnyAsync(targets, remaining, cancellationToken);
        }
    }

    /// <summary>
    /// Waits inside the page until an element of any target is visible (the browser watches the page; no polling from
    /// here), at most <paramref name="wait"/> and a second at a time, so cancellation is seen. The caller then looks
    /// target by target, so the earliest target still wins.
    /// </summary>
    private async Task WaitForAnyAsync(IReadOnlyList<Target> targets, TimeSpan wait, CancellationToken cancellationToken)
    {
        var chunk = wait < s_waitChunk ? wait : s_waitChunk;
        try
        {
            await AnyOf(_frame, targets).Filter(new LocatorFilterOptions { Visible = true }).First
                .WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = Math.Max(1, (float)chunk.TotalMilliseconds) });
        }
        catch (TimeoutException)
        {
            // Not yet: the caller looks once more and decides by its own clock.
        }
        catch (PlaywrightException)
        {
            // The frame navigated or went away under the wait; look again shortly.
            await Task.Delay(s_poll, cancellationToken);
        }
    }

    /// <summary>
    /// Whether any element any of <paramref name="targets"/> matches is visible, in one round trip to the page. It holds
    /// whenever one of them would resolve (a target resolves by its first match being visible), so "false" lets the
    /// target-by-target look be skipped without missing anything; a page that navigates meanwhile answers "true".
    /// </summary>
    private static async Task<bool> ShowsAnyAsync(IFrame frame, IReadOnlyList<Target> targets)
    {
        if (targets.Count == 0)
        {
            return false;
        }

        try
        {
            return await AnyOf(frame, targets).Filter(new LocatorFilterOptions { Visible = true }).CountAsync() > 0;
        }
        catch (PlaywrightException)
        {
            return true;
        }
    }

    /// <summary>One locator matching what any of <paramref name="targets"/> matches.</summary>
    private static ILocator AnyOf(IFrame frame, IReadOnlyList<Target> targets) =>
        targets.Select(target => Locate(frame, target)).Aggregate((all, next) => all.Or(next));

    private async Task<ILocator?> VisibleAsync(Target target)
    {
        var locator = Locate(_frame, target).First;
        try
        {
            return await locator.IsVisibleAsync() ? locator : null;
        }
        catch (PlaywrightException)
        {
            // The page navigated under us; look again.
            return null;
        }
    }

    private static ILocator Locate(IFrame frame, Target target)
    {
        if (target.Pattern is not { } pattern)
        {
            return LocateBySelector(frame, target);
        }

        var regex = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        var selectors = new[] { target.Css, target.Label, target.Role, target.TestId, target.Text, target.ValueAfterLabel, target.Row };
        if (selectors.Any(s => s is not null))
        {
            return LocateBySelector(frame, target).Filter(new LocatorFilterOptions { HasTextRegex = regex });
        }

        return target.Within is { } within
            ? Locate(frame, within).GetByText(regex)
            : frame.GetByText(regex);
    }

    private static ILocator LocateBySelector(IFrame frame, Target target)
    {
        ILocator? scope = target.Within is { } within ? Locate(frame, within) : null;
        if (target.Row is not null)
        {
            scope = RowLocator(frame, scope, target);
            if (target.Css is null && target.Label is null && target.Role is null && target.TestId is null && target.ValueAfterLabel is null && target.Text is null)
            {
                return scope;
            }
        }

        if (target.Css is { } css)
        {
            return scope?.Locator(css) ?? frame.Locator(css);
        }

        if (target.Label is { } label)
        {
            return scope?.GetByLabel(label, new LocatorGetByLabelOptions { Exact = target.Exact }) ?? frame.GetByLabel(label, new FrameGetByLabelOptions { Exact = target.Exact });
        }

        if (target.Role is { } role)
        {
            var aria = Enum.Parse<AriaRole>(role, ignoreCase: true);
            return scope?.GetByRole(aria, new LocatorGetByRoleOptions { Name = target.Name, Exact = target.Exact })
                ?? frame.GetByRole(aria, new FrameGetByRoleOptions { Name = target.Name, Exact = target.Exact });
        }

        if (target.TestId is { } testId)
        {
            return scope?.GetByTestId(testId) ?? frame.GetByTestId(testId);
        }

        if (target.ValueAfterLabel is { } after)
        {
            var xpath = $"xpath=//*[normalize-space(.)='{after}']/following-sibling::*[1]";
            return scope?.Locator(xpath) ?? frame.Locator(xpath);
        }

        var text = target.Text ?? throw new NeedsPersonException($"target {target} names no web selector");
        return scope?.GetByText(text, new LocatorGetByTextOptions { Exact = target.Exact }) ?? frame.GetByText(text, new FrameGetByTextOptions { Exact = target.Exact });
    }

    /// <summary>Follows a page's document status, console errors and native dialogs.</summary>
    private void Watch(IPage page)
    {
        page.Response += (_, response) =>
        {
            // The page's own document, or the frame the script works in (a form inside an iframe answers there).
            if (response.Request.IsNavigationRequest && response.Frame.Page == _page && (response.Frame == _page.MainFrame || response.Frame == _frame))
            {
                _lastDocumentStatus = response.Status;
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                ConsoleErrors.Add(message.Text);
            }
        };
        page.Dialog += (_, dialog) => _ = AnswerAsync(dialog);
    }

    /// <summary>
    /// Answers a native dialog as the step said (accept with the prompt's text, or dismiss); a dialog no step expects is
    /// dismissed (a page that is being left is let go) and reported by the next health check.
    /// </summary>
    private async Task AnswerAsync(IDialog dialog)
    {
        try
        {
            if (Interlocked.Exchange(ref _dialogAnswer, null) is { } answer)
            {
                await (answer.Accept ? dialog.AcceptAsync(answer.PromptText ?? dialog.DefaultValue) : dialog.DismissAsync());
                _dialogAnswered.TrySetResult(dialog.Message);
            }
            else if (dialog.Type == DialogType.BeforeUnload)
            {
                await dialog.AcceptAsync();
            }
            else
            {
                _unexpectedDialogs.Enqueue(dialog.Message);
                await dialog.DismissAsync();
            }
        }
        catch (PlaywrightException)
        {
            // The page closed while the dialog showed.
        }
    }

    /// <summary>Whether one of the targets shows in a frame now; its index, or null.</summary>
    private static async Task<int?> TryResolveInAsync(IFrame frame, List<Target> targets, CancellationToken cancellationToken)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await Locate(frame, targets[i]).First.IsVisibleAsync())
                {
                    return i;
                }
            }
            catch (PlaywrightException)
            {
                // The page navigated under us.
            }
        }

        return null;
    }

    /// <summary>
    /// The table row whose cell holds the target's row text (innermost, for legacy pages that nest tables), or that row's
    /// cell when the target names one.
    /// </summary>
    private static ILocator RowLocator(IFrame frame, ILocator? scope, Target target)
    {
        var literal = XPathLiteral(target.Row!);
        var holds = target.Exact ? $"normalize-space(.)={literal}" : $"contains(normalize-space(.), {literal})";
        var xpath = $"xpath=.//tr[(td|th)[{holds}] and not(.//tr[(td|th)[{holds}]])]";
        var row = scope?.Locator(xpath) ?? frame.Locator(xpath);
        return target.Cell is { } cell ? row.Locator($"xpath=./*[self::td or self::th][{cell}]") : row;
    }

    /// <summary>A text as an XPath string literal (XPath 1.0 has no escapes: quotes are joined with concat).</summary>
    private static string XPathLiteral(string text) =>
        !text.Contains('\'', StringComparison.Ordinal) ? $"'{text}'"
        : !text.Contains('"', StringComparison.Ordinal) ? $"\"{text}\""
        : "concat('" + text.Replace("'", "', \"'\", '", StringComparison.Ordinal) + "')";

    private async Task<TransientBotException> ServerErrorAsync(int status)
    {
        var body = await SafeTextAsync();
        return status == 503
            ? new TransientBotException($"系统暂停服务（HTTP 503）/ system unavailable: {Shorten(body)}")
            : new TransientBotException($"系统繁忙（HTTP {status}）/ server error: {Shorten(body)}");
    }

    /// <summary>The HTTP status of the document the script's frame shows (Navigation Timing), or null when unknown.</summary>
    private async Task<int?> DisplayedStatusAsync()
    {
        try
        {
            var status = await _frame.EvaluateAsync<int>("() => performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0");
            return status > 0 ? status : null;
        }
        catch (PlaywrightException)
        {
            return null;
        }
    }

    private async Task<string> SafeTextAsync()
    {
        // The frame the script works in shows the error when its form was answered there.
        try
        {
            return await _frame.InnerTextAsync("body", new FrameInnerTextOptions { Timeout = 2000 });
        }
        catch (PlaywrightException)
        {
        }

        try
        {
            return await _page.InnerTextAsync("body", new PageInnerTextOptions { Timeout = 2000 });
        }
        catch (PlaywrightException)
        {
            return string.Empty;
        }
    }

    private static string Shorten(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length > 200 ? flat[..200] : flat;
    }
}

/// <summary>The department system sent the bot back to its login page: log in again and retry.</summary>
public sealed class SessionExpiredException(string message) : BotFailureException(RpaRunner.Workflows.Engine.FailureClass.Transient, message);
