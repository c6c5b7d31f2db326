using System.Globalization;
using System.Runtime.InteropServices;

namespace RpaRunner.Sandbox.Hosting;

/// <summary>
/// The console entry: <c>dotnet run --project ops/sandbox/RpaRunner.Sandbox -- [options]</c>, or
/// <c>await SandboxConsole.RunAsync(args)</c> from another command line (./rpa sandbox). Prints each system's
/// URL and robot account, then serves until Ctrl+C, SIGTERM or cancellation of the token.
/// </summary>
public static class SandboxConsole
{
    public static Task<int> Main(string[] args) => RunAsync(args);

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var options = new SandboxOptions { BasePort = 5300, DataDirectory = Path.Combine(Environment.CurrentDirectory, ".rpa", "sandbox") };
        var sets = new List<(string System, string Name, string Value)>();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--data-dir": options.DataDirectory = Path.GetFullPath(Next()); break;
                case "--port": options.BasePort = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--key": options.InspectionKey = Next(); break;
                case "--reset": options.ResetOnStart = true; break;
                case "--seed": options.RandomSeed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--set":
                    var spec = Next();
                    var colon = spec.IndexOf(':', StringComparison.Ordinal);
                    var eq = spec.IndexOf('=', StringComparison.Ordinal);
                    if (colon < 0 || eq < colon)
                    {
                        throw new ArgumentException("--set expects system:Quirk=value, e.g. --set gongan:LayoutVersion=2 or --set *:ErrorRate=0.05");
                    }

                    sets.Add((spec[..colon], spec[(colon + 1)..eq], spec[(eq + 1)..]));
                    break;
                case "-h" or "--help":
                    Console.WriteLine("""
                        RpaRunner sandbox department systems
                          --data-dir DIR      where the SQLite stores live (default ./.rpa/sandbox)
                          --port N            first port; systems take N, N+1, ..., inspection last (default 5300; 0 = free ports)
                          --key KEY           inspection API key (default: random, printed)
                          --reset             delete all records at start
                          --seed N            seed of the random quirks
                          --set SYS:Q=V       set a quirk at start, e.g. --set *:Captcha=false --set renshe:LayoutVersion=2
                        """);
                    return 0;
                default: throw new ArgumentException($"Unknown option {args[i]}; see --help.");
            }
        }

        await using var sandbox = await SandboxHost.StartAsync(options, cancellationToken);
        foreach (var (system, name, value) in sets)
        {
            foreach (var target in sandbox.Systems.Where(s => system == "*" || s.Id == system))
            {
                var patch = new System.Text.Json.Nodes.JsonObject { [name] = System.Text.Json.Nodes.JsonNode.Parse(value is "true" or "false" || double.TryParse(value, CultureInfo.InvariantCulture, out _) ? value : System.Text.Json.JsonSerializer.Serialize(value)) };
                var (_, error) = sandbox.Runtime.Quirks.Patch(target.Id, patch);
                if (error is not null)
                {
                    Console.Error.WriteLine($"{target.Id}: {error}");
                    return 2;
                }
            }
        }

        Console.WriteLine("RpaRunner sandbox department systems (data: " + sandbox.DataDirectory + ")");
        foreach (var s in sandbox.Systems)
        {
            Console.WriteLine($"  {s.Id,-18} {s.Department,-4} {s.BaseUrl,-26} robot {s.RobotUsername} / {s.RobotPassword}   {s.Name}");
        }

        Console.WriteLine($"  inspection         {sandbox.InspectionUrl}  header X-Inspection-Key: {sandbox.InspectionKey}");
        Console.WriteLine($"  counter client     DISPLAY=:99 {string.Join(' ', sandbox.CreateCounterClientStartInfo().ArgumentList.Prepend("/usr/bin/python3"))}");
        Console.WriteLine($"  contact dialog     DISPLAY=:99 {string.Join(' ', sandbox.CreateContactDialogStartInfo().ArgumentList.Prepend("/usr/bin/python3"))}");
        Console.WriteLine("Serving until Ctrl+C.");

        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        using var registration = cancellationToken.Register(() => stop.TrySetResult());
        await stop.Task;
        Console.WriteLine("Stopping.");
        return 0;
    }
}
