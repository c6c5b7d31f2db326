using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Simulated;

/// <summary>Decides, per attempt, how a simulated system behaves: tests and rehearsals use it to make a
/// step succeed, fail transiently or fail for a business reason on command.</summary>
public interface ISimulationScript
{
    SimulatedBehaviour Decide(RunStep step);
}

public enum SimulatedOutcome
{
    Succeed,
    FailTransiently,
    FailForBusinessReason,
    NeedPerson,

    /// <summary>Create the record, then fail transiently as if the connection broke before the result page.</summary>
    CreateThenFailTransiently,

    /// <summary>Create the record, then hang until the attempt is stopped (a process killed right after its commit point).</summary>
    CreateThenHang,
}

public sealed record SimulatedBehaviour(SimulatedOutcome Outcome, string? Message = null, TimeSpan? Latency = null)
{
    public static SimulatedBehaviour Succeed { get; } = new(SimulatedOutcome.Succeed);
}
