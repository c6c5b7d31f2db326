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

    /// <summary>Waits for the commit step's expected ending (the window closed, the address reached); false when it did not come in time.</summary>
    Task<bool> WaitForEndingAsync(CommitEnding ending, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>After every step: closes pop-ups and throws the right failure when the system shows trouble.</summary>
    Task CheckHealthAsync(CancellationToken cancellationToken);
}

/// <summary>No target resolved within the time: the page is not what the script expects.</summary>
public sealed class TargetNotFoundException(string message) : Exception(message);
