using System.Collections.Concurrent;
using RpaRunner.Bots.Simulated;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Runner.Tests.TestSupport;

/// <summary>Commands the simulated systems per step id and attempt; everything else succeeds.</summary>
public sealed class ScriptedSimulation : ISimulationScript
{
    private readonly ConcurrentDictionary<(string StepId, int Attempt), SimulatedBehaviour> _plan = new();
    private readonly ConcurrentDictionary<string, SimulatedBehaviour> _always = new();

    public ScriptedSimulation On(string stepId, int attempt, SimulatedOutcome outcome, string? message = null)
    {
        _plan[(stepId, attempt)] = new SimulatedBehaviour(outcome, message);
        return this;
    }

    public ScriptedSimulation Always(string stepId, SimulatedOutcome outcome, string? message = null)
    {
        _always[stepId] = new SimulatedBehaviour(outcome, message);
        return this;
    }

    public void Clear(string stepId) => _always.TryRemove(stepId, out _);

    public SimulatedBehaviour Decide(RunStep step) =>
        _plan.TryGetValue((step.StepId, step.Attempt), out var planned) ? planned
        : _always.TryGetValue(step.StepId, out var always) ? always
        : SimulatedBehaviour.Succeed;
}
