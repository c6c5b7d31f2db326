using System.Diagnostics;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Bench.Peers;

/// <summary>The step graph of one bundle as a peer scheduler runs it: a job per step, started when the step it depends on has finished.</summary>
public sealed class PeerShape
{
    private readonly Dictionary<string, List<string>> _successors;

    private PeerShape(string bundleId, List<string> roots, Dictionary<string, List<string>> successors, int steps)
    {
        BundleId = bundleId;
        Roots = roots;
        _successors = successors;
        Steps = steps;
    }

    public string BundleId { get; }

    /// <summary>Steps that depend on nothing: they are submitted with the case.</summary>
    public IReadOnlyList<string> Roots { get; }

    public int Steps { get; }

    public IReadOnlyList<string> SuccessorsOf(string stepId) => _successors.TryGetValue(stepId, out var next) ? next : [];

    /// <summary>
    /// Every step of the bundle, conditional ones included (the peers do not evaluate conditions). A step with more
    /// than one dependency is refused: a Hangfire continuation has one parent, and the core bundles have none.
    /// </summary>
    public static PeerShape Of(BundleDefinition bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var joined = bundle.Steps.Find(s => s.DependsOn.Count > 1);
        if (joined is not null)
        {
            throw new NotSupportedException($"{bundle.Id}.{joined.Id} depends on more than one step; the peer models run trees only.");
        }

        var successors = bundle.Steps.Where(s => s.DependsOn.Count == 1)
            .GroupBy(s => s.DependsOn[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(s => s.Id).ToList(), StringComparer.Ordinal);
        var roots = bundle.Steps.Where(s => s.DependsOn.Count == 0).Select(s => s.Id).ToList();
        return new PeerShape(bundle.Id, roots, successors, bundle.Steps.Count);
    }
}

/// <summary>The three core bundles in the order the farm benchmark submits them: case i is of bundle i mod 3.</summary>
public static class PeerShapes
{
    private static readonly Lazy<IReadOnlyList<PeerShape>> Shapes = new(() =>
    {
        var catalog = BundleCatalog.LoadEmbedded();
        return [.. new[] { "newborn", "retirement", "company-setup" }.Select(id => PeerShape.Of(catalog.Find(id)
            ?? throw new InvalidOperationException($"Bundle {id} is not built in.")))];
    });

    public static IReadOnlyList<PeerShape> Core => Shapes.Value;

    public static PeerShape ForCase(int caseNo) => Core[caseNo % Core.Count];

    public static PeerShape Find(string bundleId) => Core.First(s => s.BundleId == bundleId);

    /// <summary>How many jobs <paramref name="cases"/> cases make.</summary>
    public static int Jobs(int cases) => Enumerable.Range(0, cases).Sum(i => ForCase(i).Steps);
}

/// <summary>Counts the finished jobs of one peer round (its nodes run in this process) and completes when all have run.</summary>
public static class PeerProgress
{
    private static int _done;
    private static int _expected;
    private static long[] _finishedAt = [];
    private static TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static int Done => Volatile.Read(ref _done);

    public static Task AllDone => Volatile.Read(ref _all).Task;

    public static void Reset(int expected)
    {
        Volatile.Write(ref _all, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Volatile.Write(ref _finishedAt, new long[expected]);
        Volatile.Write(ref _expected, expected);
        Volatile.Write(ref _done, 0);
    }

    /// <summary>A job's body ran to its end (its successors are submitted).</summary>
    public static void JobDone()
    {
        var done = Interlocked.Increment(ref _done);
        var finishedAt = Volatile.Read(ref _finishedAt);
        if (done <= finishedAt.Length)
        {
            finishedAt[done - 1] = Stopwatch.GetTimestamp();
        }

        if (done == Volatile.Read(ref _expected))
        {
            Volatile.Read(ref _all).TrySetResult();
        }
    }

    /// <summary>The rate of the middle half of a round (its second and third quarter of jobs): start-up and tail left out.</summary>
    public static double MiddleHalfRate() => MiddleHalfRate([.. Volatile.Read(ref _finishedAt).Select(t => Stopwatch.GetElapsedTime(0, t).TotalSeconds)]);

    /// <summary>Jobs per second between the finish of the job at a quarter and the one at three quarters of <paramref name="finishedAt"/> (seconds, any origin).</summary>
    public static double MiddleHalfRate(IReadOnlyList<double> finishedAt)
    {
        ArgumentNullException.ThrowIfNull(finishedAt);
        var sorted = finishedAt.Order().ToList();
        int first = sorted.Count / 4, last = sorted.Count * 3 / 4;
        return last > first && sorted[last] > sorted[first] ? (last - first) / (sorted[last] - sorted[first]) : double.NaN;
    }
}

/// <summary>One peer round: jobs run from the nodes' start until the last job's body ended.</summary>
/// <param name="MiddleHalfRate">Jobs per second over the middle half of the jobs (see <see cref="PeerProgress.MiddleHalfRate()"/>).</param>
public sealed record PeerResult(string Peer, int Cases, int Nodes, int ThreadsPerNode, int Jobs, TimeSpan Wall, double MiddleHalfRate)
{
    public double JobsPerSecond => Jobs / Wall.TotalSeconds;
}
