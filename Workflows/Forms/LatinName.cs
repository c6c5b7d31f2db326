using System.Text;

namespace RpaRunner.Workflows.Forms;

/// <summary>
/// Names written in Latin letters, as a foreigner's passport or permanent resident ID gives them: letters
/// (A–Z, a–z and the accented Latin letters), separated by single spaces, hyphens, apostrophes or dots
/// (JOHN SMITH, Anne-Marie O'Neil, J. R. Tolkien), starting with a letter, 2 to 70 characters.
/// </summary>
public static class LatinName
{
    public const int MinLength = 2;

    /// <summary>Room for the full name of a passport's visual zone.</summary>
    public const int MaxLength = 70;

    /// <summary>Trims, collapses runs of white space into one space and turns the typographic apostrophe into '.</summary>
    public static string Normalize(string? text)
    {
        var value = (text ?? string.Empty).Trim();
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c is '\u2019' or '\u02BC' ? '\'' : c);
        }

        return builder.ToString();
    }

    /// <summary>True when the name (after <see cref="Normalize"/>) is a valid Latin-letter name.</summary>
    public static bool IsValid(string? text) => Check(Normalize(text)) is null;

    /// <summary>Null when valid, otherwise name.length or name.latinInvalid. Expects a normalised name.</summary>
    internal static string? Check(string name)
    {
        var previous = ' ';
        foreach (var c in name)
        {
            if (IsLatinLetter(c))
            {
                previous = c;
                continue;
            }

            // A separator follows a letter; only a dot may be followed by a space (J. R. Tolkien).
            var follows = IsLatinLetter(previous) || (c == ' ' && previous == '.');
            if (c is not (' ' or '-' or '\'' or '.') || !follows || (previous == ' ' && c != ' '))
            {
                return FormErrorCodes.NameLatinInvalid;
            }

            previous = c;
        }

        if (name.Length > 0 && !IsLatinLetter(name[0]))
        {
            return FormErrorCodes.NameLatinInvalid;
        }

        if (name.Length > 0 && previous is ' ' or '-' or '\'')
        {
            return FormErrorCodes.NameLatinInvalid;
        }

        return name.Length is < MinLength or > MaxLength ? FormErrorCodes.NameLength : null;
    }

    /// <summary>A–Z, a–z and the letters of Latin-1 Supplement and Latin Extended-A/B (é, ü, ø, ł…).</summary>
    public static bool IsLatinLetter(char c) =>
        char.IsAsciiLetter(c) || (c is >= '\u00C0' and <= '\u024F' && c is not ('\u00D7' or '\u00F7') && char.IsLetter(c));

    /// <summary>Keeps the first letter of each word: J*** S****.</summary>
    public static string Mask(string? text)
    {
        var name = Normalize(text);
        var builder = new StringBuilder(name.Length);
        var start = true;
        foreach (var c in name)
        {
            builder.Append(IsLatinLetter(c) ? (start ? c : '*') : c);
            start = !IsLatinLetter(c);
        }

        return builder.ToString();
    }
}
