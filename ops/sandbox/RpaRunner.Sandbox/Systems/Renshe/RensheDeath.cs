namespace RpaRunner.Sandbox.Systems.Renshe;

/// <summary>人社 matters of “身后”: the pension's personal account paid out once, and 遗属待遇 (丧葬补助金、抚恤金).</summary>
internal static partial class RensheSystem
{
    private static ActionDefinition ClaimPensionAccountOnDeath() => DeathBenefits.Define(
        "renshe.claimPensionAccountOnDeath", "个人账户一次性待遇申领（养老保险）", "养老保险待遇", "claimNo", "申领业务编号",
        (r, _) => DeathBenefits.AccountBalance(r, 42m), "GRZH");

    private static ActionDefinition ClaimSurvivorBenefit() => DeathBenefits.Define(
        "renshe.claimSurvivorBenefit", "遗属待遇申领（丧葬补助金、抚恤金）", "养老保险待遇", "benefitNo", "遗属待遇编号",
        (r, _) => DeathBenefits.AccountBalance(r, 30m), "YSDY");
}
