namespace RpaRunner.Sandbox.Systems;

/// <summary>What the departments of “身后” share: the relations an heir may have, and the 户口注销 they look for.</summary>
internal static class AfterDeath
{
    public static IReadOnlyList<CodeOption> Relations { get; } =
    [
        new("10", "配偶", "spouse"),
        new("20", "子女", "child"),
        new("50", "父母", "parent"),
    ];

    /// <summary>The deceased's household entry was cancelled by 公安 (the exchange every benefit office reads).</summary>
    public static async Task<string?> RequireHouseholdCancelledAsync(BusinessContext c, string idNumber)
    {
        var cancelled = await c.RecordsAsync("gongan", "gongan.cancelHouseholdOnDeath", idNumber);
        return cancelled.Count > 0 ? null : "未查询到该人员的死亡户口注销信息（公安共享数据），请先办理户口注销";
    }

    /// <summary>The heir is in the register under that name, and is not the deceased.</summary>
    public static async Task<string?> VerifyHeirAsync(BusinessContext c, ActionRequest r)
    {
        if (r["heirIdNumber"] == r["idNumber"])
        {
            return "申领人不能是死亡人员本人";
        }

        var (_, error) = await c.VerifyPersonAsync(r["heirIdNumber"], r["heirName"], "申领人");
        return error;
    }

    public static FieldDefinition[] HeirFields() =>
    [
        new("heirName", "申领人姓名", FieldKind.Text),
        new("heirIdNumber", "申领人身份证号码", FieldKind.IdNumber),
        new("relation", "与死者关系", FieldKind.Code, Options: Relations),
        new("bankCardNo", "收款银行卡号", FieldKind.BankCard),
        new("bankName", "开户银行", FieldKind.Text),
    ];
}
