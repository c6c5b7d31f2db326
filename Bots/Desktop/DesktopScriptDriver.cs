using System.Diagnostics;
using System.Text.RegularExpressions;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Desktop;

/// <summary>
/// Drives one desktop window for a bot script. Before every step it checks the session (display, accessibility
/// bus, the window present and answering) and fails the step transiently with the reason when it is not usable —
/// the desktop's locked RDP session. Targets use automationId, name, label (the name, or a labelled-by relation), role,
/// text, pattern, index and path, with within for ancestry; after every step the system's error element is read: transient texts (server errors,
/// maintenance) retry, any other text is a business refusal. Materials go through the application's own file dialog from a
/// private folder that lives as long as the driver: an old client reads the chosen file when the form is submitted, not when
/// it is chosen, so the file must outlast the upload step; disposing the driver deletes it.
/// </summary>
public sealed class DesktopScriptDriver(
    IDesktopAutomation automation,
    string windowName,
    SystemScript system,
    DesktopDriverLog log,
    TimeSpan settleAfterAction) : IScriptDriver, IDisposable
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(150);
    private static readonly string[] s_confirmNames = ["打开", "打开(_O)", "_Open", "Open", "确定", "OK", "选择", "Select"];
    private static readonly string[] s_cancelNames = ["取消", "取消(_C)", "_Cancel", "Cancel"];
    private IDesktopElement? _window;
    private DirectoryInfo? _uploads;

    /// <summary>The window as last found (for evidence).</summary>
    public IDesktopElement? Window => _window;

    public Task GotoAsync(string address, CancellationToken cancellationToken) =>
        throw new NeedsPersonException($"脚本错误 / 'goto {address}' is a web verb; a desktop script acts inside its window");

    public Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken) =>
        throw new NeedsPersonException("脚本错误 / 'frame' is a web verb; desktop scripts use 'within' for containers");

    public async Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (element, index) = await ResolveInteractiveAsync(targets, timeout, cancellationToken);
        await ActAsync(element, () => element.SetValueAsync(value, cancellationToken));
        log.Add($"fill {element.Path} ({value.Length} characters)");
        return index;
    }

    public async Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (element, index) = await ResolveInteractiveAsync(targets, timeout, cancellationToken);
        await ActAsync(element, () => element.SelectAsync(value, timeout, cancellationToken));
        log.Add($"select \"{value}\" in {element.Path}");
        return index;
    }

    public Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) =>
        FillAsync(targets, value, timeout, cancellationToken);

    public async Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (element, index) = await ResolveInteractiveAsync(targets, timeout, cancellationToken);
        await ActAsync(element, () => element.SetToggleStateAsync(true, timeout, cancellationToken));
        log.Add($"check {element.Path}");
        return index;
    }

    public async Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (element, index) = await ResolveInteractiveAsync(targets, timeout, cancellationToken);
        await ActAsync(element, () => element.InvokeAsync(cancellationToken));
        log.Add($"click {element.Path}");
        await Task.Delay(settleAfterAction, cancellationToken);
        return index;
    }

    public async Task<int> PressAsync(IReadOnlyList<Target>? targets, string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var index = 0;
        IDesktopElement? element = null;
        if (targets is { Count: > 0 })
        {
            (element, index) = await ResolveInteractiveAsync(targets, timeout, cancellationToken);
            await ActAsync(element, () => element.FocusAsync(cancellationToken));
        }
        else
        {
            element = await EnsureSessionAsync(cancellationToken);
        }

        await ActAsync(element, () => automation.PressKeyAsync(key, cancellationToken));
        log.Add($"press {key}{(targets is { Count: > 0 } ? $" in {element.Path}" : string.Empty)}");
        await Task.Delay(settleAfterAction, cancellationToken);
        return index;
    }

    /// <summary>
    /// Uploads as a person does at an old client: writes the material into the driver's private folder under a name made
    /// of the material's id (no applicant's name reaches the dialog, the client or a log), clicks the target that opens
    /// the file dialog, types the file's path into the dialog's location field (GTK opens it on "/"), confirms with
    /// 打开/Open, and checks that the client now shows the chosen file's name. Each way this can go wrong goes to a
    /// person with its own message; the dialog is left open for the screenshot and closed at the next upload.
    /// </summary>
    public async Task<int> UploadAsync(IReadOnlyList<Target> targets, MaterialPayload file, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await EnsureSessionAsync(cancellationToken);
        await CloseLeftoverFileDialogAsync(cancellationToken);
        var (opener, index) = await ResolveInteractiveAsync(targets, timeout, cancellationToken);
        var path = await WriteUploadAsync(file, cancellationToken);
        var fileName = System.IO.Path.GetFileName(path);

        await ActAsync(opener, () => opener.InvokeAsync(cancellationToken));
        log.Add($"upload {file.MaterialId}: click {opener.Path}");
        var dialog = await WaitForFileDialogAsync(open: true, timeout, cancellationToken)
            ?? throw new NeedsPersonException(
                $"点击「{opener.Name}」后文件选择对话框未打开，请人工上传「{file.Name}」/ the file dialog did not open within {timeout.TotalSeconds:0.#}s "
                + $"after clicking {opener.Path}; a person must upload {file.MaterialId}");
        log.Add($"file dialog {dialog.Path} is open");

        var location = await LocationFieldAsync(dialog, timeout, cancellationToken);
        await ActAsync(location, () => location.SetValueAsync(path, cancellationToken));
        var confirm = await FindButtonAsync(dialog, s_confirmNames, cancellationToken);
        if (confirm is not null)
        {
            await ActAsync(confirm, () => confirm.InvokeAsync(cancellationToken));
        }
        else
        {
            await ActAsync(location, () => location.FocusAsync(cancellationToken));
            await ActAsync(location, () => automation.PressKeyAsync("Enter", cancellationToken));
        }

        log.Add($"upload {file.MaterialId}: entered the file's path in {location.Path}, confirmed with {confirm?.Path ?? "Enter"}");
        if (await WaitForFileDialogAsync(open: false, timeout, cancellationToken) is not null)
        {
            throw new NeedsPersonException(
                $"文件选择对话框未接受所选文件，请人工上传「{file.Name}」/ the file dialog did not take the file within {timeout.TotalSeconds:0.#}s "
                + $"(it is still open: {dialog.Path}); a person must upload {file.MaterialId}");
        }

        // The client names the chosen file somewhere in its window; until it does, the file is not attached.
        var shown = new ElementSelector { Text = fileName, Exact = false };
        var clock = Stopwatch.StartNew();
        IDesktopElement? where;
        while ((where = await (await EnsureSessionAsync(cancellationToken)).FindFirstAsync(shown, cancellationToken)) is null)
        {
            if (clock.Elapsed >= timeout)
            {
                throw new NeedsPersonException(
                    $"文件已选择，但「{windowName}」未显示所选文件，请人工核对并上传「{file.Name}」/ the file dialog closed but the window does not show "
                    + $"the chosen file within {timeout.TotalSeconds:0.#}s; a person must check and upload {file.MaterialId}");
            }

            await Task.Delay(s_poll, cancellationToken);
        }

        log.Add($"upload {file.MaterialId}: {where.Path} shows the chosen file");
        await Task.Delay(settleAfterAction, cancellationToken);
        return index;
    }

    /// <summary>Deletes the files written for uploads.</summary>
    public void Dispose()
    {
        if (_uploads is { } folder)
        {
            _uploads = null;
            try
            {
                folder.Delete(recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                log.Add($"the upload folder could not be deleted: {ex.Message}");
            }
        }
    }

    public async Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await EnsureSessionAsync(cancellationToken);
        var found = await TryResolveAsync(targets, timeout, cancellationToken);
        log.Add(found is { } f ? $"waitFor found {f.Element.Path}" : $"waitFor: none of [{string.Join(" | ", targets)}] within {timeout.TotalSeconds:0.#}s");
        return found?.Index ?? -1;
    }

    public async Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await EnsureSessionAsync(cancellationToken);
        if (await TryResolveAsync(targets, timeout, cancellationToken) is not { } hit)
        {
            return (null, -1);
        }

        var text = await hit.Element.GetTextAsync(cancellationToken);
        log.Add($"read {hit.Element.Path} ({text.Length} characters)");
        return (text, hit.Index);
    }

    public async Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!ending.Closed)
        {
            log.Add($"ending {ending}: a desktop window has no address");
            return false;
        }

        // Only a window that is gone while the session answers has closed: an application that does not answer (busy
        // storing the record, or hung) is not a closed window, and neither is a session that is down.
        var waited = Stopwatch.StartNew();
        while (await automation.CheckHealthAsync(windowName, cancellationToken) is not { WindowGone: true })
        {
            if (waited.Elapsed >= timeout)
            {
                log.Add($"the window \"{windowName}\" did not close within {timeout.TotalSeconds:0.#}s");
                return false;
            }

            await Task.Delay(s_poll, cancellationToken);
        }

        _window = null;
        log.Add($"the window \"{windowName}\" closed, as the commit step expects");
        return true;
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        await EnsureSessionAsync(cancellationToken);
        foreach (var rule in system.Dismiss)
        {
            if (await TryResolveAsync(rule.When, TimeSpan.Zero, cancellationToken) is not null
                && await TryResolveAsync(rule.Click, TimeSpan.FromSeconds(2), cancellationToken) is { } button)
            {
                await button.Element.InvokeAsync(cancellationToken);
                log.Add($"dismissed {button.Element.Path}");
                await Task.Delay(settleAfterAction, cancellationToken);
            }
        }

        if (system.BusinessError.Count == 0 || await TryResolveAsync(system.BusinessError, TimeSpan.Zero, cancellationToken) is not { } alert)
        {
            return;
        }

        var message = (await alert.Element.GetTextAsync(cancellationToken)).Trim();
        if (message.Length == 0)
        {
            return;
        }

        log.Add($"{alert.Element.Path} shows: {message}");
        if (system.TransientErrors.Any(p => Regex.IsMatch(message, p, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
        {
            throw new TransientBotException($"系统暂时不可用 / {system.System} is unavailable: {message}");
        }

        throw system.Refusal(message);
    }

    /// <summary>The session check before each step: display, accessibility bus, the window present and answering.</summary>
    public async Task<IDesktopElement> EnsureSessionAsync(CancellationToken cancellationToken)
    {
        var health = await automation.CheckHealthAsync(windowName, cancellationToken);
        if (!health.Healthy)
        {
            log.Add($"session check failed: {health.Problem}");
            throw new TransientBotException(health.Problem!);
        }

        _window = await automation.FindWindowAsync(windowName, cancellationToken)
            ?? throw new TransientBotException($"应用窗口不存在 / the window \"{windowName}\" closed");
        return _window;
    }

    /// <summary>A script target as a driver selector; web-only targets (css, testId, …) resolve to nothing here.</summary>
    public static ElementSelector? ToSelector(Target target)
    {
        if (target.AutomationId is null && target.Name is null && target.Label is null && target.Role is null && target.Text is null && target.Pattern is null && target.Path is null)
        {
            return null;
        }

        ElementSelector? within = null;
        if (target.Within is { } w && (within = ToSelector(w)) is null)
        {
            return null;
        }

        return new ElementSelector
        {
            AutomationId = target.AutomationId,
            Name = target.Name,
            Label = target.Label,
            Index = target.Index,
            Path = target.Path,
            Role = target.Role,
            Text = target.Text,
            TextPattern = target.Pattern,
            Exact = target.Exact,
            Within = within,
        };
    }

    private async Task<(IDesktopElement Element, int Index)> ResolveInteractiveAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await EnsureSessionAsync(cancellationToken);
        var clock = Stopwatch.StartNew();
        var hit = await TryResolveAsync(targets, timeout, cancellationToken) ?? throw await NotFoundAsync(targets, timeout, cancellationToken);

        // Like a person, wait while the widget is greyed out (GTK clears "sensitive" while the window is busy).
        while (!(await hit.Element.GetStatesAsync(cancellationToken)).IsInteractive)
        {
            if (clock.Elapsed >= timeout)
            {
                throw new TargetNotFoundException($"{hit.Element.Path} stayed disabled for {timeout.TotalSeconds:0.#}s ({await hit.Element.GetStatesAsync(cancellationToken)})");
            }

            await Task.Delay(s_poll, cancellationToken);
            hit = await TryResolveAsync(targets, TimeSpan.Zero, cancellationToken) ?? hit;
        }

        return hit;
    }

    /// <summary>Polls the targets in order until one resolves; the earliest in the list wins.</summary>
    private async Task<(IDesktopElement Element, int Index)?> TryResolveAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var window = _window ?? await EnsureSessionAsync(cancellationToken);
        var selectors = targets.Select(ToSelector).ToList();
        if (selectors.All(s => s is null))
        {
            throw new NeedsPersonException($"脚本错误 / none of [{string.Join(" | ", targets)}] names a desktop selector (automationId, name, label, role, text, pattern, path)");
        }

        var clock = Stopwatch.StartNew();
        while (true)
        {
            for (var i = 0; i < selectors.Count; i++)
            {
                if (selectors[i] is { } selector && await window.FindFirstAsync(selector, cancellationToken) is { } element)
                {
                    // Only a fallback that still wins when the earlier targets are looked at again is selector drift.
                    for (var earlier = 0; earlier < i; earlier++)
                    {
                        if (selectors[earlier] is { } first && await window.FindFirstAsync(first, cancellationToken) is { } found)
                        {
                            return (found, earlier);
                        }
                    }

                    return (element, i);
                }
            }

            if (clock.Elapsed >= timeout)
            {
                return null;
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    /// <summary>
    /// The material's bytes in the driver's private folder (created readable by this user only), named by the material's id
    /// and the extension of its type: the path appears in the dialog, the client and the driver's log, the applicant's
    /// file name in none of them.
    /// </summary>
    private async Task<string> WriteUploadAsync(MaterialPayload file, CancellationToken cancellationToken)
    {
        _uploads ??= Directory.CreateTempSubdirectory("rpa-upload-");
        var extension = System.IO.Path.GetExtension(file.FileName) is { Length: > 1 and <= 6 } e && e[1..].All(char.IsAsciiLetterOrDigit)
            ? e.ToLowerInvariant()
            : file.MediaType switch { "application/pdf" => ".pdf", "image/jpeg" => ".jpg", "image/png" => ".png", _ => string.Empty };
        var stem = string.Concat(file.MaterialId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        var path = System.IO.Path.Combine(_uploads.FullName, stem + extension);
        await File.WriteAllBytesAsync(path, file.Content, cancellationToken);
        return path;
    }

    /// <summary>Waits until the application's file dialog is open (<paramref name="open"/>) or gone; the dialog when open, null when gone or not opened in time.</summary>
    private async Task<IDesktopElement?> WaitForFileDialogAsync(bool open, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var dialog = await FileDialogAsync(cancellationToken);
            if ((dialog is not null) == open || clock.Elapsed >= timeout)
            {
                return dialog;
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    private async Task<IDesktopElement?> FileDialogAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await automation.FindFileDialogAsync(windowName, cancellationToken);
        }
        catch (ElementUnavailableException ex)
        {
            throw new TransientBotException($"应用程序无响应 / {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The dialog's location field: a text field already showing (a dialog in location mode, a save dialog's name), else the
    /// one GTK opens when "/" is typed into the file list.
    /// </summary>
    private async Task<IDesktopElement> LocationFieldAsync(IDesktopElement dialog, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var typed = false;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var field in await dialog.FindAllAsync(new ElementSelector { Role = "text" }, cancellationToken))
            {
                var states = await field.GetStatesAsync(cancellationToken);
                if (states.IsShowing && states.IsEditable && states.IsInteractive)
                {
                    return field;
                }
            }

            if (!typed)
            {
                var list = await dialog.FindFirstAsync(new ElementSelector { Role = "table" }, cancellationToken) ?? dialog;
                await ActAsync(list, () => list.FocusAsync(cancellationToken));
                await ActAsync(list, () => automation.PressKeyAsync("/", cancellationToken));
                typed = true;
            }
            else if (clock.Elapsed >= timeout)
            {
                throw new NeedsPersonException(
                    $"文件选择对话框中找不到位置输入框 / the file dialog {dialog.Path} shows no location field to type the path into (typing \"/\" did not open one within {timeout.TotalSeconds:0.#}s)");
            }

            await Task.Delay(s_poll, cancellationToken);
        }
    }

    private static async Task<IDesktopElement?> FindButtonAsync(IDesktopElement dialog, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            if (await dialog.FindFirstAsync(new ElementSelector { Role = "Button", Name = name }, cancellationToken) is { } button
                && (await button.GetStatesAsync(cancellationToken)).IsShowing)
            {
                return button;
            }
        }

        return null;
    }

    /// <summary>A file dialog an earlier, failed attempt left open (for its screenshot) is cancelled before this upload.</summary>
    private async Task CloseLeftoverFileDialogAsync(CancellationToken cancellationToken)
    {
        if (await FileDialogAsync(cancellationToken) is not { } leftover)
        {
            return;
        }

        if (await FindButtonAsync(leftover, s_cancelNames, cancellationToken) is { } cancel)
        {
            await ActAsync(cancel, () => cancel.InvokeAsync(cancellationToken));
        }
        else
        {
            await ActAsync(leftover, () => leftover.FocusAsync(cancellationToken));
            await ActAsync(leftover, () => automation.PressKeyAsync("Escape", cancellationToken));
        }

        log.Add($"closed the file dialog {leftover.Path} an earlier attempt left open");
        if (await WaitForFileDialogAsync(open: false, TimeSpan.FromSeconds(5), cancellationToken) is not null)
        {
            throw new NeedsPersonException($"文件选择对话框无法关闭 / the file dialog {leftover.Path} left open by an earlier attempt does not close");
        }
    }

    private async Task<TargetNotFoundException> NotFoundAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var there = string.Empty;
        if (_window is { } window && ToSelector(targets[0]) is { Role: { } role })
        {
            var same = await window.FindAllAsync(new ElementSelector { Role = role }, cancellationToken);
            there = $"; {role} elements there: {string.Join(", ", same.Select(e => e.Name.Length > 0 ? e.Name : e.Path))}";
        }

        return new TargetNotFoundException($"none of [{string.Join(" | ", targets)}] found within {timeout.TotalSeconds:0.#}s in \"{windowName}\"{there}");
    }

    private async Task ActAsync(IDesktopElement element, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (ElementUnavailableException ex)
        {
            log.Add($"{element.Path}: {ex.Message}");
            throw new TransientBotException($"应用程序无响应 / {ex.Message}", ex);
        }
        catch (DesktopAutomationException ex)
        {
            log.Add($"{element.Path}: {ex.Message}");
            throw new NeedsPersonException($"窗口操作失败 / {ex.Message}");
        }
    }
}
