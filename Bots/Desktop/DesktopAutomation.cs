using System.Globalization;
using System.Text;

namespace RpaRunner.Bots.Desktop;

/// <summary>
/// A desktop session's accessibility layer, shaped like UI Automation as FlaUI exposes it: find windows and the
/// elements inside them by automation id, name, control type and ancestry, act on them, look at the screen.
/// The Linux implementation is <see cref="AtSpi.AtSpiAutomation"/> (AT-SPI2 over D-Bus); a Windows UIA3
/// adapter implements this same interface (see docs/adr on desktop bots).
/// </summary>
public interface IDesktopAutomation : IDisposable
{
    /// <summary>"AT-SPI2" here; "UIA3" for a Windows adapter.</summary>
    string Technology { get; }

    /// <summary>The display the session shows (X display name such as ":99").</summary>
    string Display { get; }

    /// <summary>Every application that exposes itself to the accessibility layer, with its top-level windows.</summary>
    Task<IReadOnlyList<DesktopApplicationInfo>> GetApplicationsAsync(CancellationToken cancellationToken = default);

    /// <summary>The first top-level window with this name (title), or null.</summary>
    Task<IDesktopElement?> FindWindowAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Waits for a top-level window; throws <see cref="ElementNotFoundException"/> with what was there instead.</summary>
    Task<IDesktopElement> WaitForWindowAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Display reachable, accessibility bus up, and (when named) the window present and answering.</summary>
    Task<SessionHealth> CheckHealthAsync(string? windowName, CancellationToken cancellationToken = default);

    /// <summary>The process behind an element's application, when the platform tells.</summary>
    Task<int?> GetProcessIdAsync(IDesktopElement element, CancellationToken cancellationToken = default);

    /// <summary>
    /// Presses a key where the focus is ("Enter", "Tab", "Escape", "F2", a single character), as the keyboard would: AT-SPI's
    /// device event controller (XTest in the registry daemon).
    /// </summary>
    Task PressKeyAsync(string key, CancellationToken cancellationToken = default) =>
        throw new DesktopAutomationException($"{Technology} cannot press keys ({key})");

    /// <summary>
    /// The open file dialog of the application that shows <paramref name="ownerWindow"/>, or null: found by what the
    /// platform calls it (AT-SPI's "file chooser" role), not by its title, which every application words its own way.
    /// </summary>
    Task<IDesktopElement?> FindFileDialogAsync(string ownerWindow, CancellationToken cancellationToken = default) =>
        throw new DesktopAutomationException($"{Technology} cannot find file dialogs");

    /// <summary>A PNG of the whole screen.</summary>
    Task<byte[]> CaptureScreenAsync(CancellationToken cancellationToken = default);

    /// <summary>A PNG of the screen area an element (e.g. a window) covers.</summary>
    Task<byte[]> CaptureAsync(IDesktopElement element, CancellationToken cancellationToken = default);
}

/// <summary>One element of a window (UIA's AutomationElement). Searches return fresh elements; text and states are read live.</summary>
public interface IDesktopElement
{
    string Name { get; }

    /// <summary>The toolkit's stable identifier (AT-SPI AccessibleId, UIA AutomationId); empty when the toolkit sets none.</summary>
    string AutomationId { get; }

    ControlType ControlType { get; }

    /// <summary>The platform's own role name (AT-SPI "push button", "text", "label", …).</summary>
    string Role { get; }

    /// <summary>Where the element is, for messages: window/…/role[name].</summary>
    string Path { get; }

    Task<ElementStates> GetStatesAsync(CancellationToken cancellationToken = default);

    /// <summary>The element's text (entry contents, label text); its name when it has no text.</summary>
    Task<string> GetTextAsync(CancellationToken cancellationToken = default);

    /// <summary>Replaces the text of an editable element and checks that it took (ValuePattern.SetValue).</summary>
    Task SetValueAsync(string value, CancellationToken cancellationToken = default);

    /// <summary>Performs the default action: press a button, activate an item (InvokePattern.Invoke).</summary>
    Task InvokeAsync(CancellationToken cancellationToken = default);

