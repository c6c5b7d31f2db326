using System.Globalization;
using RpaRunner.Bench;

// dotnet RpaRunner.Bench.dll engine [cases] [concurrency] [output.md]
// dotnet RpaRunner.Bench.dll web [steps] [parallelism] [output.md]
return args.FirstOrDefault() switch
{
    "web" => await WebThroughput.RunAsync(Arg(1, 24), Arg(2, 4), args.ElementAtOrDefault(3)),
    "engine" => await EngineThroughput.RunAsync([.. args.Skip(1)]),
    _ => await EngineThroughput.RunAsync(args),
};

int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
