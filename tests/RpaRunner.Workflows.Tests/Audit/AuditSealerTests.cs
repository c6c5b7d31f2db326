using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Audit;

public sealed class AuditSealerTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task WritersLeaveRowsUnsequenced_TheSealerChainsThemInArrivalOrder()
    {
        await _h.SubmitAsync("newborn");
        await using (var db = await _h.DbAsync())
        {
            Assert.All(await db.AuditEvents.ToListAsync(), r => Assert.True(r.Seq is null && r.Hash is null && r.PreviousHash is null));
        }

        var sealedRows = await _h.SealAsync();
        await using (var db = await _h.DbAsync())
        {
            var rows = await db.AuditEvents.OrderBy(a => a.Id).ToListAsync();
            Assert.Equal(rows.Count, sealedRows);
            Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long?)i), rows.Select(r => r.Seq));
            Assert.Equal(AuditKinds.CaseSubmitted, rows[0].Kind);
        }

        var lines = _h.AuditCheckpoints.Read();
        Assert.Equal([0L, 1L], lines.Select(c => c.Number));
        Assert.Equal(sealedRows, lines[^1].Seq);
        Assert.Equal(1, lines[^1].Cases);
        Assert.Equal(0, await _h.SealAsync());
    }

    [Fact]
    public async Task TwoSealersRacing_NeverGiveOnePlaceTwice()
    {
        // Sealers that do not share the process's write gate, like two processes: only the database keeps them apart.
        var sealers = Enumerable.Range(0, 2).Select(_ => _h.NewSealer(shareWriteGate: false)).ToList();
        using var stop = new CancellationTokenSource();
        var racing = sealers.Select(s => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await s.SealAsync();
            }
        })).ToList();
        for (var i = 0; i < 6; i++)
        {
            await _h.SubmitAsync(i % 2 == 0 ? "newborn" : "company-setup");
            await _h.ClaimAllAsync();

            // Both at the same moment over the new rows, whatever the background loops are doing.
            await Task.WhenAll(sealers.Select(s => Task.Run(() => s.SealAsync())));
        }

        await stop.CancelAsync();
        await Task.WhenAll(racing);
        await _h.SealAsync();

        await using var db = await _h.DbAsync();
        var seqs = await db.AuditEvents.Select(a => a.Seq).ToListAsync();
        Assert.Equal(seqs.Count, seqs.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, seqs.Count).Select(i => (long?)i), seqs.Order());
        var result = await _h.VerifyAuditAsync();
        Assert.True(result.Intact, result.Problem);
        Assert.True(result.Checkpoints > 2);
    }

    /// <summary>A database written before ADR 0011 (scripts 001–005, an unkeyed chain and its head) is upgraded: the old rows
    /// stay verifiable, checkpoint 0 vouches for where they ended, and new rows are sealed under the key after them.</summary>
    [Fact]
    public async Task AnOldChain_IsUpgraded_StaysVerifiable_AndIsContinuedUnderTheKey()
    {
        var file = Path.Combine(_h.Folder, "old.db");
        var legacyRows = 5;
        await using (var connection = new SqliteConnection($"Data Source={file}"))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE schema_versions (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);");
            foreach (var (version, name, sql) in DatabaseInitializer.Scripts("sqlite").Where(s => s.Version <= 5))
            {
                await ExecuteAsync(connection, sql + $";\nINSERT INTO schema_versions VALUES ({version}, '{name}', '2025-01-01');");
            }

            var previous = AuditChain.GenesisHash;
            for (var seq = 1; seq <= legacyRows; seq++)
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(1_735_689_600_000 + seq);
                var hash = AuditChain.ComputeHash(previous, seq, at, AuditKinds.StepReady, "system:engine", "OLD-" + seq, "s1", null);
                await ExecuteAsync(connection, $"INSERT INTO audit_events VALUES ({seq}, {at.ToUnixTimeMilliseconds()}, 'step.ready', 'system:engine', 'OLD-{seq}', 's1', NULL, '{previous}', '{hash}');");
                previous = hash;
            }

            await ExecuteAsync(connection, $"UPDATE audit_head SET Seq = {legacyRows}, Hash = '{previous}';");
        }

        await using var upgraded = await EngineHarness.CreateAsync(file);
        var before = await upgraded.VerifyAuditAsync();
        Assert.True(before.Intact, before.Problem);
        Assert.Equal(legacyRows, before.RowsVerified);

        await upgraded.SubmitAsync("newborn");
        await upgraded.SealAsync();
        var after = await upgraded.VerifyAuditAsync();
        Assert.True(after.Intact, after.Problem);
        Assert.True(after.RowsVerified > legacyRows);
        Assert.Equal(legacyRows, upgraded.AuditCheckpoints.Read()[0].Seq);

        await using (var db = await upgraded.DbAsync())
        {
            await db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET Actor = 'forger' WHERE Seq = 2");
        }

        var tampered = await upgraded.VerifyAuditAsync();
        Assert.Equal(AuditProblemKinds.Edited, Assert.Single(tampered.Problems).Kind);
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
