using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Audit;

/// <summary>
/// Each way an insider with write access to the database could rewrite the trail, and the name verification
/// gives it. The trail: one case run and sealed (checkpoint 1), then a second one run and sealed (checkpoint 2).
/// </summary>
public sealed class AuditVerifierTests : IAsyncLifetime
{
    private EngineHarness _h = null!;
    private string _secondCase = null!;

    public async Task InitializeAsync()
    {
        _h = await EngineHarness.CreateAsync();
        await _h.SubmitAsync("newborn");
        await _h.RunToEndAsync();
        await _h.SealAsync();
        _secondCase = await _h.SubmitAsync("company-setup");
        await _h.RunToEndAsync();
        await _h.SealAsync();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Verify_UntouchedTrail_IsIntact()
    {
        var result = await _h.VerifyAuditAsync();
        Assert.True(result.Intact, result.Problem);
        await using var db = await _h.DbAsync();
        Assert.Equal(await db.AuditEvents.CountAsync(), result.RowsVerified);
        Assert.True(result.RowsVerified > 30);
        Assert.Equal(3, result.Checkpoints);
        Assert.Equal(0, result.Unsealed);
    }

    [Fact]
    public async Task Verify_EditedRow_NamesThatRow()
    {
        await ExecuteAsync("UPDATE audit_events SET Actor = 'someone-else' WHERE Seq = 7");
        var problem = await SingleProblemAsync(AuditProblemKinds.Edited, "row 7");
        Assert.Equal(7, problem.Seq);
    }

    [Fact]
    public async Task Verify_DeletedRow_NamesTheGap()
    {
        await ExecuteAsync("DELETE FROM audit_events WHERE Seq = 12");
        await SingleProblemAsync(AuditProblemKinds.Deleted, "row 12 was deleted");
    }

    [Fact]
    public async Task Verify_RowsWithSwappedContents_NamesBoth()
    {
        await using (var db = await _h.DbAsync())
        {
            var a = await db.AuditEvents.SingleAsync(r => r.Seq == 5);
            var b = await db.AuditEvents.SingleAsync(r => r.Seq == 9);
            (a.Kind, b.Kind, a.Actor, b.Actor, a.StepId, b.StepId, a.DetailJson, b.DetailJson, a.At, b.At) =
                (b.Kind, a.Kind, b.Actor, a.Actor, b.StepId, a.StepId, b.DetailJson, a.DetailJson, b.At, a.At);
            await db.SaveChangesAsync();
        }

        await SingleProblemAsync(AuditProblemKinds.Swapped, "rows 5 and 9 were swapped");
    }

    [Fact]
    public async Task Verify_RowsThatSwappedPlaces_NamesBoth()
    {
        await ExecuteAsync("UPDATE audit_events SET Seq = -1 WHERE Seq = 5; UPDATE audit_events SET Seq = 5 WHERE Seq = 9; UPDATE audit_events SET Seq = 9 WHERE Seq = -1");
        await SingleProblemAsync(AuditProblemKinds.Swapped, "rows 5 and 9 were swapped");
    }

    [Fact]
    public async Task Verify_TruncatedTail_IsNamedThroughItsCheckpoint()
    {
        var last = await LastSeqAsync();
        await ExecuteAsync($"DELETE FROM audit_events WHERE Seq > {last - 3}");
        await SingleProblemAsync(AuditProblemKinds.Truncated, $"rows {last - 2}–{last} were removed");
    }

    [Fact]
    public async Task Verify_TruncatedTailTogetherWithItsCheckpoint_IsNamedThroughTheCheckpointFile()
    {
        long firstEnd;
        await using (var db = await _h.DbAsync())
        {
            firstEnd = await db.AuditCheckpoints.Where(c => c.Number == 1).Select(c => c.Seq).SingleAsync();
        }

        // What the database holds is consistent again: the second case, its rows and the checkpoint that vouched for them are gone.
        await ExecuteAsync($"DELETE FROM audit_events WHERE Seq > {firstEnd}; DELETE FROM audit_checkpoints WHERE Number = 2; "
            + $"DELETE FROM step_attempts WHERE CaseId IN (SELECT Id FROM cases WHERE Code = '{_secondCase}'); DELETE FROM cases WHERE Code = '{_secondCase}'");
        var result = await _h.VerifyAuditAsync();
        Assert.False(result.Intact);
        Assert.True(result.Has(AuditProblemKinds.Truncated), result.Problem);
        Assert.Contains(result.Problems, p => p.Message.Contains("checkpoint file records checkpoint 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Verify_EveryAuditRowDeletedWhileCasesRemain_IsNamed_EvenWithoutTheCheckpointFile()
    {
        await ExecuteAsync("DELETE FROM audit_events; DELETE FROM audit_checkpoints");
        var result = await _h.VerifyAuditAsync();
        Assert.False(result.Intact);
        Assert.True(result.Has(AuditProblemKinds.Emptied), result.Problem);
        Assert.True(result.Has(AuditProblemKinds.Truncated), result.Problem);
        Assert.Contains(result.Problems, p => p.Message.Contains("every audit row was deleted, but 2 cases remain", StringComparison.Ordinal));

        File.Delete(_h.AuditCheckpoints.Path);
        var withoutFile = await _h.VerifyAuditAsync();
        Assert.False(withoutFile.Intact);
        Assert.Equal(AuditProblemKinds.Emptied, Assert.Single(withoutFile.Problems).Kind);
    }

    [Fact]
    public async Task Verify_ACaseWithoutItsSubmissionRow_NamesTheCase()
    {
        // Renumbering the rows left would need the key: removing a case's rows leaves gaps, and a case without its submission.
        await ExecuteAsync($"DELETE FROM audit_events WHERE CaseCode = '{_secondCase}'");
        var result = await _h.VerifyAuditAsync();
        Assert.False(result.Intact);
        var problem = result.Problems.Single(p => p.Kind == AuditProblemKinds.SubmissionMissing);
        Assert.Contains(_secondCase, problem.Message);
    }

    [Fact]
    public async Task Verify_ChainRecomputedWithPlainSha256_IsNamedAsRehashedWithoutTheKey()
    {
        await RewriteFirstRowAndRehashAsync(AuditChain.ComputeHash);
        var result = await _h.VerifyAuditAsync();
        Assert.False(result.Intact);
        var problem = result.Problems[0];
        Assert.Equal(AuditProblemKinds.Recomputed, problem.Kind);
        Assert.Equal(1, problem.Seq);
        Assert.Contains("without the audit key (plain SHA-256)", problem.Message);
    }

    [Fact]
    public async Task Verify_ChainRecomputedWithAnotherKey_IsNamedAsRehashedWithoutTheKey()
    {
        var forger = new AuditKey(AuditKey.NewKey());
        await RewriteFirstRowAndRehashAsync(forger.RowMac);
        var result = await _h.VerifyAuditAsync();
        Assert.False(result.Intact);
        var problem = result.Problems[0];
        Assert.Equal(AuditProblemKinds.Recomputed, problem.Kind);
        Assert.Contains("not under this key", problem.Message);
    }

    [Fact]
    public async Task Verify_WithAWrongKey_SaysTheKeyDoesNotFit()
    {
        var result = await _h.VerifyAuditAsync(new AuditKey(AuditKey.NewKey()));
        Assert.False(result.Intact);
        Assert.Equal(AuditProblemKinds.WrongKey, Assert.Single(result.Problems).Kind);
    }

    [Fact]
    public async Task Verify_RowsNotSealedYet_AreCountedApart_AndDoNotFail()
    {
        await _h.SubmitAsync("retirement");
        var result = await _h.VerifyAuditAsync();
        Assert.True(result.Intact, result.Problem);
        Assert.True(result.Unsealed > 0);

        await _h.SealAsync();
        var sealedNow = await _h.VerifyAuditAsync();
        Assert.True(sealedNow.Intact, sealedNow.Problem);
        Assert.Equal(0, sealedNow.Unsealed);
        Assert.Equal(result.RowsVerified + result.Unsealed, sealedNow.RowsVerified);
    }

    [Fact]
    public async Task AuditDetails_MaskPersonalData()
    {
        await using var db = await _h.DbAsync();
        var details = await db.AuditEvents.Where(a => a.DetailJson != null).Select(a => a.DetailJson!).ToListAsync();
        Assert.DoesNotContain(details, d => System.Text.RegularExpressions.Regex.IsMatch(d, @"\d{17}[\dX]"));
    }

    /// <summary>Verification fails with exactly one problem, of this kind, whose message names <paramref name="named"/>.</summary>
    private async Task<AuditProblem> SingleProblemAsync(string kind, string named)
    {
        var result = await _h.VerifyAuditAsync();
        Assert.False(result.Intact);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(kind, problem.Kind);
        Assert.Contains(named, problem.Message, StringComparison.Ordinal);
        return problem;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await _h.DbAsync();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<long> LastSeqAsync()
    {
        await using var db = await _h.DbAsync();
        return (await db.AuditEvents.MaxAsync(a => a.Seq))!.Value;
    }

    /// <summary>What a forger without the audit key can do: change row 1 and recompute every hash after it.</summary>
    private async Task RewriteFirstRowAndRehashAsync(Func<AuditEventRecord, string> hash)
    {
        await using var db = await _h.DbAsync();
        var rows = await db.AuditEvents.OrderBy(a => a.Seq).ToListAsync();
        rows[0].Actor = "forger";
        var previous = AuditChain.GenesisHash;
        foreach (var row in rows)
        {
            row.PreviousHash = previous;
            row.Hash = previous = hash(row);
        }

        await db.SaveChangesAsync();
    }
}
