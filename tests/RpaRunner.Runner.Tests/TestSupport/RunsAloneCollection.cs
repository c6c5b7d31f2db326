namespace RpaRunner.Runner.Tests.TestSupport;

/// <summary>
/// Tests whose assertions rest on timing a busy machine does not keep (a dispatch timeout of a few seconds): they run
/// after the tests that run in parallel, one at a time, so no other runner in the test process competes for the cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "runs alone";
}
