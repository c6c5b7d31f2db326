using RpaRunner.Workflows;

namespace RpaRunner.Designer.Access;

/// <summary>
/// The public progress page an applicant opens without signing in: the case code and the last four digits of the
/// applicant's mobile. The receipt prints its address and this rule; the runner serves it.
/// </summary>
public static class PublicProgress
{
    public const string Path = "/progress";

    /// <summary>The page's address on the runner at <paramref name="baseUri"/>, for one case when its code is given.</summary>
    public static string Url(string baseUri, string? caseCode = null) =>
        baseUri.TrimEnd('/') + Path + (caseCode is null ? string.Empty : "?code=" + Uri.EscapeDataString(caseCode));

    public static readonly LocalizedText Rule = new(
        "凭办件编码和申请人手机号码后四位，可随时在该网址查询各部门办理进度。",
        "Follow each department's progress at this address with the case code and the last four digits of the applicant's mobile.");
}
