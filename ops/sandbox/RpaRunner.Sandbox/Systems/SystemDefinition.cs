namespace RpaRunner.Sandbox.Systems;

internal enum FieldKind
{
    Text,
    TextArea,
    IdNumber,
    CreditCode,
    Date,
    Code,
    MultiCode,
    Phone,
    Mobile,
    Decimal,
    Integer,
    BankCard,
}

/// <summary>A value of a code-valued field: the code posted, the label shown, and other spellings accepted.</summary>
internal sealed record CodeOption(string Code, string Label, params string[] Aliases)
{
    public bool Matches(string value) =>
        string.Equals(value, Code, StringComparison.OrdinalIgnoreCase)
        || string.Equals(value, Label, StringComparison.Ordinal)
        || Aliases.Any(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase));
}

internal sealed record FieldDefinition(
    string Name,
    string Label,
    FieldKind Kind,
    bool Required = true,
    IReadOnlyList<CodeOption>? Options = null,
    string? Hint = null);

internal sealed record FormPage(string Title, IReadOnlyList<string> Fields);

internal sealed record OutputDefinition(string Name, string Label);

/// <summary>One matter a system handles: its form (fields, pages), what it issues, and its business rules.</summary>
internal sealed record ActionDefinition(
    string Id,
    string Title,
    string MenuGroup,
    IReadOnlyList<FieldDefinition> Fields,
    IReadOnlyList<FormPage> Pages,
    IReadOnlyList<OutputDefinition> Outputs,
    string SubjectField,
    string SubjectNameField,
    string DocumentOutput,
    ActionHandler Handler)
{
    /// <summary>The part of the id after the system prefix, used in URLs.</summary>
    public string Key => Id[(Id.IndexOf('.', StringComparison.Ordinal) + 1)..];

    /// <summary>Optional check run when a page of a multi-page form is left (e.g. the enterprise name check).</summary>
    public PageValidator? PageCheck { get; init; }

    public FieldDefinition Field(string name) => Fields.First(f => f.Name == name);
}

internal delegate ValueTask<ActionOutcome> ActionHandler(ActionRequest request, BusinessContext context);

internal delegate ValueTask<string?> PageValidator(int pageIndex, IReadOnlyDictionary<string, string> values, BusinessContext context);

internal sealed record SystemTheme(string Primary, string Header, string Accent, string Background, string Banner, string Subtitle);

internal sealed record AccountDefinition(string Username, string Password, string DisplayName, bool Robot);

/// <summary>A department system: its look, its accounts, its store and its matters.</summary>
internal sealed record SystemDefinition(
    string Id,
    string Department,
    string Title,
    string Kind,
    string StoreName,
    string CookieName,
    string ReceiptPrefix,
    SystemTheme Theme,
    IReadOnlyList<AccountDefinition> Accounts,
    IReadOnlyList<ActionDefinition> Actions)
{
    public AccountDefinition Robot => Accounts.First(a => a.Robot);

    public ActionDefinition? FindAction(string key) =>
        Actions.FirstOrDefault(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase) || a.Id == key);
}

/// <summary>What a form submitted, after normalisation (codes resolved, dates as yyyy-MM-dd).</summary>
internal sealed record ActionRequest(
    SystemDefinition System,
    ActionDefinition Action,
    IReadOnlyDictionary<string, string> Values,
    string? ExternalNo,
    string Operator,
    string Channel)
{
    public string this[string name] => Values.TryGetValue(name, out var v) ? v : "";

    public bool Has(string name) => !string.IsNullOrEmpty(this[name]);
}

/// <summary>Either the department issued its numbers, or it refused with a message for the page's 提示 box.</summary>
internal sealed record ActionOutcome(string? Rejection, IReadOnlyDictionary<string, string> Outputs, string? SubjectName)
{
    public bool Accepted => Rejection is null;

    public static ActionOutcome Reject(string message) => new(message, new Dictionary<string, string>(), null);

    public static ActionOutcome Issue(IReadOnlyDictionary<string, string> outputs, string? subjectName = null) => new(null, outputs, subjectName);
}
