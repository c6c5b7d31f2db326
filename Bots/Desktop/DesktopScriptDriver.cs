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
/// maintenance) retry, any other text is a business refusal.
/// </summary>
public sealed class DesktopScriptDriver(
    IDesktopAutomation automation,
    string windowName,
    SystemScript system,
    DesktopDriverLog log,
    TimeSpan settleAfterAction) : IScriptDriver
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(150);
    private IDesktopElement? _window;

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
