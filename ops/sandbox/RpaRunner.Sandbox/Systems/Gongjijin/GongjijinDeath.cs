namespace RpaRunner.Sandbox.Systems.Gongjijin;

/// <summary>公积金 matter of “身后”: 住房公积金提取（死亡）, which pays the heir the balance and closes the account.</summary>
internal static partial class GongjijinSystem
{
    private static ActionDefinition WithdrawOnDeath() => DeathBenefits.Define(
        "gongjijin.withdrawOnDeath", "住房公积金提取（死亡）", "个人业务", "withdrawalNo", "提取业务编号",
        DeathBenefits.ProvidentBalance, "TQSW");
}
