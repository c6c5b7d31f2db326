using RpaRunner.Designer.Access;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Privacy;

namespace RpaRunner.Designer.Components;

/// <summary>
/// How people see the inputs and outputs of a department-system action: by the label of the action's contract
/// (Chinese, or English in the English UI) and, for a choice, by the option's label (男, not 2) — never by the
/// key or the code alone. Used wherever a step's values are shown or typed.
/// </summary>
public sealed class ActionFields(SystemAction? action)
{
    public static ActionFields Of(SystemCatalog systems, string actionId)
    {
        ArgumentNullException.ThrowIfNull(systems);
        return new ActionFields(systems.FindAction(actionId));
    }

    public SystemAction? Action => action;

    /// <summary>The contract field of an input or an output (an amend action's inputs include the outputs it corrects).</summary>
    public FormField? Field(string id) => action?.FindInput(id) ?? action?.FindOutput(id);

    public string Label(UiText ui, string id)
    {
        ArgumentNullException.ThrowIfNull(ui);
        return Field(id) is { } field ? ui.T(field.Label) : id;
    }

    /// <summary>A value as a person reads it; <paramref name="mask"/> hides names, ID numbers, phones and bank cards.</summary>
    public string Display(UiText ui, string id, string? value, bool mask = false) => Display(ui, Field(id), id, value, mask);

    public static string Display(UiText ui, FormField? field, string key, string? value, bool mask = false)
    {
        ArgumentNullException.ThrowIfNull(ui);
        if (string.IsNullOrEmpty(value))
        {
            return "—";
        }

        switch (field?.Type)
        {
            case FieldType.Enum when field.Options?.Find(o => string.Equals(o.Code, value, StringComparison.Ordinal)) is { } option:
                return ui.T(option.Label);
            case FieldType.Boolean when bool.TryParse(value, out var flag):
                return flag ? ui.T("是", "Yes") : ui.T("否", "No");
            case FieldType.DocumentType when DocumentTypes.TryParse(value, out var document):
                return ui.T(DocumentTypes.Label(document));
        }

        if (!mask)
        {
            return value;
        }

        return field?.Type switch
        {
            FieldType.ChineseName => PersonalDataMasker.MaskName(value),
            FieldType.DocumentNumber => CitizenIdNumber.Mask(value),
            _ => PersonalDataMasker.MaskValue(key, value) ?? value,
        };
    }
}
