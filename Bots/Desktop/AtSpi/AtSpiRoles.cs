namespace RpaRunner.Bots.Desktop.AtSpi;

/// <summary>AT-SPI role names → UI Automation control types, and AT-SPI state bits → state names.</summary>
internal static class AtSpiRoles
{
    /// <summary>AtspiStateType in bit order (at-spi2-core atspi-constants.h).</summary>
    private static readonly string[] s_states =
    [
        "invalid", "active", "armed", "busy", "checked", "collapsed", "defunct", "editable", "enabled", "expandable",
        "expanded", "focusable", "focused", "has-tooltip", "horizontal", "iconified", "modal", "multi-line", "multiselectable", "opaque",
        "pressed", "resizable", "selectable", "selected", "sensitive", "showing", "single-line", "stale", "transient", "vertical",
        "visible", "manages-descendants", "indeterminate", "required", "truncated", "animated", "invalid-entry", "supports-autocompletion", "selectable-text", "is-default",
        "visited", "checkable", "has-popup", "read-only",
    ];

    private static readonly Dictionary<string, ControlType> s_roles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["application"] = ControlType.Application,
        ["frame"] = ControlType.Window,
        ["window"] = ControlType.Window,
        ["dialog"] = ControlType.Window,
        ["alert"] = ControlType.Window,
        ["file chooser"] = ControlType.Window,
        ["panel"] = ControlType.Pane,
        ["filler"] = ControlType.Pane,
        ["scroll pane"] = ControlType.Pane,
        ["viewport"] = ControlType.Pane,
        ["split pane"] = ControlType.Pane,
        ["layered pane"] = ControlType.Pane,
        ["root pane"] = ControlType.Pane,
        ["grouping"] = ControlType.Group,
        ["form"] = ControlType.Group,
        ["section"] = ControlType.Group,
        ["label"] = ControlType.Text,
        ["static"] = ControlType.Text,
        ["caption"] = ControlType.Text,
        ["heading"] = ControlType.Text,
        ["paragraph"] = ControlType.Text,
        ["text"] = ControlType.Edit,
        ["entry"] = ControlType.Edit,
        ["password text"] = ControlType.Edit,
        ["spin button"] = ControlType.Spinner,
        ["push button"] = ControlType.Button,
        ["toggle button"] = ControlType.Button,
        ["button"] = ControlType.Button,
        ["check box"] = ControlType.CheckBox,
        ["check menu item"] = ControlType.MenuItem,
        ["radio button"] = ControlType.RadioButton,
        ["radio menu item"] = ControlType.MenuItem,
        ["combo box"] = ControlType.ComboBox,
        ["list"] = ControlType.List,
        ["list box"] = ControlType.List,
        ["list item"] = ControlType.ListItem,
        ["menu"] = ControlType.Menu,
        ["popup menu"] = ControlType.Menu,
        ["menu bar"] = ControlType.MenuBar,
        ["menu item"] = ControlType.MenuItem,
        ["page tab list"] = ControlType.Tab,
        ["page tab"] = ControlType.TabItem,
        ["table"] = ControlType.Table,
        ["tree table"] = ControlType.Table,
        ["table cell"] = ControlType.DataItem,
        ["table row"] = ControlType.DataItem,
        ["tree"] = ControlType.Tree,
        ["tree item"] = ControlType.TreeItem,
        ["document frame"] = ControlType.Document,
        ["document web"] = ControlType.Document,
        ["document text"] = ControlType.Document,
        ["link"] = ControlType.Hyperlink,
        ["image"] = ControlType.Image,
        ["icon"] = ControlType.Image,
        ["progress bar"] = ControlType.ProgressBar,
        ["slider"] = ControlType.Slider,
        ["status bar"] = ControlType.StatusBar,
        ["statusbar"] = ControlType.StatusBar,
        ["tool bar"] = ControlType.ToolBar,
        ["tool tip"] = ControlType.ToolTip,
        ["scroll bar"] = ControlType.ScrollBar,
        ["separator"] = ControlType.Separator,
    };

    public static ControlType ControlTypeOf(string role) => s_roles.GetValueOrDefault(role, ControlType.Unknown);

    /// <summary>A selector's role: a control type name ("Button", "Edit") or the AT-SPI role itself ("push button").</summary>
    public static bool RoleMatches(string wanted, string role) =>
        string.Equals(wanted, role, StringComparison.OrdinalIgnoreCase)
        || (Enum.TryParse<ControlType>(wanted, ignoreCase: true, out var type) && !int.TryParse(wanted, out _) && ControlTypeOf(role) == type);

    /// <summary>GetState answers two 32-bit words of state bits.</summary>
    public static HashSet<string> States(IReadOnlyList<object?> words)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var w = 0; w < words.Count; w++)
        {
            if (words[w] is not uint bits)
            {
                continue;
            }

            for (var bit = 0; bit < 32; bit++)
            {
                var index = (w * 32) + bit;
                if ((bits & (1u << bit)) != 0)
                {
                    names.Add(index < s_states.Length ? s_states[index] : $"state{index}");
                }
            }
        }

        return names;
    }
}
