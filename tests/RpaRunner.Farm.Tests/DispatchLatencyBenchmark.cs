using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RpaRunner.Farm.Tests.Servers;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine;
using Xunit.Abstractions;

namespace RpaRunner.Farm.Tests;

/// <summary>
/// Ready → taken latency with few and with many cases stored: each round gets a fresh database seeded with completed
/// cases (bulk SQL: cases, steps, attempts, audit rows), one orchestrator and one worker, then a fixed batch of cases
/// submitted one at a time, each once the one before closed (so the figures are the engine's delay, not queueing).
/// Ends with the claim's query plans and the rows each table was scanned for during the batch. Written to
/// ops/bench/results/last-run/latency.md. Runs only with RPA_FARM_BENCH=1.
/// </summary>
[Collection(FarmCollection.Name)]
public sealed class DispatchLatencyBenchmark(FarmServers servers, ITestOutputHelper output)
{
    /// <summary>Per seeded case: the steps of a typical bundle, and audit rows (4 per step, submitted and completed).</summary>
    private const int StepsPerCase = 5;
    private const int AuditPerCase = (StepsPerCase * 4) + 2;

    [FarmBenchFact]
    public async Task ReadyToTaken_With1kAnd100kCasesStored()
    {
        var sizes = (Environment.GetEnvironmentVariable("RPA_FARM_BENCH_STORED") ?? "1000,100000")
            .Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var batch = int.TryParse(Environment.GetEnvironmentVariable("RPA_FARM_BENCH_BATCH"), out var b) ? b : 24;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores; batch of {batch} cases, each submitted once the one before closed; 1 orchestrator, 1 worker (8 sessions), no action latency.");
        text.AppendLine();
        text.AppendLine("| cases stored | seeding | steps measured | ready→dispatched p50 / p95 | ready→taken p50 / p95 | load average |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        var p95 = new List<double>();
        var plans = new StringBuilder();
        foreach (var stored in sizes)
        {
            var (row, taken95, plan) = await RoundAsync(stored, batch);
            output.WriteLine(row);
            text.AppendLine(row);
            p95.Add(taken95);
            plans.AppendLine(CultureInfo.InvariantCulture, $"### {stored} cases stored").AppendLine().AppendLine(plan);
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"p95 ready→taken, most stored ÷ fewest stored: **{p95[^1] / p95[0]:0.00}**");
        text.AppendLine();
        text.Append(plans);
        output.WriteLine(text.ToString());
        await FarmRounds.WriteLastRunAsync("latency.md", text.ToString());
    }

    private async Task<(string Row, double Taken95, string Plan)> RoundAsync(int stored, int batch)
    {
        await using var cluster = await FarmCluster.CreateAsync(servers, $"lat{stored}", FarmRounds.Settings(TimeSpan.Zero));
        await FarmDatabase.InitializeAsync(cluster.ConnectionString);
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        await SeedAsync(cluster.ConnectionString, stored);
        seeding.Stop();
        var orchestrator = await cluster.StartOrchestratorAsync();
        await cluster.StartWorkerAsync();
        using var clerk = FarmCluster.Clerk(orchestrator);
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

        // Warm-up (not counted): the worker's first heartbeat reaches the orchestrator, each bundle's first case runs.
        for (var i = 0; i < 3; i++)
        {
            await FarmCluster.SubmitAsync(clerk, FarmRounds.Bundles[i], SampleApplications.For(FarmRounds.Bundles[i], 9000 + i, today));
        }

        await WaitUntilNoneRunsAsync(cluster.ConnectionString);
        var scansBefore = await ScansAsync(cluster.ConnectionString);
        var from = DateTimeOffset.UtcNow;
        for (var i = 0; i < batch; i++)
        {
            // One case at a time, the next once it closed: no step queues behind another, so the figures are the
            // engine's own delay (its claim, the broker, the bot taking it), not a backlog draining.
            await FarmCluster.SubmitAsync(clerk, FarmRounds.Bundles[i % 3], SampleApplications.For(FarmRounds.Bundles[i % 3], i / 3, today));
            await WaitUntilNoneRunsAsync(cluster.ConnectionString);
        }
        var scansAfter = await ScansAsync(cluster.ConnectionString);
        var (toDispatch, toTaken) = await FarmRounds.LatenciesAsync(cluster.ConnectionString, from);
        var toStarted = toDispatch.Zip(toTaken, (a, t) => a + t).ToList();
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {stored:N0} | {seeding.Elapsed.TotalSeconds:0.0} s | {toStarted.Count} | {FarmRounds.P(toDispatch, 0.5)} / {FarmRounds.P(toDispatch, 0.95)} | {FarmRounds.P(toStarted, 0.5)} / {FarmRounds.P(toStarted, 0.95)} | {PeerBenchmark.LoadAverage()} |");
        var plan = new StringBuilder();
        plan.AppendLine("Rows read by sequential scans during the batch (table: scans, rows):");
        plan.AppendLine();
        foreach (var (table, after) in scansAfter.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            var before = scansBefore.GetValueOrDefault(table);
            if (after.Rows - before.Rows > 0)
            {
                plan.AppendLine(CultureInfo.InvariantCulture, $"- {table}: {after.Scans - before.Scans} scans, {after.Rows - before.Rows:N0} rows");
            }
        }

        plan.AppendLine();
        plan.AppendLine("```");
        plan.AppendLine(await ExplainClaimAsync(cluster.ConnectionString));
        plan.AppendLine("```");
        return (row, FarmRounds.Quantile(toStarted, 0.95), plan.ToString());
    }

    /// <summary>
    /// Waits until no case runs, reading only the (Status, SubmittedAt) index: the farm tests' wait also counts every
    /// case, a scan of the whole table that would be counted against the engine here.
    /// </summary>
    private static async Task WaitUntilNoneRunsAsync(string connectionString)
    {
        var deadline = DateTimeOffset.UtcNow.AddMinutes(10);
        while (true)
        {
            await Task.Delay(500);
            await using var db = FarmDatabase.Context(connectionString);
            if (!await db.Cases.AnyAsync(c => c.Status == CaseStatus.Running))
            {
                return;
            }

            Assert.True(DateTimeOffset.UtcNow < deadline, "cases still running after 10 minutes");
        }
    }

    /// <summary>
    /// Completed cases of the three bundles' size: cases, their steps and attempts, and audit rows already placed in
    /// the chain (Seq); the sealer goes on after the last of them. The seeded hashes are not a valid chain: this
    /// database is for timing only.
    /// </summary>
    private static async Task SeedAsync(string connectionString, int cases)
    {
        var sql = $"""
            INSERT INTO cases ("Id", "Code", "BundleId", "BundleVersion", "Status", "FormJson", "RequestId", "SubmittedBy", "SubmittedAt", "UpdatedAt", "ClosedAt", "Revision")
            SELECT md5('case' || g)::uuid, 'SEED' || lpad(g::text, 9, '0'), (ARRAY['newborn', 'retirement', 'company-setup'])[1 + g % 3], 1, 'Completed', '{"{}"}', NULL,
                   'seed', @t0 + g * 1000, @t0 + g * 1000 + 60000, @t0 + g * 1000 + 60000, 3
            FROM generate_series(1, @cases) g;
            INSERT INTO steps ("Id", "CaseId", "StepId", "Status", "System", "Action", "Pool", "IdempotencyKey", "Attempt", "AttemptsInBudget",
                               "InputsJson", "OutputsJson", "DueAt", "StartedAt", "FinishedAt", "Revision")
            SELECT md5('step' || g || ':' || k)::uuid, md5('case' || g)::uuid, 'step' || k, 'Succeeded', 'weijian', 'seed',
                   CASE WHEN k = {StepsPerCase} THEN 'desktop-linux' ELSE 'web' END, 'SEED' || lpad(g::text, 9, '0') || ':step' || k, 1, 1,
                   '{"{}"}', '{"{}"}', NULL, @t0 + g * 1000, @t0 + g * 1000 + k * 10000, 4
            FROM generate_series(1, @cases) g, generate_series(1, {StepsPerCase}) k;
            INSERT INTO step_attempts ("StepRecordId", "CaseId", "Attempt", "DispatchToken", "Worker", "DispatchedAt", "FinishedAt", "Outcome", "FoundExisting")
            SELECT md5('step' || g || ':' || k)::uuid, md5('case' || g)::uuid, 1, md5('token' || g || ':' || k)::uuid, 'seed-worker',
                   @t0 + g * 1000, @t0 + g * 1000 + k * 10000, 'Succeeded', false
            FROM generate_series(1, @cases) g, generate_series(1, {StepsPerCase}) k;
            INSERT INTO audit_events ("Seq", "At", "Kind", "Actor", "CaseCode", "StepId", "DetailJson", "PreviousHash", "Hash")
            SELECT n, @t0 + n, (ARRAY['step.ready', 'step.dispatched', 'step.started', 'step.succeeded'])[1 + n % 4], 'engine',
                   'SEED' || lpad((1 + (n - 1) / {AuditPerCase})::text, 9, '0'), 'step' || (1 + n % {StepsPerCase}), '{"{}"}',
                   md5('h' || (n - 1)) || md5('x' || (n - 1)), md5('h' || n) || md5('x' || n)
            FROM generate_series(1, @cases * {AuditPerCase}) n;
            ANALYZE;
            """;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 1800 };
        command.Parameters.AddWithValue("t0", DateTimeOffset.UtcNow.AddDays(-400).ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("cases", cases);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Dictionary<string, (long Scans, long Rows)>> ScansAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT relname, seq_scan, seq_tup_read FROM pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var scans = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            scans[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return scans;
    }

    /// <summary>
    /// The plans of the claim's reads as the engine issues them (CaseEngine.DueStepsAsync and ClaimableByPoolAsync,
    /// written out in SQL): the ready steps of a pool, oldest due first, with their cases; the in-flight count per pool.
    /// </summary>
    private static async Task<string> ExplainClaimAsync(string connectionString)
    {
        var queries = new[]
        {
            """
            SELECT s.*, c.* FROM steps s JOIN cases c ON c."Id" = s."CaseId"
            WHERE s."Status" = 'Ready' AND s."DueAt" <= @now AND s."Pool" = 'web' AND (c."BatchWindow" IS NULL)
            ORDER BY s."DueAt" LIMIT 12
            """,
            """SELECT "Pool", count(*) FROM steps WHERE "Status" = 'Running' GROUP BY "Pool" """,
        };
        var text = new StringBuilder();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var query in queries)
        {
            await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + query, connection);
            command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await using var reader = await command.ExecuteReaderAsync();
            text.AppendLine(query.ReplaceLineEndings(" ").Trim());
            while (await reader.ReadAsync())
            {
                text.AppendLine("  " + reader.GetString(0));
            }

            text.AppendLine();
        }

        return text.ToString().TrimEnd();
    }
}
