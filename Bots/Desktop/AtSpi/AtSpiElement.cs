using System.Text.RegularExpressions;

namespace RpaRunner.Bots.Desktop.AtSpi;

/// <summary>
/// One accessible object: (bus name, object path) on the accessibility bus. Name and role are read when the
/// element is found; text, states and bounds are read live on every call.
/// </summary>
internal sealed class AtSpiElement : IDesktopElement
{
    private const string TextIface = "org.a11y.atspi.Text";
    private const string EditableTextIface = "org.a11y.atspi.EditableText";
    private const string ActionIface = "org.a11y.atspi.Action";
    private const string ComponentIface = "org.a11y.atspi.Component";
    private const string SelectionIface = "org.a11y.atspi.Selection";
    private const int MaxNodes = 5000;
    private const uint RelationLabelledBy = 2;  // ATSPI_RELATION_LABELLED_BY
    private static readonly string[] s_defaultActions = ["click", "press", "activate", "jump", "toggle"];
    private readonly AtSpiAutomation _owner;
    private string? _automationId;
    private IReadOnlyList<string>? _interfaces;

    private AtSpiElement(AtSpiAutomation owner, string busName, string objectPath, string name, string role, string path)
    {
        _owner = owner;
        BusName = busName;
        ObjectPath = objectPath;
        Name = name;
        Role = role;
        Path = path;
    }

    public string BusName { get; }

    public string ObjectPath { get; }

    public string Name { get; }

    public string Role { get; }

    public string Path { get; }

    public ControlType ControlType => AtSpiRoles.ControlTypeOf(Role);

    public string AutomationId
    {
        get
        {
            if (_automationId is null)
            {
                try
                {
                    _automationId = _owner.GetProperty(BusName, ObjectPath, AtSpiAutomation.AccessibleIface, "AccessibleId", Path) as string ?? string.Empty;
                }
                catch (DesktopAutomationException ex) when (ex is not ElementUnavailableException)
                {
                    _automationId = string.Empty;  // toolkits older than AT-SPI 2.34 have no AccessibleId
                }
            }

            return _automationId;
        }
    }

    public static AtSpiElement Load(AtSpiAutomation owner, string bus, string objectPath, string parentPath, int index = 0)
    {
        var where = parentPath.Length == 0 ? $"{bus}{objectPath}" : $"{parentPath}/#{index}";
        var name = owner.GetProperty(bus, objectPath, AtSpiAutomation.AccessibleIface, "Name", where) as string ?? string.Empty;
        var role = owner.Call(bus, objectPath, AtSpiAutomation.AccessibleIface, "GetRoleName", where) is [string r, ..] ? r : "unknown";
        var segment = name.Length > 0 ? $"{role}[{name}]" : $"{role}#{index}";
        var path = parentPath.Length == 0 ? (role == "application" ? $"{name}" : segment) : $"{parentPath}/{segment}";
        if (role is "frame" or "window" or "dialog" && name.Length > 0 && parentPath.Length > 0 && !parentPath.Contains('/', StringComparison.Ordinal))
        {
            path = name;  // windows read as their title
        }

        return new AtSpiElement(owner, bus, objectPath, name, role, path);
    }

    public override string ToString() => Path;

    // ---- synchronous core (called on pool threads through the async surface) ----

    internal List<AtSpiElement> Children()
    {
        var children = new List<AtSpiElement>();
        var index = 0;
        foreach (var (bus, path) in AtSpiAutomation.References(Call(AtSpiAutomation.AccessibleIface, "GetChildren")))
        {
            try
            {
                children.Add(Load(_owner, bus, path, Path, index));
            }
            catch (ElementUnavailableException)
            {
                // The child went away between listing and reading it.
            }

            index++;
        }

        return children;
    }

    internal ElementStates States() =>
        new(Call(AtSpiAutomation.AccessibleIface, "GetState") is [List<object?> words, ..] ? AtSpiRoles.States(words) : []);

    internal IReadOnlyList<string> Interfaces() =>
        _interfaces ??= Call(AtSpiAutomation.AccessibleIface, "GetInterfaces") is [List<object?> names, ..] ? [.. names.OfType<string>()] : [];

    internal bool Has(string iface) => Interfaces().Contains(iface);

    internal string Text() =>
        Has(TextIface) && Call(TextIface, "GetText", 0, -1) is [string text, ..] ? text : Name;

