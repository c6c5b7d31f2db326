using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Store;

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

/// <summary>
/// A file the form takes with the record (附件): a scan in one of <paramref name="Types"/> (pdf, jpeg, png, recognised by
/// the content as the system does, not by the name) of at most <paramref name="MaxBytes"/>. The form shows it on its last page.
/// </summary>
internal sealed record AttachmentDefinition(string Name, string Label, IReadOnlyList<string> Types, long MaxBytes, bool Required = false);

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

    /// <summary>The files (附件) the form takes with the record, on its last page.</summary>
    public IReadOnlyList<AttachmentDefinition> Attachments { get; init; } = [];

    /// <summary>Optional check run when a page of a multi-page form is left (e.g. the enterprise name check).</summary>
    public PageValidator? PageCheck { get; init; }

    /// <summary>
    /// For a 更正 (amend) action: the action whose record it corrects. Its fields are that action's with the new
    /// values plus the numbers that identify the record; its handler gets the record in <see cref="ActionRequest.Existing"/>.
    /// </summary>
    public string? Amends { get; init; }

    /// <summary>How the system's 更正 pages look and are reached (each department has its own kind).</summary>
    public AmendmentStyle AmendmentStyle { get; init; }

    /// <summary>The reasons (更正原因) the 更正 page offers; the first is what the form preselects, none when empty.</summary>
    public IReadOnlyList<CodeOption> AmendmentReasons { get; init; } = [];

    public FieldDefinition Field(string name) => Fields.First(f => f.Name == name);
}

/// <summary>The 更正 page kinds of the sandbox systems.</summary>
internal enum AmendmentStyle
{
    /// <summary>Not an amend action.</summary>
    None,

    /// <summary>卫健: search by 综窗受理编号 and document number, a 更正 link, the record prefilled with 更正原因, a confirmation dialog.</summary>
    SearchThenEdit,

    /// <summary>公安: look the household entry up by 综窗受理编号 and 公民身份号码, then an 更正申请表 in an iframe with 更正项目 to tick.</summary>
    LookupThenFramedApplication,
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

    /// <summary>Endpoints of the system beyond its pages (e.g. 医保's payment notices), mapped with them.</summary>
    public Action<WebApplication, SandboxRuntime>? MapExtras { get; init; }

    /// <summary>Reference lists the system publishes at <c>/catalogue/{name}</c> as JSON (e.g. 市场监管's business-scope items).</summary>
    public IReadOnlyDictionary<string, object> Catalogues { get; init; } = new Dictionary<string, object>();

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

    /// <summary>For a 更正: the record being corrected, as it is before the correction.</summary>
    public BusinessRecord? Existing { get; init; }

    public bool Has(string name) => !string.IsNullOrEmpty(this[name]);
}

/// <summary>
/// Either the department issued its numbers, or it refused with a message for the page's 提示 box, or it holds the
/// matter open until the applicant acts (<see cref="Pending"/>, e.g. 待缴费): nothing is stored then either.
/// </summary>
internal sealed record ActionOutcome(string? Rejection, IReadOnlyDictionary<string, string> Outputs, string? SubjectName)
{
    /// <summary>The notice the page shows while the matter waits for the applicant (no record is made).</summary>
    public string? Pending { get; init; }

    public bool Accepted => Rejection is null && Pending is null;

    public static ActionOutcome Wait(string notice) => new(null, new Dictionary<string, string>(), null) { Pending = notice };

    public static ActionOutcome Reject(string message) => new(message, new Dictionary<string, string>(), null);

    public static ActionOutcome Issue(IReadOnlyDictionary<string, string> outputs, string? subjectName = null) => new(null, outputs, subjectName);
}
