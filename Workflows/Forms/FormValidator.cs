using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RpaRunner.Workflows.Forms;

/// <summary>
/// Validates unified-form data posted by a client against its <see cref="FormDefinition"/>: every field on its
/// own, then the cross-field rules whose fields are all filled in and valid. Reports every problem found.
/// </summary>
public sealed class FormValidator
{
    /// <summary>The default maximum length of text fields.</summary>
    public const int DefaultTextMaxLength = 200;

    public const int AddressMinLength = 5;
    public const int AddressMaxLength = 120;

    /// <summary>Caps of the other string-typed fields: generous enough to give a precise format error first.</summary>
    private const int CodeCap = 32;
    private const int EnumCap = 64;

    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly ConcurrentDictionary<string, Regex> Patterns = new(StringComparer.Ordinal);

    private FormValidator()
    {
    }

    /// <summary>
    /// Validates <paramref name="data"/> (an object of sections, each an object of fields) on the day
    /// <paramref name="today"/>. A form whose definition has problems accepts no data: those problems are returned.
    /// </summary>
    public static FormValidationResult Validate(FormDefinition form, JsonObject? data, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(form);
        var problems = form.CheckDefinition();
        if (problems.Count > 0)
        {
            return new FormValidationResult(problems, []);
        }

        var run = new Run(form, today);
        run.Execute(data ?? []);
        return new FormValidationResult(run.Errors, run.Normalized);
    }

