using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Runtime;

/// <summary>
/// A value a bot reads back from a department system passes the action's contract before it is reported: a wrongly
/// read child ID number must not flow into later departments. Checked while the page or window is still open, so
/// the failure keeps its evidence (the screenshot shows what the system displayed); the engine checks again.
/// </summary>
public static class ReadBackCheck
{
    public static void Ensure(SystemCatalog systems, RunStep step, IReadOnlyDictionary<string, string?> outputs, BureauClock clock)
    {
        ArgumentNullException.ThrowIfNull(systems);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(clock);
        if (systems.FindAction(step.Action) is not { } action)
        {
            return;
        }

        var check = ActionContract.CheckOutputs(action, step.Inputs, outputs, clock.Today);
        if (!check.IsValid)
        {
            throw new NeedsPersonException(
                $"系统返回的结果不合规，未采用，请人工核对 / the system returned invalid values, not used: {string.Join("；", check.Errors.Select(e => e.Message))}");
        }
    }
}
