using System.Globalization;
using System.Text.RegularExpressions;
using RpaRunner.Sandbox.Identifiers;

namespace RpaRunner.Sandbox.Systems;

/// <summary>The front-desk checks every legacy form runs before its business rules: required, format, codes.</summary>
internal static partial class FormValidation
{
    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd", "yyyy-M-d", "yyyy/M/d", "yyyy年M月d日"];

    public static (Dictionary<string, string> Values, List<FieldError> Errors) Validate(
        IEnumerable<FieldDefinition> fields, IReadOnlyDictionary<string, string> raw)
    {
        var values = new Dictionary<string, string>();
        var errors = new List<FieldError>();
        foreach (var field in fields)
        {
            raw.TryGetValue(field.Name, out var input);
            var (value, error) = Normalize(field, input);
            if (error is not null)
            {
                errors.Add(new FieldError(field.Name, error));
            }
            else if (value.Length > 0)
            {
                values[field.Name] = value;
            }
        }

        return (values, errors);
    }

    public static (string Value, string? Error) Normalize(FieldDefinition field, string? input)
    {
        var text = (input ?? "").Trim();
        if (text.Length == 0)
        {
            return field.Required ? ("", $"请填写{field.Label}") : ("", null);
        }

        if (text.Length > 500)
        {
            return ("", $"{field.Label}超过最大长度");
        }

        switch (field.Kind)
        {
            case FieldKind.IdNumber:
                text = CitizenIdNumber.Normalize(text);
                return CitizenIdNumber.IsValid(text) ? (text, null) : ("", $"{field.Label}格式不正确或校验位错误");
            case FieldKind.CreditCode:
                text = CreditCode.Normalize(text);
                return Identifiers.CreditCode.IsValid(text) ? (text, null) : ("", $"{field.Label}格式不正确或校验位错误");
            case FieldKind.Date:
                return DateTime.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? (date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null)
                    : ("", $"{field.Label}格式不正确，应为yyyy-MM-dd");
            case FieldKind.Code:
                var option = field.Options!.FirstOrDefault(o => o.Matches(text));
                return option is null ? ("", $"{field.Label}取值无效") : (option.Code, null);
            case FieldKind.MultiCode:
                var codes = new List<string>();
                foreach (var part in text.Split([',', '，', '、', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var match = field.Options!.FirstOrDefault(o => o.Matches(part));
                    if (match is null)
                    {
                        return ("", $"{field.Label}取值无效：{part}");
                    }

                    if (!codes.Contains(match.Code))
                    {
                        codes.Add(match.Code);
                    }
                }

                return codes.Count == 0 && field.Required ? ("", $"请选择{field.Label}") : (string.Join(',', codes.Order(StringComparer.Ordinal)), null);
            case FieldKind.Mobile:
                return MobilePattern().IsMatch(text) ? (text, null) : ("", $"{field.Label}应为11位手机号码");
            case FieldKind.Phone:
                return PhonePattern().IsMatch(text) ? (text, null) : ("", $"{field.Label}格式不正确");
            case FieldKind.Decimal:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) && number > 0
                    ? (number.ToString("0.######", CultureInfo.InvariantCulture), null)
                    : ("", $"{field.Label}应为大于0的数字");
            case FieldKind.Integer:
                return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) && integer >= 0
                    ? (integer.ToString(CultureInfo.InvariantCulture), null)
                    : ("", $"{field.Label}应为非负整数");
            case FieldKind.BankCard:
                text = text.Replace(" ", "", StringComparison.Ordinal);
                return BankCardNumber.IsValid(text) ? (text, null) : ("", $"{field.Label}校验不通过，请核对卡号");
            default:
                return (text, null);
        }
    }

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();
}

internal sealed record FieldError(string Field, string Message);
