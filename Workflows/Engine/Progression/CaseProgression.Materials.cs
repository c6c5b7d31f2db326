using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Engine.Progression;

/// <summary>
/// The step gate for materials (ADR 0019): before a step becomes ready each material it needs is looked at. Supplied
/// or promised (告知承诺), it runs; accepted 容缺, it waits (<see cref="StepStatus.AwaitingMaterial"/>) until the material
/// is due; missing while the bundle lets neither 容缺 nor 告知承诺 stand in for it, it goes to a person. A material the
/// bundle lets follow later and for which the window decided nothing does not stop its matter (ADR 0017's rule).
/// </summary>
internal sealed partial class CaseProgression
{
    /// <summary>The audit reason of a step the gate sent to a person because a material is missing.</summary>
    internal const string MaterialMissingReason = "material.missing";

    /// <summary>What the gate decided for one step.</summary>
    private enum Gate
    {
        Runs,
        Awaits,
        ToPerson,
    }

    /// <summary>What the case holds of its materials: the ids supplied, and the decisions for the others.</summary>
    private sealed record MaterialStanding(IReadOnlySet<string> Supplied, IReadOnlyDictionary<string, CaseMaterialDecisionRecord> Decisions);

    private static async Task<MaterialStanding> StandingOfAsync(EngineDbContext db, CaseRecord record, CancellationToken cancellationToken)
    {
        // The ids only (never the files); files and decisions added in this transaction are in the change tracker.
        var supplied = new HashSet<string>(await db.CaseMaterials.AsNoTracking().Where(m => m.CaseId == record.Id).Select(m => m.MaterialId).ToListAsync(cancellationToken), StringComparer.Ordinal);
        supplied.UnionWith(db.CaseMaterials.Local.Where(m => m.CaseId == record.Id).Select(m => m.MaterialId));
        await db.MaterialDecisions.Where(d => d.CaseId == record.Id).LoadAsync(cancellationToken);
        var decisions = db.MaterialDecisions.Local.Where(d => d.CaseId == record.Id).ToDictionary(d => d.MaterialId, StringComparer.Ordinal);
        return new(supplied, decisions);
    }

    /// <summary>Applies the gate to a step whose dependencies are done and whose condition holds; returns whether it may become ready.</summary>
    private static async Task<bool> PassesMaterialGateAsync(
        CaseRecord record, StepRecord step, StepDefinition definition, BundleDefinition bundle, Func<Task<MaterialStanding>> standing, AuditWriter audit, CancellationToken cancellationToken)
    {
        var needed = bundle.Materials.Where(m => m.Steps.Contains(definition.Id, StringComparer.Ordinal)).ToList();
        if (needed.Count == 0)
        {
            return true;
        }

        var held = await standing();
        var open = needed.Where(m => !held.Supplied.Contains(m.Id)).ToList();
        var missing = open.Where(m => m.BlocksSteps && !held.Decisions.ContainsKey(m.Id)).ToList();
        var deferred = open.Where(m => held.Decisions.GetValueOrDefault(m.Id)?.Decision == CaseMaterialDecisionRecord.Deferred).ToList();
        var promised = open.Where(m => held.Decisions.GetValueOrDefault(m.Id)?.Decision == CaseMaterialDecisionRecord.Promised).Select(m => m.Id).ToList();
        var gate = missing.Count > 0 ? Gate.ToPerson : deferred.Count > 0 ? Gate.Awaits : Gate.Runs;
        switch (gate)
        {
            case Gate.ToPerson:
                step.Status = StepStatus.WaitingForPerson;
                step.ErrorClass = FailureClass.NeedsPerson;
                step.ErrorMessage = $"材料未提交：{string.Join("、", missing.Select(m => m.Name.Zh))}。补交后此事项自动继续，也可由工作人员处理 / "
                    + $"material not supplied: {string.Join(", ", missing.Select(m => m.Name.En))}; the matter goes on once it is supplied, or a person handles it";
                step.DueAt = null;
                await audit.AppendAsync(AuditKinds.StepWaitingForPerson, CaseEngine.EngineActor, record.Code, step.StepId,
                    new { reason = MaterialMissingReason, materials = missing.Select(m => m.Id) }, cancellationToken);
                return false;
            case Gate.Awaits:
                step.Status = StepStatus.AwaitingMaterial;
                step.ErrorClass = null;
                step.ErrorMessage = null;
                step.DueAt = deferred.Select(m => held.Decisions[m.Id].DueAt).Min();
                await audit.AppendAsync(AuditKinds.StepAwaitingMaterial, CaseEngine.EngineActor, record.Code, step.StepId,
                    new { materials = deferred.Select(m => m.Id), dueAt = step.DueAt }, cancellationToken);
                return false;
            default:
                if (promised.Count > 0)
                {
                    await audit.AppendAsync(AuditKinds.StepMaterialPromised, CaseEngine.EngineActor, record.Code, step.StepId, new { materials = promised }, cancellationToken);
                }

                return true;
        }
    }

    /// <summary>
    /// A material of the case was supplied or decided: the steps the gate held for it (待补材料, or waiting for a person
    /// because it was missing, never dispatched) go back through the gate in the same transaction, audited; the ones it
    /// lets pass become ready, the case's status follows.
    /// </summary>
    internal async Task ReconsiderMaterialAsync(CaseRecord record, BundleDefinition bundle, IReadOnlyCollection<string> materialIds, string actor, AuditWriter audit, CancellationToken cancellationToken)
    {
        var stepIds = bundle.Materials.Where(m => materialIds.Contains(m.Id)).SelectMany(m => m.Steps).ToHashSet(StringComparer.Ordinal);
        foreach (var step in record.Steps.Where(s => stepIds.Contains(s.StepId) && IsHeldByGate(s)))
        {
            var was = step.Status;
            step.Status = StepStatus.Pending;
            step.ErrorClass = null;
            step.ErrorMessage = null;
            step.DueAt = null;
            await audit.AppendAsync(AuditKinds.StepMaterialResumed, actor, record.Code, step.StepId,
                new { from = was == StepStatus.AwaitingMaterial ? "awaitingMaterial" : "waitingForPerson", materials = materialIds }, cancellationToken);
        }

        await AdvanceAsync(record, bundle, audit, cancellationToken);
    }

    /// <summary>Held by the gate: waiting for a 容缺 material, or sent to a person before any attempt because a material was missing.</summary>
    private static bool IsHeldByGate(StepRecord step) =>
        step.Status == StepStatus.AwaitingMaterial
        || (step.Status == StepStatus.WaitingForPerson && step.Attempt == 0 && step.StartedAt is null && step.ErrorClass == FailureClass.NeedsPerson && step.AmendAction is null);
}