    internal static bool HasUnsafeCharacters(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsControl(c) || c is '<' or '>' or '\uFEFF' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                return true;
            }

            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }

    private static int RuneCount(string s)
    {
        var count = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class FieldState(FormSection section, FormField field)
    {
        public FormSection Section { get; } = section;

        public FormField Field { get; } = field;

        public bool Present { get; set; }

        public bool Valid { get; set; }

        public JsonNode? Normalized { get; set; }

        /// <summary>DateOnly for dates, CitizenIdNumber for ID numbers, decimal, long, bool, or string.</summary>
        public object? Typed { get; set; }

        public string Path => $"{Section.Id}.{Field.Id}";

        public string LabelZh => $"{Section.Title.Zh}「{Field.Label.Zh}」";

        public string LabelEn => $"{Section.Title.En} – {Field.Label.En}";

        /// <summary>Whether the value is or carries a date: a date, an ID number, a document number that encodes a birth date.</summary>
        public bool HasDate => Typed is DateOnly or CitizenIdNumber or IdentityDocument { BirthDate: not null };

        public DateOnly Date => Typed switch
        {
            DateOnly d => d,
            CitizenIdNumber id => id.BirthDate,
            IdentityDocument { BirthDate: { } birth } => birth,
            _ => throw new InvalidOperationException($"{Path} holds no date."),
        };

        /// <summary>The sex an ID number or a document number encodes, or null.</summary>
        public Sex? EncodedSex => Typed switch
        {
            CitizenIdNumber id => id.Sex,
            IdentityDocument document => document.Sex,
            _ => null,
        };
    }

    private sealed class Run(FormDefinition form, DateOnly today)
    {
        private readonly Dictionary<string, FieldState> states = new(StringComparer.Ordinal);
        private FieldState current = null!;

        public List<FieldError> Errors { get; } = [];

        public JsonObject Normalized { get; } = [];

        public void Execute(JsonObject data)
        {
            foreach (var (key, node) in data)
            {
                var section = form.Sections.Find(s => string.Equals(s.Id, key, StringComparison.Ordinal));
                if (section is null)
                {
                    Errors.Add(new FieldError(key, FormErrorCodes.UnknownField, $"表单中没有分组「{key}」", $"The form has no section \"{key}\""));
                }
                else if (node is not null and not JsonObject)
                {
                    Errors.Add(new FieldError(key, FormErrorCodes.SectionNotObject, $"{section.Title.Zh}：数据应为对象", $"{section.Title.En}: the data must be an object"));
                }
            }

            // A field that depends on a document type is checked after every other field, so its document type is known.
            var dependent = new List<(FieldState State, JsonNode? Value)>();
            foreach (var section in form.Sections)
            {
                var sectionData = data.TryGetPropertyValue(section.Id, out var node) ? node as JsonObject : null;
                if (sectionData is not null)
                {
                    foreach (var (key, _) in sectionData)
                    {
                        if (!section.Fields.Exists(f => string.Equals(f.Id, key, StringComparison.Ordinal)))
                        {
                            Errors.Add(new FieldError($"{section.Id}.{key}", FormErrorCodes.UnknownField, $"{section.Title.Zh}中没有字段「{key}」", $"{section.Title.En} has no field \"{key}\""));
                        }
                    }
                }

                foreach (var field in section.Fields)
                {
                    JsonNode? value = null;
                    sectionData?.TryGetPropertyValue(field.Id, out value);
                    current = new FieldState(section, field);
                    states[current.Path] = current;
                    if (field.DocumentTypeField is null)
                    {
                        CheckField(value);
                    }
                    else
                    {
                        dependent.Add((current, value));
                    }
                }
            }

            foreach (var (state, value) in dependent)
            {
                current = state;
                CheckField(value);
            }

            foreach (var section in form.Sections)
            {
                var normalizedSection = new JsonObject();
                Normalized[section.Id] = normalizedSection;
                foreach (var field in section.Fields)
                {
                    var state = states[$"{section.Id}.{field.Id}"];
                    if (state.Valid)
                    {
                        normalizedSection[field.Id] = state.Normalized;
                    }
                }
            }

            foreach (var rule in form.Rules ?? [])
            {
                CheckRule(rule);
            }
        }

        private void Fail(string code, string zh, string en) =>
            Errors.Add(new FieldError(current.Path, code, $"{current.LabelZh}：{zh}", $"{current.LabelEn}: {en}"));

        private void CheckField(JsonNode? node)
        {
            var kind = node?.GetValueKind() ?? JsonValueKind.Null;
            string? text = kind == JsonValueKind.String ? node!.GetValue<string>() : null;
            if (kind == JsonValueKind.Null || (text is not null && string.IsNullOrWhiteSpace(text)))
            {
                if (current.Field.Required)
                {
                    Fail(FormErrorCodes.Required, "必填，不能为空", "this field is required");
                }

                return;
            }

            current.Present = true;
            var field = current.Field;
            current.Valid = field.Type switch
            {
                FieldType.Text => CheckText(kind, text),
                FieldType.ChineseName => CheckChineseName(kind, text),
                FieldType.IdNumber => CheckIdNumber(kind, text),
                FieldType.CreditCode => CheckCreditCode(kind, text),
                FieldType.Mobile => CheckMobile(kind, text),
                FieldType.Date => CheckDate(kind, text),
                FieldType.Enum => CheckEnum(kind, text),
                FieldType.Money => CheckMoney(node!, kind, text),
                FieldType.Integer => CheckInteger(node!, kind, text),
                FieldType.BankCard => CheckBankCard(kind, text),
                FieldType.Address => CheckAddress(kind, text),
                FieldType.Boolean => CheckBoolean(kind),
                FieldType.DocumentType => CheckDocumentType(kind, text),
                FieldType.DocumentNumber => CheckDocumentNumber(kind, text),
                _ => throw new InvalidOperationException($"Unknown field type {field.Type}."),
            };
        }

        /// <summary>The checks every string value gets: JSON kind, length cap, unsafe characters.</summary>
        private bool CheckString(JsonValueKind kind, string? text, int cap, out string trimmed)
        {
            trimmed = string.Empty;
            if (kind != JsonValueKind.String || text is null)
            {
                Fail(FormErrorCodes.WrongKind, "应为文本", "the value must be a string");
                return false;
            }

            trimmed = text.Trim();
            var ok = true;
            var length = RuneCount(trimmed);
            if (length > cap)
            {
                Fail(FormErrorCodes.TextTooLong, Inv($"不能超过 {cap} 个字符（当前 {length} 个）"), Inv($"must be at most {cap} characters long (is {length})"));
                ok = false;
            }

            if (HasUnsafeCharacters(trimmed))
            {
                Fail(FormErrorCodes.TextUnsafe, "含有不允许的字符（控制字符或尖括号 < >）", "contains characters that are not allowed (control characters or angle brackets < >)");
                ok = false;
            }

            return ok;
        }

        private int Cap(int fixedCap) => Math.Min(current.Field.MaxLength ?? fixedCap, fixedCap);

        private bool Accept(string value, object? typed = null)
        {
            current.Normalized = JsonValue.Create(value);
            current.Typed = typed ?? value;
            return true;
        }

        private bool CheckText(JsonValueKind kind, string? text)
        {
            var field = current.Field;
            if (!CheckString(kind, text, field.MaxLength ?? DefaultTextMaxLength, out var value))
            {
                return false;
            }

            if (field.MinLength is { } min && RuneCount(value) < min)
            {
                Fail(FormErrorCodes.TextTooShort, Inv($"不能少于 {min} 个字符"), Inv($"must be at least {min} characters long"));
                return false;
            }

            if (field.Pattern is { } pattern && !MatchesPattern(pattern, value))
            {
                var help = field.Help;
                Fail(FormErrorCodes.TextPattern, help is null ? "格式不正确" : $"格式不正确，{help.Zh}", help is null ? "the format is wrong" : $"the format is wrong; {help.En}");
                return false;
            }

            return Accept(value);
        }

        private static bool MatchesPattern(string pattern, string value)
        {
            var regex = Patterns.GetOrAdd(pattern, p => new Regex(p, RegexOptions.CultureInvariant, PatternTimeout));
            try
            {
                return regex.IsMatch(value);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }

        private bool CheckChineseName(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(ChineseName.MaxLength), out var value))
            {
                return false;
            }

            var name = ChineseName.Normalize(value);
            var chineseProblem = ChineseName.Check(name);
            if (chineseProblem is not null && current.Field.DocumentTypeField is not null)
            {
                switch (DocumentOf(current.Field))
                {
                    case null:
                        // The document type itself is wrong and says so; which names it allows is not known.
                        return false;
                    case { } document when DocumentTypes.AllowsLatinName(document):
                        return CheckLatinName(value, document);
                }
            }

            switch (chineseProblem)
            {
                case FormErrorCodes.NameInvalid:
                    Fail(FormErrorCodes.NameInvalid, "只能由汉字组成，少数民族姓名各部分之间用间隔号「·」分隔，不能含字母、数字或空格", "must consist of Chinese characters, parts of minority names separated by the middle dot ·; no letters, digits or spaces");
                    return false;
                case FormErrorCodes.NameLength:
                    Fail(FormErrorCodes.NameLength, Inv($"应为 {ChineseName.MinLength} 至 {ChineseName.MaxLength} 个汉字"), Inv($"must be {ChineseName.MinLength} to {ChineseName.MaxLength} characters long"));
                    return false;
                default:
                    return Accept(name);
            }
        }

        private bool CheckLatinName(string value, DocumentType document)
        {
            var name = LatinName.Normalize(value);
            var label = DocumentTypes.Label(document);
            switch (LatinName.Check(name))
            {
                case FormErrorCodes.NameLength:
                    Fail(FormErrorCodes.NameLength, Inv($"持{label.Zh}者的外文姓名应为 {LatinName.MinLength} 至 {LatinName.MaxLength} 个字符"), Inv($"a name in Latin letters must be {LatinName.MinLength} to {LatinName.MaxLength} characters long"));
                    return false;
                case null:
                    return Accept(name);
                default:
                    Fail(FormErrorCodes.NameLatinInvalid, $"持{label.Zh}者的姓名应为汉字，或按证件填写的外文字母（可含空格、连字符 -、撇号 ' 和点 .）", $"for a holder of a {label.En.ToLowerInvariant()} the name must be in Chinese characters or, as on the document, in Latin letters (spaces, hyphens, apostrophes and dots allowed)");
                    return false;
            }
        }

        /// <summary>
        /// The document type a field depends on: the value of its documentTypeField, the resident ID when that is
        /// empty, null when the field depends on none or the type chosen is not valid.
        /// </summary>
        private DocumentType? DocumentOf(FormField field)
        {
            if (field.DocumentTypeField is null || !states.TryGetValue(field.DocumentTypeField, out var typeState))
            {
                return null;
            }

            if (!typeState.Present)
            {
                return DocumentTypes.Default;
            }

            return typeState.Valid ? (DocumentType)typeState.Typed! : null;
        }

        private bool CheckDocumentType(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(EnumCap), out var value))
            {
                return false;
            }

            if (DocumentTypes.TryParse(value, out var type))
            {
                return Accept(value, type);
            }

            var zh = string.Join("、", DocumentTypes.Options.Select(o => o.Label.Zh));
            var en = string.Join(", ", DocumentTypes.Options.Select(o => o.Label.En));
            Fail(FormErrorCodes.DocumentTypeUnknown, $"「{value}」不是可选的证件类型，可选：{zh}", $"\"{value}\" is not one of the document types: {en}");
            return false;
        }

        private bool CheckDocumentNumber(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(CodeCap), out var value))
            {
                return false;
            }

            if (DocumentOf(current.Field) is not { } type)
            {
                // The document type itself is wrong and says so; the number cannot be judged without it.
                return false;
            }

            if (type == DocumentType.ResidentId)
            {
                if (!CheckIdNumber(kind, text))
                {
                    return false;
                }

                var id = (CitizenIdNumber)current.Typed!;
                return Accept(id.Value, IdentityDocument.FromCitizenId(id));
            }

            if (IdentityDocument.TryParse(type, value, today, out var document, out var code))
            {
                return Accept(document.Number, document);
            }

            var label = DocumentTypes.Label(type);
            var upper = value.ToUpperInvariant();
            switch (code)
            {
                case FormErrorCodes.DocumentRegion:
                    Fail(code, $"{label.Zh}号码的地区代码不符", $"the region code of the {label.En.ToLowerInvariant()} number is wrong");
                    break;
                case FormErrorCodes.DocumentBirthDate:
                    Fail(code, $"{label.Zh}号码中的出生日期不是有效日期，或早于 1900 年、晚于今天", $"the birth date in the {label.En.ToLowerInvariant()} number is not a real date, or is before 1900 or after today");
                    break;
                case FormErrorCodes.DocumentChecksum:
                    var expected = CitizenIdNumber.ComputeCheckCharacter(upper.AsSpan(0, 17));
                    Fail(code, $"{label.Zh}号码校验位错误，应为 {expected}", $"the check character of the {label.En.ToLowerInvariant()} number is wrong; expected {expected}");
                    break;
                default:
                    var (zh, en) = DocumentShape(type);
                    Fail(FormErrorCodes.DocumentFormat, $"{label.Zh}号码应为{zh}", $"a {label.En.ToLowerInvariant()} number has {en}");
                    break;
            }

            return false;
        }

        private static (string Zh, string En) DocumentShape(DocumentType type) => type switch
        {
            DocumentType.HkMacaoResidencePermit => (" 18 位，以 810000（香港）或 820000（澳门）开头", "18 characters starting with 810000 (Hong Kong) or 820000 (Macao)"),
            DocumentType.TaiwanResidencePermit => (" 18 位，以 830000 开头", "18 characters starting with 830000"),
            DocumentType.ForeignPermanentResidence => (" 15 位（3 位国籍字母加 12 位数字，2017 版）或 18 位（以 9 开头，2023 版）", "15 characters (3 nationality letters and 12 digits, 2017 card) or 18 (starting with 9, 2023 card)"),
            DocumentType.Passport => (Inv($" {IdentityDocument.PassportMinLength} 至 {IdentityDocument.PassportMaxLength} 位字母或数字"), Inv($"{IdentityDocument.PassportMinLength} to {IdentityDocument.PassportMaxLength} letters or digits")),
            DocumentType.HkMacaoPermit => ("H（香港）或 M（澳门）加 8 位或 10 位数字", "H (Hong Kong) or M (Macao) and 8 or 10 digits"),
            DocumentType.TaiwanPermit => (" 8 位数字", "8 digits"),
            _ => ("有效的号码", "a valid shape"),
        };

        private bool CheckIdNumber(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(CodeCap), out var value))
            {
                return false;
            }

            if (CitizenIdNumber.TryParse(value, today, out var id, out var code))
            {
                return Accept(id.Value, id);
            }

            var upper = value.ToUpperInvariant();
            switch (code)
            {
                case FormErrorCodes.IdFormat:
                    Fail(code, Inv($"公民身份号码应为 18 位：17 位数字加 1 位校验码（数字或 X），当前为 {upper.Length} 位"), Inv($"a citizen ID number has 18 characters: 17 digits and a check character (a digit or X); this one has {upper.Length}"));
                    break;
                case FormErrorCodes.IdRegion:
                    Fail(code, $"公民身份号码前两位「{upper[..2]}」不是有效的省级行政区划代码", $"the first two digits \"{upper[..2]}\" of the citizen ID number are not a valid province code");
                    break;
                case FormErrorCodes.IdBirthDate:
                    var digits = upper.Substring(6, 8);
                    if (!DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth))
                    {
                        Fail(code, $"公民身份号码中的出生日期「{digits}」不是有效日期", $"the birth date \"{digits}\" in the citizen ID number is not a real date");
                    }
                    else if (birth < CitizenIdNumber.EarliestBirthDate)
                    {
                        Fail(code, $"公民身份号码中的出生日期「{digits}」早于 1900 年", $"the birth date \"{digits}\" in the citizen ID number is before 1900");
                    }
                    else
                    {
                        Fail(code, $"公民身份号码中的出生日期「{digits}」晚于今天", $"the birth date \"{digits}\" in the citizen ID number is after today");
                    }

                    break;
                default:
                    var expected = CitizenIdNumber.ComputeCheckCharacter(upper.AsSpan(0, 17));
                    Fail(FormErrorCodes.IdChecksum, $"公民身份号码校验位错误，应为 {expected}", $"the check character of the citizen ID number is wrong; expected {expected}");
                    break;
            }

            return false;
        }

        private bool CheckCreditCode(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(CodeCap), out var value))
            {
                return false;
            }

            if (CreditCode.TryParse(value, out var creditCode, out var code))
            {
                return Accept(creditCode.Value, creditCode);
            }

            if (code == FormErrorCodes.CreditCodeFormat)
            {
                Fail(code, "统一社会信用代码应为 18 位，由数字和大写字母组成（不含 I、O、S、V、Z）", "a unified social credit code has 18 digits and capital letters (no I, O, S, V or Z)");
            }
            else
            {
                var expected = CreditCode.ComputeCheckCharacter(value.ToUpperInvariant().AsSpan(0, 17));
                Fail(FormErrorCodes.CreditCodeChecksum, $"统一社会信用代码校验位错误，应为 {expected}", $"the check character of the unified social credit code is wrong; expected {expected}");
            }

            return false;
        }

        private bool CheckMobile(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(20), out var value))
            {
                return false;
            }

            if (MobileNumber.TryNormalize(value, out var mobile))
            {
                return Accept(mobile);
            }

            Fail(FormErrorCodes.MobileInvalid, "应为 11 位中国大陆手机号码（以 1 开头，第二位为 3–9，可带 +86）", "must be an 11-digit mainland China mobile number (1, then 3–9, then 9 digits; +86 allowed)");
            return false;
        }

        private bool CheckDate(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(CodeCap), out var value))
            {
                return false;
            }

            if (!FormBounds.HasDateShape(value))
            {
                Fail(FormErrorCodes.DateFormat, "日期格式应为 yyyy-MM-dd，例如 2024-03-01", "the date must be written yyyy-MM-dd, e.g. 2024-03-01");
                return false;
            }

            if (!FormBounds.TryParseDate(value, out var date))
            {
                Fail(FormErrorCodes.DateInvalid, $"「{value}」不是有效的日期", $"\"{value}\" is not a real date");
                return false;
            }

            var field = current.Field;
            FormBounds.TryDateBound(field.Min, today, out var min, out _);
            FormBounds.TryDateBound(field.Max, today, out var max, out var maxIsToday);
            min ??= FormBounds.EarliestDate;
            if (date < min)
            {
                Fail(FormErrorCodes.DateRange, $"不能早于 {FormBounds.Format(min.Value)}", $"must not be before {FormBounds.Format(min.Value)}");
                return false;
            }

            if (max is { } m && date > m)
            {
                if (maxIsToday)
                {
                    Fail(FormErrorCodes.DateFuture, $"不能晚于今天（{FormBounds.Format(m)}）", $"must not be after today ({FormBounds.Format(m)})");
                }
                else
                {
                    Fail(FormErrorCodes.DateRange, $"不能晚于 {FormBounds.Format(m)}", $"must not be after {FormBounds.Format(m)}");
                }

                return false;
            }

            return Accept(FormBounds.Format(date), date);
        }

        private bool CheckEnum(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(EnumCap), out var value))
            {
                return false;
            }

            var options = current.Field.Options ?? [];
            if (options.Exists(o => string.Equals(o.Code, value, StringComparison.Ordinal)))
            {
                return Accept(value);
            }

            var zh = string.Join("、", options.Select(o => $"{o.Code}（{o.Label.Zh}）"));
            var en = string.Join(", ", options.Select(o => $"{o.Code} ({o.Label.En})"));
            Fail(FormErrorCodes.EnumUnknown, $"「{value}」不是可选值，可选：{zh}", $"\"{value}\" is not one of the options: {en}");
            return false;
        }

        private bool CheckMoney(JsonNode node, JsonValueKind kind, string? text)
        {
            decimal amount;
            if (kind == JsonValueKind.Number)
            {
                if (!FormBounds.TryNodeDecimal(node, out amount))
                {
                    Fail(FormErrorCodes.MoneyFormat, "金额不是有效的数字", "the amount is not a valid number");
                    return false;
                }
            }
            else if (kind == JsonValueKind.String)
            {
                if (!CheckString(kind, text, Cap(CodeCap), out var value))
                {
                    return false;
                }

                if (!FormBounds.TryParseDecimal(value, out amount))
                {
                    Fail(FormErrorCodes.MoneyFormat, "金额应为数字，例如 1234.50", "the amount must be a number, e.g. 1234.50");
                    return false;
                }
            }
            else
            {
                Fail(FormErrorCodes.WrongKind, "应为数字", "the value must be a number");
                return false;
            }

            if (amount * 100 != decimal.Truncate(amount * 100))
            {
                Fail(FormErrorCodes.MoneyPrecision, "金额最多保留两位小数", "the amount may have at most two decimal places");
                return false;
            }

            var field = current.Field;
            FormBounds.TryNumberBound(field.Min, out var min);
            FormBounds.TryNumberBound(field.Max, out var max);
            min ??= 0m;
            if (amount < min || (max is { } m && amount > m))
            {
                var (zh, en) = RangeText(min, max);
                Fail(FormErrorCodes.MoneyRange, $"金额{zh}", $"the amount {en}");
                return false;
            }

            amount = decimal.Round(amount, 2);
            current.Normalized = JsonValue.Create(amount);
            current.Typed = amount;
            return true;
        }

        private bool CheckInteger(JsonNode node, JsonValueKind kind, string? text)
        {
            long number;
            if (kind == JsonValueKind.Number)
            {
                if (!FormBounds.TryNodeDecimal(node, out var d) || d != decimal.Truncate(d) || d < long.MinValue || d > long.MaxValue)
                {
                    Fail(FormErrorCodes.IntegerFormat, "应为整数", "must be a whole number");
                    return false;
                }

                number = (long)d;
            }
            else if (kind == JsonValueKind.String)
            {
                if (!CheckString(kind, text, Cap(CodeCap), out var value))
                {
                    return false;
                }

                if (value.Length > 19 || !value.TrimStart('-').All(char.IsAsciiDigit) || value.LastIndexOf('-') > 0
                    || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
                {
                    Fail(FormErrorCodes.IntegerFormat, "应为整数", "must be a whole number");
                    return false;
                }
            }
            else
            {
                Fail(FormErrorCodes.WrongKind, "应为数字", "the value must be a number");
                return false;
            }

            var field = current.Field;
            FormBounds.TryNumberBound(field.Min, out var min);
            FormBounds.TryNumberBound(field.Max, out var max);
            if ((min is { } lo && number < lo) || (max is { } hi && number > hi))
            {
                var (zh, en) = RangeText(min, max);
                Fail(FormErrorCodes.IntegerRange, zh, en);
                return false;
            }

            current.Normalized = JsonValue.Create(number);
            current.Typed = number;
            return true;
        }

        private static (string Zh, string En) RangeText(decimal? min, decimal? max) => (min, max) switch
        {
            ({ } lo, { } hi) => ($"应在 {FormBounds.Format(lo)} 至 {FormBounds.Format(hi)} 之间", $"must be between {FormBounds.Format(lo)} and {FormBounds.Format(hi)}"),
            ({ } lo, null) => ($"不能小于 {FormBounds.Format(lo)}", $"must be at least {FormBounds.Format(lo)}"),
            (null, { } hi) => ($"不能大于 {FormBounds.Format(hi)}", $"must be at most {FormBounds.Format(hi)}"),
            _ => ("超出范围", "is out of range"),
        };

        private bool CheckBankCard(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(CodeCap), out var value))
            {
                return false;
            }

            if (!BankCard.HasValidFormat(value))
            {
                Fail(FormErrorCodes.BankCardFormat, Inv($"银行卡号应为 {BankCard.MinDigits} 至 {BankCard.MaxDigits} 位数字"), Inv($"a bank card number has {BankCard.MinDigits} to {BankCard.MaxDigits} digits"));
                return false;
            }

            if (!BankCard.IsValid(value))
            {
                Fail(FormErrorCodes.BankCardChecksum, "银行卡号校验失败，请核对是否输错", "the bank card number fails its check digit; please check for a typo");
                return false;
            }

            return Accept(BankCard.Normalize(value));
        }

        private bool CheckAddress(JsonValueKind kind, string? text)
        {
            if (!CheckString(kind, text, Cap(AddressMaxLength), out var value))
            {
                return false;
            }

            var min = Math.Max(current.Field.MinLength ?? AddressMinLength, AddressMinLength);
            if (RuneCount(value) < min)
            {
                Fail(FormErrorCodes.TextTooShort, Inv($"地址不能少于 {min} 个字"), Inv($"the address must be at least {min} characters long"));
                return false;
            }

            if (!value.EnumerateRunes().Any(ChineseName.IsIdeograph))
            {
                Fail(FormErrorCodes.AddressNoChinese, "地址应包含中文", "the address must contain Chinese characters");
                return false;
            }

            return Accept(value);
        }

        private bool CheckBoolean(JsonValueKind kind)
        {
            if (kind is not (JsonValueKind.True or JsonValueKind.False))
            {
                Fail(FormErrorCodes.WrongKind, "应为是或否（true/false）", "the value must be true or false");
                return false;
            }

            var value = kind == JsonValueKind.True;
            current.Normalized = JsonValue.Create(value);
            current.Typed = value;
            return true;
        }

        private bool Ready(string? path, out FieldState state)
        {
            state = null!;
            return path is not null && states.TryGetValue(path, out state!) && state.Present && state.Valid;
        }

        /// <summary>Ready and holding a date: a document number without a birth date (a passport) skips the date rules.</summary>
        private bool ReadyDate(string? path, out FieldState state) => Ready(path, out state) && state.HasDate;

        /// <summary>A rule's problem, reported at <paramref name="fields"/>' first field and naming all of them.</summary>
        private void RuleFail(FormRule rule, string code, string zh, string en, params string[] fields)
        {
            var concerned = fields.Distinct(StringComparer.Ordinal).ToArray();
            Errors.Add(new FieldError(concerned[0], code, rule.Message?.Zh ?? zh, rule.Message?.En ?? en, concerned.Length > 1 ? concerned : null));
        }

        private void CheckRule(FormRule rule)
        {
            switch (rule.Kind)
            {
                case RuleKind.NotFuture:
                    if (ReadyDate(rule.Field, out var f) && f.Date > today)
                    {
                        RuleFail(rule, FormErrorCodes.RuleNotFuture, $"{f.LabelZh}（{FormBounds.Format(f.Date)}）不能晚于今天（{FormBounds.Format(today)}）", $"{f.LabelEn} ({FormBounds.Format(f.Date)}) must not be after today ({FormBounds.Format(today)})", f.Path);
                    }

                    break;
                case RuleKind.IdBirthDate:
                    if (ReadyDate(rule.IdField, out var id) && ReadyDate(rule.DateField, out var date) && id.Date != date.Date)
                    {
                        RuleFail(rule, FormErrorCodes.RuleIdBirthDate, $"{id.LabelZh}中的出生日期（{FormBounds.Format(id.Date)}）与{date.LabelZh}（{FormBounds.Format(date.Date)}）不一致", $"The birth date in {id.LabelEn} ({FormBounds.Format(id.Date)}) does not match {date.LabelEn} ({FormBounds.Format(date.Date)})", id.Path, date.Path);
                    }

                    break;
                case RuleKind.IdSex:
                    CheckIdSex(rule);
                    break;
                case RuleKind.DateOrder:
                    if (ReadyDate(rule.Earlier, out var earlier) && ReadyDate(rule.Later, out var later) && earlier.Date > later.Date)
                    {
                        RuleFail(rule, FormErrorCodes.RuleDateOrder, $"{earlier.LabelZh}（{FormBounds.Format(earlier.Date)}）不能晚于{later.LabelZh}（{FormBounds.Format(later.Date)}）", $"{earlier.LabelEn} ({FormBounds.Format(earlier.Date)}) must not be after {later.LabelEn} ({FormBounds.Format(later.Date)})", earlier.Path, later.Path);
                    }

                    break;
                case RuleKind.RequiredWhen:
                    CheckRequiredWhen(rule);
                    break;
                case RuleKind.Distinct:
                    CheckDistinct(rule);
                    break;
                case RuleKind.MinAge:
                    CheckMinAge(rule);
                    break;
                case RuleKind.MaxAgeDays:
                    CheckMaxAgeDays(rule);
                    break;
                case RuleKind.SumEquals:
                    CheckSumEquals(rule);
                    break;
                case RuleKind.MaxYearsAfter:
                    CheckMaxYearsAfter(rule);
                    break;
                case RuleKind.FlexibleRetirement:
                    CheckFlexibleRetirement(rule);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown rule kind {rule.Kind}.");
            }
        }

        private void CheckIdSex(FormRule rule)
        {
            if (!Ready(rule.IdField, out var id) || !Ready(rule.SexField, out var sexState) || id.EncodedSex is not { } idSex)
            {
                return;
            }

            if (ParseSex((string)sexState.Typed!) == idSex)
            {
                return;
            }

            var (zh, en) = idSex == Sex.Male ? ("男", "male") : ("女", "female");
            RuleFail(rule, FormErrorCodes.RuleIdSex, $"{id.LabelZh}显示性别为{zh}，与{sexState.LabelZh}不一致", $"{id.LabelEn} indicates {en}, which does not match {sexState.LabelEn}", id.Path, sexState.Path);
        }

        private static Sex? ParseSex(string value) => value.ToUpperInvariant() switch
        {
            "1" or "M" or "MALE" or "男" => Sex.Male,
            "2" or "F" or "FEMALE" or "女" => Sex.Female,
            _ => null,
        };

        private void CheckRequiredWhen(FormRule rule)
        {
            if (rule.Field is null || rule.When is null || !states.TryGetValue(rule.Field, out var target) || target.Present
                || !states.TryGetValue(rule.When.Path, out var condition))
            {
                return;
            }

            bool holds;
            string zhCondition;
            string enCondition;
            if (rule.When.EqualTo is not { } expected)
            {
                holds = condition.Present && condition.Valid;
                zhCondition = $"填写了{condition.LabelZh}";
                enCondition = $"{condition.LabelEn} is filled in";
            }
            else if (expected.ValueKind == JsonValueKind.Null)
            {
                holds = !condition.Present;
                zhCondition = $"未填写{condition.LabelZh}";
                enCondition = $"{condition.LabelEn} is empty";
            }
            else
            {
                if (condition.Present && !condition.Valid)
                {
                    return;
                }

                holds = condition.Present && SameValue(condition.Normalized!, expected);
                var (zh, en) = Display(condition.Field, expected);
                zhCondition = $"{condition.LabelZh}为「{zh}」";
                enCondition = $"{condition.LabelEn} is \"{en}\"";
            }

            if (holds)
            {
                RuleFail(rule, FormErrorCodes.RuleRequiredWhen, $"{zhCondition}时，{target.LabelZh}为必填项", $"{target.LabelEn} is required when {enCondition}", target.Path);
            }
        }

        private static bool SameValue(JsonNode actual, JsonElement expected)
        {
            var expectedNode = JsonSerializer.SerializeToNode(expected);
            return JsonNode.DeepEquals(actual, expectedNode) || string.Equals(ScalarText(actual), ScalarText(expectedNode), StringComparison.Ordinal);
        }

        private static string? ScalarText(JsonNode? node) => node?.GetValueKind() switch
        {
            JsonValueKind.String => node.GetValue<string>(),
            JsonValueKind.Number => FormBounds.TryNodeDecimal(node, out var d) ? FormBounds.Format(d) : null,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };

        private static (string Zh, string En) Display(FormField field, JsonElement value)
        {
            var text = ScalarText(JsonSerializer.SerializeToNode(value)) ?? value.GetRawText();
            if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return value.ValueKind == JsonValueKind.True ? ("是", "yes") : ("否", "no");
            }

            var option = field.Options?.Find(o => string.Equals(o.Code, text, StringComparison.Ordinal));
            return option is null ? (text, text) : (option.Label.Zh, option.Label.En);
        }

        private void CheckDistinct(FormRule rule)
        {
            var filled = (rule.Fields ?? []).Select(p => Ready(p, out var s) ? s : null).OfType<FieldState>().ToList();
            var firstPath = rule.Fields![0];
            for (var i = 0; i < filled.Count; i++)
            {
                for (var j = i + 1; j < filled.Count; j++)
                {
                    if (string.Equals(ScalarText(filled[i].Normalized), ScalarText(filled[j].Normalized), StringComparison.Ordinal))
                    {
                        RuleFail(rule, FormErrorCodes.RuleDistinct, $"{filled[i].LabelZh}与{filled[j].LabelZh}不能相同", $"{filled[i].LabelEn} and {filled[j].LabelEn} must differ", firstPath, filled[i].Path, filled[j].Path);
                    }
                }
            }
        }

        private bool TryReferenceDate(FormRule rule, out DateOnly date, out string zh, out string en)
        {
            date = today;
            zh = $"今天（{FormBounds.Format(today)}）";
            en = $"today ({FormBounds.Format(today)})";
            if (rule.AtField is null)
            {
                return true;
            }

            if (!ReadyDate(rule.AtField, out var at))
            {
                return false;
            }

            date = at.Date;
            zh = $"{at.LabelZh}（{FormBounds.Format(date)}）";
            en = $"{at.LabelEn} ({FormBounds.Format(date)})";
            return true;
        }

        private void CheckMinAge(FormRule rule)
        {
            if (!ReadyDate(rule.IdField, out var person) || !TryReferenceDate(rule, out var at, out var atZh, out var atEn))
            {
                return;
            }

            var years = rule.Years ?? 0;
            var age = CitizenIdNumber.AgeInYears(person.Date, at);
            if (age < years)
            {
                RuleFail(rule, FormErrorCodes.RuleMinAge, Inv($"{person.LabelZh}对应的人员在{atZh}应年满 {years} 周岁，实际为 {age} 周岁"), Inv($"The person of {person.LabelEn} must be at least {years} years old on {atEn}; is {age}"), rule.AtField is null ? [person.Path] : [person.Path, rule.AtField]);
            }
        }

        private void CheckMaxAgeDays(FormRule rule)
        {
            if (!ReadyDate(rule.Field, out var f) || !TryReferenceDate(rule, out var at, out var atZh, out var atEn))
            {
                return;
            }

            var days = rule.Days ?? 0;
            var elapsed = at.DayNumber - f.Date.DayNumber;
            if (elapsed > days)
            {
                RuleFail(rule, FormErrorCodes.RuleMaxAgeDays, Inv($"{f.LabelZh}（{FormBounds.Format(f.Date)}）距{atZh}已 {elapsed} 天，超过 {days} 天的期限"), Inv($"{f.LabelEn} ({FormBounds.Format(f.Date)}) is {elapsed} days before {atEn}, more than the {days} days allowed"), rule.AtField is null ? [f.Path] : [f.Path, rule.AtField]);
            }
        }
    

        private void CheckSumEquals(FormRule rule)
        {
            if (!Ready(rule.Field, out var total) || total.Typed is not decimal expected)
            {
                return;
            }

            var parts = new List<FieldState>();
            foreach (var path in rule.Fields ?? [])
            {
                if (!states.TryGetValue(path, out var part) || !part.Present)
                {
                    continue;
                }

                if (!part.Valid || part.Typed is not decimal)
                {
                    return;
                }

                parts.Add(part);
            }

            var sum = parts.Sum(p => (decimal)p.Typed!);
            if (sum != expected)
            {
                RuleFail(rule, FormErrorCodes.RuleSumEquals, Inv($"{string.Join("、", parts.Select(p => p.LabelZh))}合计为 {FormBounds.Format(sum)}，应等于{total.LabelZh}（{FormBounds.Format(expected)}）"), Inv($"{string.Join(", ", parts.Select(p => p.LabelEn))} add up to {FormBounds.Format(sum)}; they must equal {total.LabelEn} ({FormBounds.Format(expected)})"), [total.Path, .. parts.Select(p => p.Path)]);
            }
        }

        /// <summary>
        /// 弹性退休: the chosen date lies between the later of three years before the statutory date and the former age,
        /// and three years after the statutory date; before it for 弹性提前退休, after it for 弹性延迟退休.
        /// </summary>
        private void CheckFlexibleRetirement(FormRule rule)
        {
            if (!ReadyDate(rule.Field, out var chosen) || !ReadyDate(rule.IdField, out var person) || !Ready(rule.SexField, out var sexState)
                || !Ready(rule.When?.Path, out var category) || ParseSex((string)sexState.Typed!) is not { } sex)
            {
                return;
            }

            var group = RetirementAge.GroupOf(sex == Sex.Male, Holds(rule.When));
            var window = RetirementAge.WindowFor(group, person.Date, rule.Years ?? RetirementAge.FlexibleYears);
            var years = rule.Years ?? RetirementAge.FlexibleYears;
            var (whoZh, whoEn) = RetirementAge.Describe(group);
            var formerYears = RetirementAge.RuleFor(group).FormerAgeYears;
            var statutoryZh = Inv($"{whoZh}法定退休年龄为{RetirementAge.DescribeAgeZh(window.StatutoryAgeMonths)}（{FormBounds.Format(window.StatutoryDate)}到达）");
            var statutoryEn = Inv($"the statutory retirement age of {whoEn} born on {FormBounds.Format(person.Date)} is {RetirementAge.DescribeAgeEn(window.StatutoryAgeMonths)} (reached on {FormBounds.Format(window.StatutoryDate)})");
            var windowZh = Inv($"可选 {FormBounds.Format(window.Earliest)} 至 {FormBounds.Format(window.Latest)}（提前最多 {years} 年且不早于原退休年龄 {formerYears} 周岁，延迟最多 {years} 年）");
            var windowEn = Inv($"the window is {FormBounds.Format(window.Earliest)} to {FormBounds.Format(window.Latest)} (at most {years} years earlier and not below the former age of {formerYears}, at most {years} years later)");
            string[] fields = [chosen.Path, person.Path, sexState.Path, category.Path];
            if (Holds(rule.EarlyWhen) && !window.AllowsEarly)
            {
                RuleFail(rule, FormErrorCodes.RuleFlexibleRetirement, Inv($"不能选择弹性提前退休：{statutoryZh}，即原退休年龄 {formerYears} 周岁，不能再提前"), Inv($"Flexible early retirement is not open: {statutoryEn}, which is the former age of {formerYears}; it cannot be brought forward"), fields);
            }
            else if (chosen.Date < window.Earliest || chosen.Date > window.Latest)
            {
                RuleFail(rule, FormErrorCodes.RuleFlexibleRetirement, Inv($"{chosen.LabelZh}（{FormBounds.Format(chosen.Date)}）不在弹性退休范围内：{statutoryZh}，{windowZh}"), Inv($"{chosen.LabelEn} ({FormBounds.Format(chosen.Date)}) is outside the flexible retirement window: {statutoryEn}; {windowEn}"), fields);
            }
            else if (Holds(rule.EarlyWhen) && chosen.Date >= window.StatutoryDate)
            {
                RuleFail(rule, FormErrorCodes.RuleFlexibleRetirement, Inv($"弹性提前退休的{chosen.LabelZh}（{FormBounds.Format(chosen.Date)}）应早于法定退休日期：{statutoryZh}，提前可选 {FormBounds.Format(window.Earliest)} 至 {FormBounds.Format(window.StatutoryDate.AddDays(-1))}"), Inv($"For flexible early retirement {chosen.LabelEn} ({FormBounds.Format(chosen.Date)}) must come before the statutory date: {statutoryEn}; early dates run from {FormBounds.Format(window.Earliest)} to {FormBounds.Format(window.StatutoryDate.AddDays(-1))}"), fields);
            }
            else if (Holds(rule.LaterWhen) && chosen.Date <= window.StatutoryDate)
            {
                RuleFail(rule, FormErrorCodes.RuleFlexibleRetirement, Inv($"弹性延迟退休的{chosen.LabelZh}（{FormBounds.Format(chosen.Date)}）应晚于法定退休日期：{statutoryZh}，延迟可选 {FormBounds.Format(window.StatutoryDate.AddDays(1))} 至 {FormBounds.Format(window.Latest)}"), Inv($"For flexible deferred retirement {chosen.LabelEn} ({FormBounds.Format(chosen.Date)}) must come after the statutory date: {statutoryEn}; deferred dates run from {FormBounds.Format(window.StatutoryDate.AddDays(1))} to {FormBounds.Format(window.Latest)}"), fields);
            }
        }

        private bool Holds(RuleCondition? condition) =>
            condition is not null && states.TryGetValue(condition.Path, out var state) && state.Present && state.Valid
            && (condition.EqualTo is not { } expected || SameValue(state.Normalized!, expected));

        private void CheckMaxYearsAfter(FormRule rule)
        {
            if (!ReadyDate(rule.Field, out var f) || !TryReferenceDate(rule, out var at, out var atZh, out var atEn))
            {
                return;
            }

            var years = rule.Years ?? 0;
            var latest = at.AddYears(years);
            if (f.Date > latest)
            {
                RuleFail(rule, FormErrorCodes.RuleMaxYearsAfter, Inv($"{f.LabelZh}（{FormBounds.Format(f.Date)}）不能晚于{atZh}起 {years} 年（{FormBounds.Format(latest)}）"), Inv($"{f.LabelEn} ({FormBounds.Format(f.Date)}) must be within {years} years of {atEn} ({FormBounds.Format(latest)})"), rule.AtField is null ? [f.Path] : [f.Path, rule.AtField]);
            }
        }
}
}
