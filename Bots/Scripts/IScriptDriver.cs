using RpaRunner.Bots.Runtime;

namespace RpaRunner.Bots.Scripts;

/// <summary>
/// What a bot script needs from the thing it drives: a browser page (Bots/Web) or a desktop window through
/// the accessibility layer (Bots/Desktop). Element verbs take ordered fallbacks and return which one was used.
/// </summary>
public interface IScriptDriver
{
    Task GotoAsync(string address, CancellationToken cancellationToken);

    Task<int> FillAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Types a person's answer (an SMS code, a PIN): as <see cref="FillAsync"/>, but kept out of what the attempt records.</summary>
    Task<int> FillSecretAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken) =>
        FillAsync(targets, value, timeout, cancellationToken);

    Task<int> SelectAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken);

    Task<int> SetDateAsync(IReadOnlyList<Target> targets, string value, TimeSpan timeout, CancellationToken cancellationToken);

    Task<int> CheckAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken);

    Task<int> ClickAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Waits until one of the targets is visible; returns its index, or -1 when none appeared in time.</summary>
    Task<int> WaitForAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The text of the first target that resolves (for outputs and expectations), and which one it was.</summary>
    Task<(string? Text, int Index)> ReadAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken);

    Task FrameAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>Hands a file to the element: a file input, or a control that opens the file chooser. A driver that cannot upload says so.</summary>
    Task<int> UploadAsync(IReadOnlyList<Target> targets, MaterialPayload file, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NeedsPersonException($"此类系统的机器人不能上传文件，请人工上传「{file.Name}」/ this kind of bot cannot upload files; a person must upload {file.MaterialId}");

    /// <summary>Selects the option whose visible text is <paramref name="text"/> (a driver whose lists show only texts selects the same way as by code).</summary>
    Task<int> SelectTextAsync(IReadOnlyList<Target> targets, string text, TimeSpan timeout, CancellationToken cancellationToken) =>
        SelectAsync(targets, text, timeout, cancellationToken);

    /// <summary>Switches into the frame whose element is the first target that resolves.</summary>
    Task<int> EnterFrameAsync(IReadOnlyList<Target> frames, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NeedsPersonException("脚本错误：此类系统没有框架 / 'frame' is a web verb; this bot has no frames");

    /// <summary>Presses a key (Playwright key names: "Enter", "Tab", "Control+A") on the first target that resolves, or where the focus is.</summary>
    Task<int> PressAsync(IReadOnlyList<Target>? targets, string key, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NeedsPersonException($"脚本错误：此类系统的机器人不能按键 / this bot cannot press keys ({key})");

    /// <summary>Pop-ups and tabs: "new" waits for the window the page opened and works there; "main" goes back to the first page; "close" closes this one and goes back.</summary>
    Task SwitchTabAsync(string which, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NeedsPersonException($"脚本错误：此类系统没有标签页 / 'tab {which}' is a web verb");

    /// <summary>How to answer the next native dialog (alert, confirm, prompt); the driver remembers what it said.</summary>
    void ExpectDialog(DialogAnswer answer) =>
        throw new NeedsPersonException("脚本错误：此类系统没有网页对话框 / 'dialog' is a web step option; a desktop dialog is a window");

    /// <summary>The text of the dialog answered since <see cref="ExpectDialog"/>, waiting up to <paramref name="wait"/>; null when none came.</summary>
    Task<string?> TakeDialogAsync(TimeSpan wait, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>A PNG of the first target that resolves (the captcha picture, the region asking for a code), for a person to read (ADR 0028).</summary>
    Task<(byte[] Png, int Index)> CaptureAsync(IReadOnlyList<Target> targets, TimeSpan timeout, CancellationToken cancellationToken) =>
        throw new NeedsPersonException("脚本错误：此类系统的机器人不能截取区域请人作答 / this bot cannot show a region of its window to a person (ask)");

    /// <summary>Waits for the commit step's expected ending (the window closed, the address reached); false when it did not come in time.</summary>
    Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>After every step: closes pop-ups and throws the right failure when the system shows trouble.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}

/// <summary>How a script answers a native dialog: accept (typing <see cref="PromptText"/> into a prompt), or dismiss.</summary>
public sealed record DialogAnswer(bool Accept, string? PromptText = null);

/// <summary>
/// No target resolved within the time (<see cref="Missing"/>), or one did but does not show what the script expects (an
/// expect's text, the commit's ending): the page is not what the script expects.
/// </summary>
public sealed class TargetNotFoundException(string message, bool missing = true) : Exception(message)
{
    public bool Missing => missing;
}
