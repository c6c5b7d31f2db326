namespace RpaRunner.Sandbox.Systems.Yibao;

/// <summary>医保 matter of “身后”: 参保人员个人账户一次性支取（基本医疗保险）.</summary>
internal static partial class YibaoSystem
{
    private static ActionDefinition WithdrawAccountOnDeath() => DeathBenefits.Define(
        "yibao.withdrawAccountOnDeath", "参保人员个人账户一次性支取（死亡）", "个人账户", "withdrawalNo", "支取业务编号",
        (r, _) => DeathBenefits.AccountBalance(r, 3.5m), "YBZQ");
}
