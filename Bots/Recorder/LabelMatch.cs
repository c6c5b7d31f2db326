namespace RpaRunner.Bots.Recorder;

/// <summary>
/// Which of an action's labelled fields a label on the page names. Systems word their labels a little differently from
/// the catalog ("缴费基数" for "缴费基数（元/月）", "身份证号码" for "公民身份号码"), so the match allows for that, but a
/// label that equals one exactly always wins over one that only resembles it ("姓名" is 姓名, not 监护人姓名).
/// </summary>
public static class LabelMatch
{
    /// <summary>Two labels sharing at least this share of their character pairs are taken for the same field.</summary>
    private const double Resemblance = 0.5;

    /// <summary>The index in <paramref name="labels"/> of the one <paramref name="label"/> names, or -1 when none is close enough.</summary>
    public static int Best(string? label, IReadOnlyList<string> labels)
    {
        var wanted = Normalize(label);
        if (wanted.Length == 0)
        {
            return -1;
        }

        var normalized = labels.Select(Normalize).ToList();
        var exact = normalized.IndexOf(wanted);
        if (exact >= 0)
        {
            return exact;
        }

        // One holds the other ("缴费基数" in "缴费基数（元/月）"): the closest in length is the likeliest.
        var holding = normalized.Select((l, i) => (l, i))
            .Where(c => c.l.Length > 0 && (c.l.Contains(wanted, StringComparison.Ordinal) || wanted.Contains(c.l, StringComparison.Ordinal)))
            .OrderBy(c => Math.Abs(c.l.Length - wanted.Length)).ThenBy(c => c.i).ToList();
        if (holding.Count > 0)
        {
            return holding[0].i;
        }

        var best = normalized.Select((l, i) => (score: Dice(wanted, l), i)).Where(c => c.score >= Resemblance).OrderByDescending(c => c.score).ThenBy(c => c.i).FirstOrDefault((score: 0, i: -1));
        return best.i;
    }

    /// <summary>The label without what varies between systems: spaces, the required star, the closing colon, a unit in brackets.</summary>
    public static string Normalize(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return string.Empty;
        }

        var text = new string([.. label.Where(c => !char.IsWhiteSpace(c) && c is not '*' and not '＊' and not ':' and not '：')]);
        foreach (var (open, close) in new[] { ('（', '）'), ('(', ')') })
        {
            var start = text.IndexOf(open, StringComparison.Ordinal);
            var end = text.LastIndexOf(close);
            if (start > 0 && end > start)
            {
                text = text[..start] + text[(end + 1)..];
            }
        }

        return text;
    }

    private static double Dice(string a, string b)
    {
        if (a.Length < 2 || b.Length < 2)
        {
            return 0;
        }

        var pairs = Enumerable.Range(0, b.Length - 1).Select(i => b.Substring(i, 2)).ToList();
        var shared = 0;
        foreach (var pair in Enumerable.Range(0, a.Length - 1).Select(i => a.Substring(i, 2)))
        {
            var at = pairs.IndexOf(pair);
            if (at >= 0)
            {
                shared++;
                pairs.RemoveAt(at);
            }
        }

        return 2.0 * shared / (a.Length - 1 + b.Length - 1);
    }
}