    internal IEnumerable<AtSpiElement> Descendants()
    {
        var count = 0;
        var stack = new Stack<AtSpiElement>();
        foreach (var child in Enumerable.Reverse(Children()))
        {
            stack.Push(child);
        }

        while (stack.Count > 0)
        {
            var element = stack.Pop();
            if (++count > MaxNodes)
            {
                throw new DesktopAutomationException($"{Path}: more than {MaxNodes} descendants; narrow the search with 'within'");
            }

            yield return element;
            List<AtSpiElement> children;
            try
            {
                children = element.Children();
            }
            catch (ElementUnavailableException)
            {
                continue;
            }

            for (var i = children.Count - 1; i >= 0; i--)
            {
                stack.Push(children[i]);
            }
        }
    }

    internal bool Matches(ElementSelector selector)
    {
        if (selector.Name is { } name && !(selector.Exact ? Name == name : Name.Contains(name, StringComparison.Ordinal)))
        {
            return false;
        }

        if (selector.Role is { } role && !AtSpiRoles.RoleMatches(role, Role))
        {
            return false;
        }

        if (selector.AutomationId is { } id && AutomationId != id)
        {
            return false;
        }

        // A label names the element it labels, not itself: by name only an element that is no static text matches.
        if (selector.Label is { } label && !((ControlType != ControlType.Text && Same(Name, label, selector.Exact)) || LabelledBy().Any(text => Same(text, label, selector.Exact))))
        {
            return false;
        }

        if (selector.Text is not null || selector.TextPattern is not null)
        {
            var text = Text();
            if (selector.Text is { } wanted && !(selector.Exact ? text.Trim() == wanted : text.Contains(wanted, StringComparison.Ordinal)))
            {
                return false;
            }

            if (selector.TextPattern is { } pattern && !Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return false;
            }
        }

        var states = States();
        return states.IsVisible && !states.IsDefunct;
    }

    /// <summary>The texts of the labels that name this element through the "labelled-by" relation.</summary>
    internal IEnumerable<string> LabelledBy()
    {
        if (Call(AtSpiAutomation.AccessibleIface, "GetRelationSet") is not [List<object?> relations, ..])
        {
            yield break;
        }

        foreach (var relation in relations)
        {
            if (relation is object?[] { Length: 2 } r && r[0] is uint type && type == RelationLabelledBy)
            {
                foreach (var (bus, path) in AtSpiAutomation.References([r[1]]))
                {
                    yield return Load(_owner, bus, path, Path).Text().Trim();
                }
            }
        }
    }

    private static bool Same(string text, string wanted, bool exact) => exact ? text == wanted : text.Contains(wanted, StringComparison.Ordinal);

