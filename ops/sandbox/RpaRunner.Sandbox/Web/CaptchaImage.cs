using System.Globalization;
using System.Text;

namespace RpaRunner.Sandbox.Web;

/// <summary>A distorted four-character image captcha (SVG), the kind real bureau login pages show.</summary>
internal static class CaptchaImage
{
    // No 0/O, 1/I/L: the ambiguous characters real captchas also avoid.
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string NewAnswer(Func<int, int, int> next)
    {
        var chars = new char[4];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[next(0, Alphabet.Length)];
        }

        return new string(chars);
    }

    public static string Render(string answer, Func<int, int, int> next)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100\" height=\"36\" viewBox=\"0 0 100 36\">");
        svg.Append("<rect width=\"100\" height=\"36\" fill=\"#f3eedc\"/>");
        for (var i = 0; i < 6; i++)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{next(0, 100)}\" y1=\"{next(0, 36)}\" x2=\"{next(0, 100)}\" y2=\"{next(0, 36)}\" stroke=\"#{next(0x555555, 0xbbbbbb):x6}\" stroke-width=\"1\"/>");
        }

        for (var i = 0; i < answer.Length; i++)
        {
            var x = 12 + (i * 21) + next(-2, 3);
            var y = 25 + next(-4, 5);
            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{x}\" y=\"{y}\" font-family=\"monospace\" font-size=\"22\" font-weight=\"bold\" fill=\"#{next(0x102040, 0x804040):x6}\" transform=\"rotate({next(-25, 26)} {x} {y})\">{answer[i]}</text>");
        }

        for (var i = 0; i < 30; i++)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{next(0, 100)}\" cy=\"{next(0, 36)}\" r=\"1\" fill=\"#777\"/>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }
}
