using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Audit;

/// <summary>
/// Free text a person types (a reason) reaches the chained trail masked; the words as typed are kept sealed beside
/// the row, outside the chain, read only through an audited reveal, and can be erased without breaking the chain.
/// </summary>
public sealed class AuditFreeTextTests : IAsyncLifetime
{
    private const string Phone = "13843600902";
    private const string IdNumber = "430102196508232319";
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ACancelReasonQuotingPhoneIdAndName_IsMaskedInTheTrail_AndKeptOnlySealed()
    {
        var code = await _h.SubmitAsync("newborn");
        var mother = (await _h.CaseAsync(code)).Form!.Value.GetProperty("mother").GetProperty("name").GetString()!;
        var reason = $"申请人{mother}来电{Phone}，身份证{IdNumber}，要求撤件";

        await _h.Engine.CancelCaseAsync(code, "operator1", reason);

        var cancelled = Assert.Single(await _h.Queries.AuditOfAsync(code), e => e.Kind == AuditKinds.CaseCancelled);
        var shown = cancelled.Detail!.Value.GetProperty("reason").GetString()!;
        Assert.DoesNotContain(Phone, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(mother, shown, StringComparison.Ordinal);
        Assert.Contains("138****0902", shown, StringComparison.Ordinal);
        Assert.Contains("430102********2319", shown, StringComparison.Ordinal);
        Assert.Contains("要求撤件", shown, StringComparison.Ordinal);
        Assert.True(cancelled.HasSealedDetail);
        Assert.DoesNotContain(Phone, (await _h.CaseAsync(code)).CancelReason, StringComparison.Ordinal);

        // In the file: the masked row, and the original only as ciphertext.
        await using var db = await _h.DbAsync();
        var raw = await db.Database.SqlQueryRaw<string>("SELECT \"DetailJson\" || ' ' || \"SealedDetailJson\" AS \"Value\" FROM audit_events WHERE \"Kind\" = 'case.cancelled'").SingleAsync();
        Assert.DoesNotContain(Phone, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(IdNumber, raw, StringComparison.Ordinal);
        Assert.DoesNotContain(mother, raw, StringComparison.Ordinal);
        Assert.Contains(" rpa1:", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reveal_GivesTheWordsAsTyped_AndLeavesItsOwnTraceInTheTrail()
    {
        var code = await _h.SubmitAsync("newborn");
        var reason = $"申请人来电{Phone}，要求撤件";
        await _h.Engine.CancelCaseAsync(code, "operator1", reason);
        var row = Assert.Single(await _h.Queries.AuditOfAsync(code), e => e.Kind == AuditKinds.CaseCancelled);

        var original = await _h.Engine.RevealAuditDetailAsync(code, row.Id, "admin1");

        Assert.Equal(reason, original.GetProperty("reason").GetString());
        var trace = Assert.Single(await _h.Queries.AuditOfAsync(code), e => e.Kind == AuditKinds.AuditDetailRevealed);
        Assert.Equal("admin1", trace.Actor);
        Assert.Equal(row.Id, trace.Detail!.Value.GetProperty("auditId").GetInt64());
    }

    [Fact]
    public async Task Reveal_OfARowWithNothingMasked_OrOfAnotherCasesRow_IsNotFound()
    {
        var code = await _h.SubmitAsync("newborn");
        var other = await _h.SubmitAsync("newborn");
        await _h.Engine.CancelCaseAsync(code, "operator1", "申请人要求撤件");
        await _h.Engine.CancelCaseAsync(other, "operator1", $"来电{Phone}");
        var plain = Assert.Single(await _h.Queries.AuditOfAsync(code), e => e.Kind == AuditKinds.CaseCancelled);
        var masked = Assert.Single(await _h.Queries.AuditOfAsync(other), e => e.Kind == AuditKinds.CaseCancelled);

        Assert.False(plain.HasSealedDetail);
        await Assert.ThrowsAsync<NotFoundException>(() => _h.Engine.RevealAuditDetailAsync(code, plain.Id, "admin1"));
        await Assert.ThrowsAsync<NotFoundException>(() => _h.Engine.RevealAuditDetailAsync(code, masked.Id, "admin1"));
    }

    [Fact]
    public async Task ErasingTheSealedOriginals_KeepsTheChainIntact()
    {
        var code = await _h.SubmitAsync("newborn");
        await _h.Engine.CancelCaseAsync(code, "operator1", $"申请人来电{Phone}，身份证{IdNumber}");
        await _h.SealAsync();

        await using (var db = await _h.DbAsync())
        {
            Assert.Equal(1, await db.Database.ExecuteSqlRawAsync("UPDATE audit_events SET \"SealedDetailJson\" = NULL WHERE \"SealedDetailJson\" IS NOT NULL"));
        }

        var verification = await _h.VerifyAuditAsync();
        Assert.True(verification.Intact, verification.Problem);
    }
}
