namespace RpaRunner.Sandbox.Identifiers;

/// <summary>Bank card numbers (16 to 19 digits) carry a Luhn check digit; counters reject a mistyped card.</summary>
public static class BankCardNumber
{
    public static bool IsValid(string? value)
    {
        if (value is null || value.Length is < 16 or > 19 || !value.All(char.IsAsciiDigit))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var digit = value[value.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }
}
