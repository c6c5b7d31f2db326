namespace RpaRunner.Sandbox.Identifiers;

/// <summary>
/// The 15-digit enterprise 注册号 of the old registration system (region 6 + sequence 8 + check), whose check
/// digit follows ISO 7064 MOD 11,10. Legacy registration systems still show it next to the credit code.
/// </summary>
public static class RegistrationNumber
{
    public static char CheckDigit(ReadOnlySpan<char> first14)
    {
        var p = 10;
        foreach (var c in first14)
        {
            var s = (p + (c - '0')) % 10;
            if (s == 0)
            {
                s = 10;
            }

            p = s * 2 % 11;
        }

        return (char)('0' + ((11 - p) % 10));
    }

    public static bool IsValid(string? value) =>
        value is { Length: 15 } && value.All(char.IsAsciiDigit) && value[14] == CheckDigit(value.AsSpan(0, 14));
}
