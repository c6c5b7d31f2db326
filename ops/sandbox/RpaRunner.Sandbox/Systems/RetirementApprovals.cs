using RpaRunner.Sandbox.Store;

namespace RpaRunner.Sandbox.Systems;

/// <summary>
/// 人社's retirement approvals as the other departments see them through the data-sharing exchange: the approval of
/// the first bundle version (approveRetirement, contribution years typed) and of the second (approveFlexibleRetirement,
/// contribution years from 人社's records, flexible and early retirement) are both approvals.
/// </summary>
internal static class RetirementApprovals
{
    public static readonly string[] ActionIds = ["renshe.approveRetirement", "renshe.approveFlexibleRetirement"];

    public static async Task<List<BusinessRecord>> OfAsync(BusinessContext c, string idNumber)
    {
        var all = new List<BusinessRecord>();
        foreach (var action in ActionIds)
        {
            all.AddRange(await c.RecordsAsync("renshe", action, idNumber));
        }

        return all;
    }

    /// <summary>True when 人社 holds an approval of the person with that number.</summary>
    public static async Task<bool> HoldsAsync(BusinessContext c, string idNumber, string approvalNo) =>
        (await OfAsync(c, idNumber)).Any(a => a.Output("retirementApprovalNo") == approvalNo);
}