    /// <summary>Brings a check box or toggle button to the wanted state (TogglePattern).</summary>
    Task SetToggleStateAsync(bool on, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>Selects the item with this text in a combo box or list (SelectionItemPattern.Select).</summary>
    Task SelectAsync(string item, TimeSpan timeout, CancellationToken cancellationToken = default);

    Task FocusAsync(CancellationToken cancellationToken = default);

    /// <summary>Screen coordinates, or null when the element has no on-screen extent.</summary>
    Task<ElementBounds?> GetBoundsAsync(CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IDesktopElement>> GetChildrenAsync(CancellationToken cancellationToken = default);

    /// <summary>The first descendant (depth first, in order) that matches, or null (FindFirstDescendant).</summary>
    Task<IDesktopElement?> FindFirstAsync(ElementSelector selector, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IDesktopElement>> FindAllAsync(ElementSelector selector, CancellationToken cancellationToken = default);

    /// <summary>Polls until a descendant matches; throws <see cref="ElementNotFoundException"/> naming what was looked for and what was there.</summary>
    Task<IDesktopElement> WaitForAsync(ElementSelector selector, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>The subtree with names, roles, states, texts and bounds (for evidence and for designers writing scripts).</summary>
    Task<AccessibilityNode> DumpAsync(int maxDepth = 40, CancellationToken cancellationToken = default);
}

/// <summary>UI Automation's control types, which AT-SPI roles map onto.</summary>
public enum ControlType
{
    Unknown,
    Application,
    Window,
    Pane,
    Group,
    Text,
    Edit,
    Button,
    CheckBox,
    RadioButton,
    ComboBox,
    List,
    ListItem,
    Menu,
    MenuBar,
    MenuItem,
    Tab,
    TabItem,
    Table,
    DataItem,
    Tree,
    TreeItem,
    Document,
    Hyperlink,
    Image,
    ProgressBar,
    Slider,
    Spinner,
    StatusBar,
    ToolBar,
    ToolTip,
    ScrollBar,
    Separator,
}

/// <summary>
/// What to look for (FlaUI's ConditionFactory, and what a bot script's desktop target becomes). Every property
/// that is set must match. <see cref="Role"/> takes a <see cref="ControlType"/> name ("Button") or a platform role
/// name ("push button"). <see cref="Text"/> and <see cref="TextPattern"/> look at the element's text.
/// </summary>
public sealed record ElementSelector
{
    public string? AutomationId { get; init; }

    public string? Name { get; init; }

    public string? Role { get; init; }

    public string? Text { get; init; }

    /// <summary>A regular expression the element's text must match.</summary>
    public string? TextPattern { get; init; }

    /// <summary>The text of a label that names the element through the accessibility "labelled-by" relation, or the name of an element that is not itself a static text.</summary>
    public string? Label { get; init; }

    /// <summary>Among the elements the rest of the selector matches (in tree order, inside <see cref="Within"/>), the one at this position, from 0.</summary>
    public int? Index { get; init; }

    /// <summary>
    /// The tree path from the scope (the window, or <see cref="Within"/>): segments role[name] or role#n (the child at
    /// position n, from 0, which has that role), separated by "/" — the notation of <see cref="IDesktopElement.Path"/>.
    /// </summary>
    public string? Path { get; init; }

    /// <summary>Names and texts compare whole (true) or by containment (false).</summary>
    public bool Exact { get; init; } = true;

    /// <summary>Look only inside the first element this selector finds (ancestry).</summary>
    public ElementSelector? Within { get; init; }

    public static ElementSelector ByAutomationId(string id) => new() { AutomationId = id };

    public static ElementSelector ByName(string name) => new() { Name = name };

    public static ElementSelector ByControlType(ControlType type) => new() { Role = type.ToString() };

    public ElementSelector And(ElementSelector other) => this with
    {
        AutomationId = other.AutomationId ?? AutomationId,
        Name = other.Name ?? Name,
        Role = other.Role ?? Role,
        Text = other.Text ?? Text,
        TextPattern = other.TextPattern ?? TextPattern,
        Label = other.Label ?? Label,
        Index = other.Index ?? Index,
        Path = other.Path ?? Path,
        Within = other.Within ?? Within,
    };

    public override string ToString()
    {
        var parts = new[]
        {
            AutomationId is null ? null : $"automationId={AutomationId}",
            Name is null ? null : $"name={Name}",
            Role is null ? null : $"role={Role}",
            Text is null ? null : $"text={Text}",
            TextPattern is null ? null : $"textPattern={TextPattern}",
            Label is null ? null : $"label={Label}",
            Index is null ? null : $"index={Index}",
            Path is null ? null : $"path={Path}",
            Exact ? null : "exact=false",
        }.Where(p => p is not null);
        return (Within is null ? string.Empty : $"{Within} » ") + "[" + string.Join(' ', parts) + "]";
    }
}

/// <summary>An element's states as the platform names them (AT-SPI: "enabled", "sensitive", "checked", …).</summary>
public sealed record ElementStates(IReadOnlySet<string> Names)
{
    public bool IsEnabled => Names.Contains("enabled") || Names.Contains("sensitive");

    /// <summary>Takes input now: enabled and sensitive (AT-SPI clears "sensitive" while a GTK widget is greyed out).</summary>
    public bool IsInteractive => Names.Contains("sensitive") && Names.Contains("enabled");

    public bool IsVisible => Names.Contains("visible");

    public bool IsShowing => Names.Contains("showing");

    public bool IsChecked => Names.Contains("checked") || Names.Contains("pressed");

    public bool IsEditable => Names.Contains("editable");

    public bool IsDefunct => Names.Contains("defunct");

    public bool IsBusy => Names.Contains("busy");

    public override string ToString() => string.Join(',', Names.Order(StringComparer.Ordinal));
}

public sealed record ElementBounds(int X, int Y, int Width, int Height)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{X},{Y} {Width}x{Height}");
}

/// <summary>An application on the accessibility bus: its name, process and top-level windows.</summary>
public sealed record DesktopApplicationInfo(string Name, int? ProcessId, IReadOnlyList<string> Windows);

/// <summary>The outcome of a session check; <see cref="Problem"/> says what is wrong in words an operator understands.</summary>
/// <summary>
/// Whether the session is usable for a window. <see cref="WindowGone"/>: the display and the accessibility bus answer
/// and the window is not there (closed, or its application ended) — as opposed to an application that does not answer.
/// </summary>
public sealed record SessionHealth(bool Healthy, string? Problem, bool WindowGone = false)
{
    public static SessionHealth Ok { get; } = new(true, null);

    public static SessionHealth Failed(string problem) => new(false, problem);

    public static SessionHealth Gone(string problem) => new(false, problem, WindowGone: true);
}

/// <summary>One node of an accessibility tree dump.</summary>
public sealed record AccessibilityNode(
    string Role,
    string Name,
    string? AutomationId,
    IReadOnlyList<string> States,
    string? Text,
    ElementBounds? Bounds,
    IReadOnlyList<AccessibilityNode> Children)
{
    /// <summary>Indented lines: role "name" #id = "text" [states] @bounds.</summary>
    public string ToText()
    {
        var builder = new StringBuilder();
        Write(builder, 0);
        return builder.ToString();
    }

    private void Write(StringBuilder builder, int depth)
    {
        builder.Append(' ', depth * 2).Append(Role).Append(" \"").Append(Name).Append('"');
        if (!string.IsNullOrEmpty(AutomationId))
        {
            builder.Append(" #").Append(AutomationId);
        }

        if (!string.IsNullOrEmpty(Text) && Text != Name)
        {
            builder.Append(" = \"").Append(Text.Replace("\n", "\\n", StringComparison.Ordinal)).Append('"');
        }

        builder.Append(" [").Append(string.Join(',', States)).Append(']');
        if (Bounds is { } b)
        {
            builder.Append(" @").Append(b);
        }

        builder.Append('\n');
        foreach (var child in Children)
        {
            child.Write(builder, depth + 1);
        }
    }
}

/// <summary>The accessibility layer failed on an element; the message names the element's path.</summary>
public class DesktopAutomationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>No element matched within the time; the message says what was looked for, where, and what was there.</summary>
public sealed class ElementNotFoundException(string message) : DesktopAutomationException(message);

/// <summary>The element or its application stopped answering or went away.</summary>
public sealed class ElementUnavailableException(string message, Exception? inner = null) : DesktopAutomationException(message, inner);
