using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Model;

/// <summary>A department system bots drive, with the actions it offers.</summary>
public sealed class DepartmentSystem
{
    public required string Id { get; set; }

    public required string Department { get; set; }

    /// <summary>A system of web pages, driven by the web bot (Playwright).</summary>
    public const string WebKind = "web";

    /// <summary>A desktop client, driven by the desktop bot (AT-SPI).</summary>
    public const string DesktopKind = "desktop";

    /// <summary>A certificate library (电子证照库): its actions read licences and enter nothing, so there is no record to correct.</summary>
    public const string LicenceKind = "licence";

    /// <summary>web, desktop, licence: decides which kind of bot can drive it.</summary>
    public required string Kind { get; set; }

    /// <summary>True when the system's actions only read (<see cref="LicenceKind"/>): a changed input needs no 更正 there.</summary>
    public bool ReadsOnly => Kind == LicenceKind;

    /// <summary>The bot pool whose workers can run this system's actions (web, desktop-linux, …).</summary>
    public required string Pool { get; set; }

    public required LocalizedText Name { get; set; }

    /// <summary>
    /// The address bots open when the runner's configuration (<c>DepartmentSystems:{id}:BaseUrl</c>) names none: set by
    /// the designer who adds the system, so a new system needs no configuration change. Credentials never live here.
    /// </summary>
    public string? BaseUrl { get; set; }

    public List<SystemAction> Actions { get; set; } = [];
}

/// <summary>
/// One action of a department system and its typed contract: the fields a bot fills and the results it reads,
/// each with a label and a type of the unified form, and cross-checks between them. A value a person types for
/// a step and a value a bot reads back both pass this contract before anything uses them.
/// </summary>
public sealed class SystemAction
{
    /// <summary>The section name of inputs in a contract's data and in rule paths ("inputs.birthDate").</summary>
    public const string InputsSection = "inputs";

    /// <summary>The section name of outputs in a contract's data and in rule paths ("outputs.childIdNumber").</summary>
    public const string OutputsSection = "outputs";

    public required string Id { get; set; }

    public required LocalizedText Name { get; set; }

    public List<FormField> Inputs { get; set; } = [];

    public List<FormField> Outputs { get; set; } = [];

    /// <summary>Cross-checks over "inputs.x" and "outputs.y" with the form's rule kinds (idBirthDate, idSex, dateOrder, …).</summary>
    public List<FormRule> Rules { get; set; } = [];

    /// <summary>The action of the same system that corrects (更正) a record this action made; none when the system has none.</summary>
    public string? AmendedBy { get; set; }

    /// <summary>
    /// Set on an action whose department holds the matter open until the applicant acts there, e.g. 待缴费 (awaiting
    /// payment) on the confirmation of a declared premium: what is awaited, as people read it. While the department
    /// still waits, the bot reports so and the step rests as <c>Awaiting</c> — not a failure — and is looked at again.
    /// </summary>
    public LocalizedText? Awaits { get; set; }

    /// <summary>Set on an amend action: the action whose records it corrects. It takes that action's inputs and outputs and returns its outputs.</summary>
    public string? Amends { get; set; }

    /// <summary>
    /// True (the default) when a bot can look the record up by the idempotency key before it creates one, so an
    /// attempt whose outcome is unknown is settled by a search. False for a system that cannot be searched: after an
    /// unknown outcome a person checks the system; such an action is never re-dispatched automatically then.
    /// </summary>
    public bool Idempotent { get; set; } = true;

    public IEnumerable<string> InputIds => Inputs.Select(f => f.Id);

    public IEnumerable<string> OutputIds => Outputs.Select(f => f.Id);

    public IEnumerable<string> RequiredInputs => Inputs.Where(f => f.Required).Select(f => f.Id);

    public FormField? FindInput(string id) => Inputs.Find(f => string.Equals(f.Id, id, StringComparison.Ordinal));

    public FormField? FindOutput(string id) => Outputs.Find(f => string.Equals(f.Id, id, StringComparison.Ordinal));
}

internal sealed class SystemCatalogDocument
{
    public List<DepartmentSystem> Systems { get; set; } = [];
}