    /// <summary>Follows a tree path (role[name] or role#n segments) down from this element; null when a segment finds nothing.</summary>
    internal AtSpiElement? Walk(string path)
    {
        var current = this;
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        // A path copied from the driver's log starts with the window's title.
        foreach (var segment in segments.Length > 0 && segments[0] == Name ? segments[1..] : segments)
        {
            var match = Regex.Match(segment, @"^(?<role>[^\[#]*)(?:\[(?<name>.*)\]|#(?<n>\d+))?$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            var role = match.Groups["role"].Value.Trim();
            var children = current.Children();
            var next = match.Groups["n"].Success
                ? children.ElementAtOrDefault(int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture))
                : children.FirstOrDefault(c => (role.Length == 0 || AtSpiRoles.RoleMatches(role, c.Role)) && (!match.Groups["name"].Success || c.Name == match.Groups["name"].Value));
            if (next is null || (role.Length > 0 && !AtSpiRoles.RoleMatches(role, next.Role)))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    internal AtSpiElement? FindFirst(ElementSelector selector)
    {
        var scope = this;
        if (selector.Within is { } within)
        {
            scope = FindFirst(within);
            if (scope is null)
            {
                return null;
            }

            selector = selector with { Within = null };
        }

        if (selector.Path is { } path)
        {
            var found = scope.Walk(path);
            return found is not null && found.Matches(selector with { Path = null, Index = null }) ? found : null;
        }

        if (selector.Index is { } position)
        {
            return scope.FindAll(selector with { Index = null }).ElementAtOrDefault(position);
        }

        foreach (var element in scope.Descendants())
        {
            try
            {
                if (element.Matches(selector))
                {
                    return element;
                }
            }
            catch (ElementUnavailableException)
            {
                // Went away while we looked at it.
            }
        }

        return null;
    }

    internal List<AtSpiElement> FindAll(ElementSelector selector)
    {
        if (selector.Path is not null || selector.Index is not null)
        {
            return FindFirst(selector) is { } one ? [one] : [];
        }

        var scope = this;
        if (selector.Within is { } within)
        {
            scope = FindFirst(within);
            if (scope is null)
            {
                return [];
            }

            selector = selector with { Within = null };
        }

        return [.. scope.Descendants().Where(e => e.Matches(selector))];
    }

    /// <summary>What a failed search saw: the named elements of the wanted role (or all named ones), for the message.</summary>
    internal string Nearby(ElementSelector selector)
    {
        try
        {
            var all = Descendants().Where(e => e.Name.Length > 0).ToList();
            var sameRole = selector.Role is { } role ? all.Where(e => AtSpiRoles.RoleMatches(role, e.Role)).ToList() : all;
            var shown = (sameRole.Count > 0 ? sameRole : all).Take(25).Select(e => $"{e.Role}[{e.Name}]" + (e.AutomationId.Length > 0 ? $"#{e.AutomationId}" : string.Empty));
            return string.Join(", ", shown);
        }
        catch (DesktopAutomationException ex)
        {
            return $"(could not list: {ex.Message})";
        }
    }

    internal void SetValue(string value)
    {
        if (!Has(EditableTextIface))
        {
            throw new DesktopAutomationException($"{Path}: is not an editable text ({Role}); it cannot take a value");
        }

        var states = States();
        if (!states.IsEditable || states.Names.Contains("read-only"))
        {
            throw new DesktopAutomationException($"{Path}: is read-only ({states})");
        }

        if (Call(EditableTextIface, "SetTextContents", value) is [false, ..])
        {
            throw new DesktopAutomationException($"{Path}: refused the new text");
        }

        var now = Text();
        if (now != value)
        {
            throw new DesktopAutomationException($"{Path}: the value did not take (it shows {now.Length} characters, {value.Length} were entered)");
        }
    }

    internal void Invoke()
    {
        if (!Has(ActionIface))
        {
            throw new DesktopAutomationException($"{Path}: has no action to perform ({Role})");
        }

        var actions = Call(ActionIface, "GetActions") is [List<object?> list, ..]
            ? list.OfType<object?[]>().Select(a => a.Length > 0 ? a[0] as string ?? string.Empty : string.Empty).ToList()
            : [];
        if (actions.Count == 0)
        {
            throw new DesktopAutomationException($"{Path}: offers no action");
        }

        var index = actions.FindIndex(a => s_defaultActions.Contains(a, StringComparer.OrdinalIgnoreCase));
        index = index < 0 ? 0 : index;
        if (Call(ActionIface, "DoAction", index) is [false, ..])
        {
            throw new DesktopAutomationException($"{Path}: the action '{actions[index]}' was refused");
        }
    }

    internal void Select(string item)
    {
        // A combo box keeps its items in a menu child; a list keeps them as its own children.
        var holder = ControlType == ControlType.ComboBox ? Children().FirstOrDefault(c => c.ControlType is ControlType.Menu or ControlType.List) ?? this : this;
        var items = holder.Children();
        var index = items.FindIndex(i => i.Name == item);
        if (index < 0)
        {
            index = items.FindIndex(i => i.Name.StartsWith(item, StringComparison.Ordinal));
        }

        if (index < 0)
        {
            if (Has(EditableTextIface))
            {
                SetValue(item);
                return;
            }

            throw new DesktopAutomationException($"{Path}: has no item \"{item}\" (items: {string.Join(", ", items.Select(i => i.Name))})");
        }

        if (Has(SelectionIface))
        {
            if (Call(SelectionIface, "SelectChild", index) is [false, ..])
            {
                throw new DesktopAutomationException($"{Path}: refused to select \"{items[index].Name}\"");
            }
        }
        else
        {
            items[index].Invoke();
        }
    }

    internal string? SelectedItem()
    {
        if (!Has(SelectionIface))
        {
            return null;
        }

        var reply = Call(SelectionIface, "GetSelectedChild", 0);
        return reply is [object?[] { Length: 2 } pair, ..] && pair[0] is string bus && pair[1] is string path && path != "/org/a11y/atspi/null"
            ? Load(_owner, bus, path, Path).Name
            : null;
    }

    internal ElementBounds? Bounds()
    {
        if (!Has(ComponentIface))
        {
            return null;
        }

        return Call(ComponentIface, "GetExtents", 0u) is [object?[] { Length: 4 } r, ..] && r[2] is int w && w > 0 && r[3] is int h && h > 0
            ? new ElementBounds((int)r[0]!, (int)r[1]!, w, h)
            : null;
    }

    internal AccessibilityNode Dump(int depth)
    {
        var states = States();
        var text = Has(TextIface) ? Text() : null;
        var children = depth <= 0 ? [] : Children().Select(c =>
        {
            try
            {
                return c.Dump(depth - 1);
            }
            catch (ElementUnavailableException ex)
            {
                return new AccessibilityNode(c.Role, c.Name, null, ["gone"], ex.Message, null, []);
            }
        }).ToList();
        return new AccessibilityNode(Role, Name, AutomationId.Length > 0 ? AutomationId : null, [.. states.Names.Order(StringComparer.Ordinal)], text, Bounds(), children);
    }

    private object?[] Call(string iface, string method, params object[] args) =>
        _owner.Call(BusName, ObjectPath, iface, method, Path, args);

    // ---- IDesktopElement ----

    public Task<ElementStates> GetStatesAsync(CancellationToken cancellationToken = default) => Task.Run(States, cancellationToken);

    public Task<string> GetTextAsync(CancellationToken cancellationToken = default) => Task.Run(Text, cancellationToken);

    public Task SetValueAsync(string value, CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        SetValue(value);
        _owner.Log.Add($"set value of {Path} ({value.Length} characters)");
    }, cancellationToken);

    public Task InvokeAsync(CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        Invoke();
        _owner.Log.Add($"invoked {Path}");
    }, cancellationToken);

