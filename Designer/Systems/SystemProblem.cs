using System.Text.RegularExpressions;

namespace RpaRunner.Designer.Systems;

/// <summary>
/// One problem of a system package as the problems panel shows it: where it is, then what is wrong in Chinese, then
/// in English. The checks write "where: 中文 / English"; a few of the script library's rules still speak English only,
/// and for those the panel gives the Chinese itself, so a designer never meets a problem in English alone.
/// </summary>
public sealed partial record SystemProblem(string Where, string Zh, string? En)
{
    public static SystemProblem Parse(string problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var colon = WhereEnds().Match(problem);
        var where = colon.Success ? problem[..colon.Index].Trim() : string.Empty;
        var text = colon.Success ? problem[(colon.Index + colon.Length)..].Trim() : problem.Trim();
        if (HasChinese().IsMatch(text))
        {
            var slash = text.IndexOf("/ ", StringComparison.Ordinal);
            return slash > 0 && HasChinese().IsMatch(text[..slash])
                ? new SystemProblem(where, text[..slash].Trim(), text[(slash + 2)..].Trim())
                : new SystemProblem(where, text, null);
        }

        var gloss = s_glosses.FirstOrDefault(g => text.Contains(g.English, StringComparison.Ordinal)).Chinese;
        return new SystemProblem(where, gloss ?? "（以下为英文原文）", text);
    }

    /// <summary>The script library's English-only rules, by a phrase each message holds.</summary>
    private static readonly (string English, string Chinese)[] s_glosses =
    [
        ("no searchBeforeCreate", "缺少“先查后建”：提交后结果不明时无法核实，重试可能重复录入。请勾选“先查后建”并填写查询步骤"),
        ("declares no commit point", "没有标明提交点：请在保存记录的那一步（提交、确定）勾选“提交点”"),
        ("are all marked as the commit point", "多个步骤都标成了提交点，一个脚本只能有一个"),
        ("uploads but names no material", "上传步骤没有指明材料"),
        ("uploads at or after the commit point", "上传步骤须在提交点之前：文件随记录一起提交"),
        ("has an ending but is not the commit step", "只有提交点步骤可以写结束方式（ending）"),
        ("closes the window, so no step may follow it", "提交点会关闭窗口，之后不能再有步骤，也读不到输出"),
        ("has no such action", "系统目录中没有这个事项"),
        ("cannot be searched (\"idempotent\": false), yet the script searches", "事项声明了无法查重，脚本却写了先查后建：请去掉其中之一"),
    ];

    [GeneratedRegex(@":\s")]
    private static partial Regex WhereEnds();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex HasChinese();
}
