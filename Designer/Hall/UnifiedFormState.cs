using System.Globalization;
using System.Text.Json.Nodes;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Designer.Hall;

/// <summary>
/// What a clerk has typed into the unified form so far, checked by the same <see cref="FormValidator"/>
/// the runner uses on submit. Errors of a field show once the clerk has left it (or tried to submit), so
/// the form does not shout at empty fields while it is being filled. Birth date and sex are derived from
/// an ID number wherever the form's rules tie them together (idBirthDate, idSex).
/// </summary>
public sealed class UnifiedFormState
{
    private readonly HashSet<string> _touched = new(StringComparer.Ordinal);
    private readonly Func<DateOnly> _today;

    public UnifiedFormState(FormDefinition form, Func<DateOnly> today)
    {
        Form = form;
        _today = today;
        Result = FormValidator.Validate(form, Data, today());
    }

    /// <summary>
    /// A form filled with the values a case already holds (to amend it): every field starts touched, so each
    /// error shows at once as the clerk changes it. <see cref="Changes"/> then tells what differs from them.
    /// </summary>
    public static UnifiedFormState From(FormDefinition form, JsonObject values, Func<DateOnly> today)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(values);
        var state = new UnifiedFormState(form, today);
        foreach (var (section, node) in values)
        {
            state.Data[section] = node?.DeepClone();
        }

        state._original = values.DeepClone().AsObject();
        foreach (var field in form.Sections.SelectMany(s => s.Fields.Select(f => $"{s.Id}.{f.Id}")))
        {
            state._touched.Add(field);
        }

