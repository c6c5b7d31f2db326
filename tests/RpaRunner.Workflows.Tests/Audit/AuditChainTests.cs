using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Audit;

public sealed class AuditChainTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync()
    {
        _h = await EngineHarness.CreateAsync();
        await _h.SubmitAsync("newborn");
        await _h.SubmitAsync("company-setup");
        await _h.RunToEndAsync();
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Verify_UntouchedChain_IsIntact()
    {
        await using var db = await _h.DbAsync();
        var result = await AuditVerifier.VerifyAsync(db);
        Assert.True(result.Intact, result.Problem);
        Assert.Equal(await db.AuditEvents.CountAsync(), result.RowsVerified);
        Assert.True(result.RowsVerified > 30);
    }

    [Fact]
    public async Task Verify_ChangedRow_NamesThatRow()
    {
        await using var db = await _h.DbAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET Actor = 'someone-else' WHERE Seq = 7");
        var result = await AuditVerifier.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(7, result.FirstBrokenSeq);
        Assert.Equal(6, result.RowsVerified);
    }

    [Fact]
    public async Task Verify_DeletedRow_NamesTheGap()
    {
        await using var db = await _h.DbAsync();
        await db.Database.ExecuteSqlRawAsync("DELETE FROM audit_events WHERE Seq = 12");
        var result = await AuditVerifier.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(12, result.FirstBrokenSeq);
    }

    [Fact]
    public async Task Verify_RewrittenRowWithRecomputedHash_BreaksTheNextLink()
    {
        await using var db = await _h.DbAsync();
        var row = await db.AuditEvents.SingleAsync(a => a.Seq == 5);
        row.Actor = "forger";
        row.Hash = AuditChain.ComputeHash(row);
        await db.SaveChangesAsync();
        var result = await AuditVerifier.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Equal(6, result.FirstBrokenSeq);
    }

    [Fact]
    public async Task Verify_TruncatedTail_IsDetectedThroughTheHead()
    {
        await using var db = await _h.DbAsync();
        var last = await db.AuditEvents.MaxAsync(a => a.Seq);
        await db.Database.ExecuteSqlAsync($"DELETE FROM audit_events WHERE Seq = {last}");
        var result = await AuditVerifier.VerifyAsync(db);
        Assert.False(result.Intact);
        Assert.Contains("removed", result.Problem);
    }

    [Fact]
    public async Task AuditDetails_MaskPersonalData()
    {
        await using var db = await _h.DbAsync();
        var details = await db.AuditEvents.Where(a => a.DetailJson != null).Select(a => a.DetailJson!).ToListAsync();
        Assert.DoesNotContain(details, d => System.Text.RegularExpressions.Regex.IsMatch(d, @"\d{17}[\dX]"));
    }
}