    public async Task SetToggleStateAsync(bool on, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if ((await GetStatesAsync(cancellationToken)).IsChecked == on)
        {
            return;
        }

        await Task.Run(Invoke, cancellationToken);
        await PollAsync(async () => (await GetStatesAsync(cancellationToken)).IsChecked == on, timeout, $"{Path}: did not become {(on ? "checked" : "unchecked")}", cancellationToken);
        _owner.Log.Add($"{(on ? "checked" : "unchecked")} {Path}");
    }

    public async Task SelectAsync(string item, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await Task.Run(() => Select(item), cancellationToken);
        if (Has(SelectionIface))
        {
            await PollAsync(() => Task.Run(() => SelectedItem() is { } s && (s == item || s.StartsWith(item, StringComparison.Ordinal)), cancellationToken), timeout, $"{Path}: \"{item}\" did not become the selection", cancellationToken);
        }

        _owner.Log.Add($"selected \"{item}\" in {Path}");
    }

    public Task FocusAsync(CancellationToken cancellationToken = default) => Task.Run(() =>
    {
        if (!Has(ComponentIface) || Call(ComponentIface, "GrabFocus") is [false, ..])
        {
            throw new DesktopAutomationException($"{Path}: cannot take the focus");
        }
    }, cancellationToken);

    public Task<ElementBounds?> GetBoundsAsync(CancellationToken cancellationToken = default) => Task.Run(Bounds, cancellationToken);

    public Task<IReadOnlyList<IDesktopElement>> GetChildrenAsync(CancellationToken cancellationToken = default) =>
        Task.Run(() => (IReadOnlyList<IDesktopElement>)Children(), cancellationToken);

    public Task<IDesktopElement?> FindFirstAsync(ElementSelector selector, CancellationToken cancellationToken = default) =>
        Task.Run(() => (IDesktopElement?)FindFirst(selector), cancellationToken);

    public Task<IReadOnlyList<IDesktopElement>> FindAllAsync(ElementSelector selector, CancellationToken cancellationToken = default) =>
        Task.Run(() => (IReadOnlyList<IDesktopElement>)FindAll(selector), cancellationToken);

    public async Task<IDesktopElement> WaitForAsync(ElementSelector selector, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await FindFirstAsync(selector, cancellationToken) is { } found)
            {
                return found;
            }

            if (clock.Elapsed >= timeout)
            {
                var nearby = await Task.Run(() => Nearby(selector), cancellationToken);
                throw new ElementNotFoundException($"{selector} not found in {Path} within {timeout.TotalSeconds:0.#}s; there: {(nearby.Length == 0 ? "no named elements" : nearby)}");
            }

            await Task.Delay(_owner.Options.PollInterval, cancellationToken);
        }
    }

    public Task<AccessibilityNode> DumpAsync(int maxDepth = 40, CancellationToken cancellationToken = default) =>
        Task.Run(() => Dump(maxDepth), cancellationToken);

    private async Task PollAsync(Func<Task<bool>> condition, TimeSpan timeout, string failure, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed >= timeout)
            {
                throw new DesktopAutomationException($"{failure} within {timeout.TotalSeconds:0.#}s");
            }

            await Task.Delay(_owner.Options.PollInterval, cancellationToken);
        }
    }
}