        state.Revalidate();
        return state;
    }

    private JsonObject? _original;

    /// <summary>
    /// The fields that differ from the values the state started from, by section (as an amendment sends them);
    /// a cleared field is null. Values are compared as the validator normalizes them (an ID number upper-cased).
    /// </summary>
    public JsonObject Changes()
    {
        var changes = new JsonObject();
        var normalized = Result.Normalized;
        foreach (var section in Form.Sections)
        {
            foreach (var field in section.Fields)
            {
                var before = (_original?[section.Id] as JsonObject)?[field.Id];
                var after = (normalized[section.Id] as JsonObject)?[field.Id] ?? (Data[section.Id] as JsonObject)?[field.Id];
                if (JsonNode.DeepEquals(before, after) || string.Equals(AsText(before), AsText(after), StringComparison.Ordinal))
                {
                    continue;
                }

                if (changes[section.Id] is not JsonObject sectionChanges)
                {
                    sectionChanges = [];
                    changes[section.Id] = sectionChanges;
                }

                sectionChanges[field.Id] = (Data[section.Id] as JsonObject)?[field.Id]?.DeepClone();
            }
        }

        return changes;
    }

    /// <summary>"section.field" (or "form.section.field") as people read it: the section's title and the field's label.</summary>
    public static string LabelOf(FormDefinition form, RpaRunner.Designer.Access.UiText ui, string path)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(ui);
        var parts = path.Split('.');
        var offset = parts.Length == 3 && parts[0] == "form" ? 1 : 0;
        if (parts.Length - offset != 2)
        {
            return path;
        }

        var section = form.Sections.Find(s => s.Id == parts[offset]);
        var field = section?.Fields.Find(f => f.Id == parts[offset + 1]);
        return section is null || field is null ? path : $"{ui.T(section.Title)} · {ui.T(field.Label)}";
    }

    private static string? AsText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => node.ToJsonString(),
    };

    public FormDefinition Form { get; }

    public JsonObject Data { get; } = [];

    public FormValidationResult Result { get; private set; }

    /// <summary>Set once the clerk pressed submit: from then on every error shows.</summary>
    public bool SubmitAttempted { get; private set; }

    public bool IsValid => Result.IsValid;

    /// <summary>Fields filled in by derivation (shown with a hint, and never overwritten once the clerk typed there).</summary>
    public IReadOnlySet<string> Derived => _derived;

    private readonly HashSet<string> _derived = new(StringComparer.Ordinal);

    public string? Text(string path)
    {
        var node = Node(path);
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString();
    }

    public bool? Flag(string path) => Node(path) is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>Sets a text-like field; an empty text removes it.</summary>
    public void SetText(string path, string? value)
    {
        _derived.Remove(path);
        Put(path, string.IsNullOrWhiteSpace(value) ? null : JsonValue.Create(value));
        Derive(path);
        Revalidate();
    }

    public void SetFlag(string path, bool? value)
    {
        _derived.Remove(path);
        Put(path, value is null ? null : JsonValue.Create(value.Value));
        Revalidate();
    }

    public void Touch(string path)
    {
        if (_touched.Add(path))
        {
            Revalidate();
        }
    }

    public void AttemptSubmit()
    {
        SubmitAttempted = true;
        Revalidate();
    }

    /// <summary>
    /// The errors to show at a field now: all of them, its own and those of the cross-field rules it takes part in
    /// (an ID number's sex contradicting the sex field shows at both), once one of the fields concerned was touched.
    /// </summary>
    public IEnumerable<FieldError> VisibleErrors(string path) => Result.ErrorsAt(path).Where(Visible);

    /// <summary>Every error to show now, for the summary above the submit button.</summary>
    public IEnumerable<FieldError> VisibleErrors() => Result.Errors.Where(Visible);

    private bool Visible(FieldError error) =>
        SubmitAttempted || _touched.Contains(error.Path) || (error.Fields?.Any(_touched.Contains) ?? false);

    /// <summary>Replaces the errors with those the engine reported on submit (it validated on its own).</summary>
    public void ShowRejected(IReadOnlyList<FieldError> errors)
    {
        SubmitAttempted = true;
        Result = new FormValidationResult(errors, Result.Normalized);
    }

    private void Revalidate() => Result = FormValidator.Validate(Form, Data, _today());

    private JsonNode? Node(string path)
    {
        var (section, field) = Split(path);
        return (Data[section] as JsonObject)?[field];
    }

    private void Put(string path, JsonNode? value)
    {
        var (section, field) = Split(path);
        if (Data[section] is not JsonObject sectionData)
        {
            sectionData = [];
            Data[section] = sectionData;
        }

        if (value is null)
        {
            sectionData.Remove(field);
        }
        else
        {
            sectionData[field] = value;
        }
    }

    /// <summary>When a valid ID number is entered, fills the birth date and sex its rules tie to it, unless the clerk typed them.</summary>
    private void Derive(string changedPath)
    {
        if (EncodedBirthAndSex(changedPath) is not var (birthDate, sex))
        {
            return;
        }

        foreach (var rule in Form.Rules.Where(r => r.IdField == changedPath))
        {
            var (target, value) = rule.Kind switch
            {
                RuleKind.IdBirthDate when rule.DateField is not null && birthDate is { } b => (rule.DateField, b.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                RuleKind.IdSex when rule.SexField is not null && sex is { } x => (rule.SexField, x == Sex.Male ? "1" : "2"),
                _ => (null, null),
            };
            if (target is null || (Text(target) is { Length: > 0 } && !_derived.Contains(target)))
            {
                continue;
            }

            Put(target, JsonValue.Create(value));
            _derived.Add(target);
        }
    }

    /// <summary>
    /// The birth date and sex a valid number at <paramref name="path"/> encodes: a citizen ID number, or a document
    /// number read as the document its type field names (a passport encodes neither); null when it is not valid.
    /// </summary>
    private (DateOnly? BirthDate, Sex? Sex)? EncodedBirthAndSex(string path)
    {
        var field = Form.FindField(path)?.Field;
        if (field?.Type == FieldType.DocumentNumber)
        {
            var type = DocumentTypes.TryParse(field.DocumentTypeField is null ? null : Text(field.DocumentTypeField), out var chosen) ? chosen : DocumentTypes.Default;
            return IdentityDocument.TryParse(type, Text(path), null, out var document, out _) ? (document.BirthDate, document.Sex) : null;
        }

        return CitizenIdNumber.TryParse(Text(path), out var id, out _) ? (id.BirthDate, id.Sex) : null;
    }

    private static (string Section, string Field) Split(string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return (path[..dot], path[(dot + 1)..]);
    }
}
