using RpaRunner.Bench;

return await EngineThroughput.RunAsync(args);
