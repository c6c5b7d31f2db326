namespace RpaRunner.Sandbox.Systems.Shichang;

/// <summary>注销原因 and 注销方式, shared by 税务 (清税) and 市场监管 (注销登记).</summary>
internal static class DeregistrationCodes
{
    public static IReadOnlyList<CodeOption> Reasons { get; } =
    [
        new("1", "股东会（股东大会）决议解散", "决议解散"),
        new("2", "章程规定的营业期限届满或解散事由出现", "营业期限届满"),
        new("3", "因合并或分立解散", "合并分立"),
    ];

    public static IReadOnlyList<CodeOption> Procedures { get; } =
    [
        new("1", "简易注销", "simplified"),
        new("2", "一般注销", "ordinary"),
    ];

    /// <summary>Days the notice must run before the application: 简易注销 公示 20 days, 一般注销 债权人公告 45 days.</summary>
    public static int AnnouncementDays(string procedure) => procedure == "1" ? 20 : 45;
}
