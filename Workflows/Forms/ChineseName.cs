using System.Text;

namespace RpaRunner.Workflows.Forms;

/// <summary>
/// Names written in Chinese characters: 2–30 characters, CJK ideographs (basic, extensions A–I, compatibility)
/// and 〇, with the middle dot · between the parts of minority names (e.g. 买买提·艾力).
/// </summary>
public static class ChineseName
{
    public const int MinLength = 2;
    public const int MaxLength = 30;
    public const char MiddleDot = '\u00B7';

    private static readonly string[] CompoundSurnames =
    [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐",
        "夏侯", "澹台", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟", "申屠", "闻人", "赫连",
        "司空", "钟离", "太史", "公羊", "濮阳", "淳于", "单于", "羊舌", "第五", "拓跋", "东郭", "左丘", "谷梁",
    ];

    /// <summary>Trims and turns the look-alike dots (・ • ‧ ∙ ．) into the middle dot ·.</summary>
    public static string Normalize(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(c is '\u30FB' or '\u2022' or '\u2027' or '\u2219' or '\uFF0E' or '\uFF65' ? MiddleDot : c);
        }

        return builder.ToString();
    }

    /// <summary>True when the name (after <see cref="Normalize"/>) is a valid Chinese name.</summary>
    public static bool IsValid(string? text) => Check(Normalize(text)) is null;

    /// <summary>Null when valid, otherwise name.length or name.invalid. Expects a normalised name.</summary>
    internal static string? Check(string name)
    {
        var count = 0;
        var previousWasDot = true;
        foreach (var rune in name.EnumerateRunes())
        {
            count++;
            if (rune.Value == MiddleDot)
            {
                if (previousWasDot)
                {
                    return FormErrorCodes.NameInvalid;
                }

                previousWasDot = true;
                continue;
            }

            if (!IsIdeograph(rune))
            {
                return FormErrorCodes.NameInvalid;
            }

            previousWasDot = false;
        }

        if (count > 0 && previousWasDot)
        {
            return FormErrorCodes.NameInvalid;
        }

        return count is < MinLength or > MaxLength ? FormErrorCodes.NameLength : null;
    }

    /// <summary>True for CJK ideographs (basic, extensions A–I, compatibility) and 〇.</summary>
    public static bool IsIdeograph(Rune rune) => rune.Value switch
    {
        0x3007 => true,
        >= 0x3400 and <= 0x4DBF => true,
        >= 0x4E00 and <= 0x9FFF => true,
        >= 0xF900 and <= 0xFAFF => true,
        >= 0x20000 and <= 0x2A6DF => true,
        >= 0x2A700 and <= 0x2EE5F => true,
        >= 0x2F800 and <= 0x2FA1F => true,
        >= 0x30000 and <= 0x323AF => true,
        _ => false,
    };

    /// <summary>Keeps the surname (a known compound surname or the first character): 张* / 欧阳**.</summary>
    public static string Mask(string? text)
    {
        var name = Normalize(text);
        var runes = name.EnumerateRunes().ToList();
        if (runes.Count == 0)
        {
            return string.Empty;
        }

        var keep = runes.Count > 2 && CompoundSurnames.Any(s => name.StartsWith(s, StringComparison.Ordinal)) ? 2 : 1;
        var builder = new StringBuilder();
        for (var i = 0; i < runes.Count; i++)
        {
            if (i < keep || runes[i].Value == MiddleDot)
            {
                builder.Append(runes[i].ToString());
            }
            else
            {
                builder.Append('*');
            }
        }

        return builder.ToString();
    }
}
