namespace RpaRunner.Runner.Cli;

public static class RunnerCli
{
    public static Task<int> InvokeAsync(string[] args) => Task.FromResult(0);
}
