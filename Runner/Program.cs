using RpaRunner.Runner.Cli;

return await RunnerCli.InvokeAsync(args);
