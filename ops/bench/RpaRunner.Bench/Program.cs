using System.Globalization;
using RpaRunner.Bench;

// dotnet RpaRunner.Bench.dll engine [cases] [concurrency] [output.md]
// dotnet RpaRunner.Bench.dll web [steps] [parallelism] [output.md]
// dotnet RpaRunner.Bench.dll capacity [steps per session] [sessions,sessions,…] [output.md]
return args.FirstOrDefault() switch
{
    "capacity" => await WebCapacity.RunAsync(Arg(1, 2), [.. (args.ElementAtOrDefault(2) ?? "1,2,4,8,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))], args.ElementAtOrDefault(3)),
    "web" => await WebThroughput.RunAsync(Arg(1, 24), Arg(2, 4), args.ElementAtOrDefault(3)),
    "engine" => await EngineThroughput.RunAsync([.. args.Skip(1)]),
    _ => await EngineThroughput.RunAsync(args),
};

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
