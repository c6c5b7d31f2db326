using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Audit;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Materials;
using RpaRunner.Workflows.Model;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Materials;

/// <summary>
/// 容缺受理 and 告知承诺 (ADR 0019): the step gate of the engine on the shipped bundles, on a fake clock and China's
/// calendar. newborn's 出生医学证明 scan is needed by 户口登记; company-setup's 公司章程 and 住所证明 by 企业设立登记.
/// </summary>
public sealed class MaterialGateTests : IAsyncLifetime
{
    private static readonly byte[] s_pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"u8.ToArray();
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    /// <summary>2026-11-<paramref name="day"/> at the given Asia/Shanghai time (the 24th is a Tuesday; no holidays that week).</summary>
    private static DateTimeOffset Local(int day, int hour) => WorkingCalendar.China.At(new DateOnly(2026, 11, day), new TimeOnly(hour, 0));

    private static DateTimeOffset December(int day, int hour) => WorkingCalendar.China.At(new DateOnly(2026, 12, day), new TimeOnly(hour, 0));

    private async Task<string> SubmitAsync(string bundleId, params MaterialDecision[] decisions) =>
        (await _h.Engine.SubmitAsync(new SubmitCase(bundleId, SampleApplications.For(bundleId, 0, _h.Today), "clerk1", Materials: decisions))).CaseCode;

    private Task<MaterialView> AddAsync(string code, string materialId) =>
        _h.Engine.AddMaterialAsync(new MaterialUpload(code, materialId, "scan.pdf", s_pdf, "clerk2"), MaterialType.Pdf, null);

    [Fact]
    public async Task ADeferredMaterial_HoldsOnlyTheStepThatNeedsIt_WhileTheOthersRun()
    {
        _h.Time.SetUtcNow(Local(24, 10));
        var code = await SubmitAsync("newborn", new MaterialDecision("birthCertificateScan", MaterialChoice.Deferred));
        await _h.RunToEndAsync();

        var view = await _h.CaseAsync(code);
        var household = view.Steps.Single(s => s.StepId == "household");
        Assert.Equal(StepStatus.AwaitingMaterial, household.Status);
        Assert.Equal(December(1, 17), household.DueAt); // 5 working days counted from Wednesday
        Assert.Equal(StepStatus.Succeeded, view.Steps.Single(s => s.StepId == "birthCertificate").Status);
        Assert.Equal(StepStatus.Succeeded, view.Steps.Single(s => s.StepId == "vaccination").Status);
        Assert.Equal(CaseStatus.AwaitingMaterial, view.Status);
        var material = Assert.Single((await _h.Engine.MaterialsOfAsync(code))!);
        Assert.Equal((MaterialState.Deferred, December(1, 17)), (material.State, material.Decision!.DueAt));
        var audit = await _h.Queries.AuditOfAsync(code);
        Assert.Contains(audit, a => a.Kind == AuditKinds.MaterialDeferred);
        Assert.Contains(audit, a => a.Kind == AuditKinds.StepAwaitingMaterial && a.StepId == "household");
    }

    [Fact]
    public async Task ADeferredCase_CompletesAfterTheMaterialIsAdded()
    {
        var code = await SubmitAsync("newborn", new MaterialDecision("birthCertificateScan", MaterialChoice.Deferred));
        await _h.RunToEndAsync();
        Assert.Equal(CaseStatus.AwaitingMaterial, (await _h.CaseAsync(code)).Status);

        await AddAsync(code, "birthCertificateScan");

        // In the same transaction as the file: the held step is ready again, the case runs.
        var view = await _h.CaseAsync(code);
        Assert.Equal(StepStatus.Ready, view.Steps.Single(s => s.StepId == "household").Status);
        Assert.Equal(CaseStatus.Running, view.Status);
        Assert.Contains(await _h.Queries.AuditOfAsync(code), a => a.Kind == AuditKinds.StepMaterialResumed && a.StepId == "household" && a.Actor == "clerk2");

        await _h.RunToEndAsync();
        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
        Assert.Equal(MaterialState.Supplied, Assert.Single((await _h.Engine.MaterialsOfAsync(code))!).State);
    }

    [Fact]
    public async Task ADeferredMaterialsDeadline_IsFlaggedYellowThenRed_AndTheStepKeepsWaiting()
    {
        _h.Time.SetUtcNow(Local(24, 10));
        var code = await SubmitAsync("newborn", new MaterialDecision("birthCertificateScan", MaterialChoice.Deferred));
        await _h.RunToEndAsync();

        // Monday 16:00: 9 of the 40 working hours left (a quarter or less): yellow.
        _h.Time.SetUtcNow(Local(30, 16));
        await _h.Engine.SuperviseDeadlinesAsync();
        Assert.Equal("yellow", (await _h.StepAsync(code, "household")).Flag);

        _h.Time.SetUtcNow(December(2, 10));
        await _h.Engine.SuperviseDeadlinesAsync();
        var household = await _h.StepAsync(code, "household");
        Assert.Equal(("red", StepStatus.AwaitingMaterial), (household.Flag, household.Status));
        Assert.Equal("red", (await _h.CaseAsync(code)).Flag);
        Assert.Contains(await _h.Queries.AuditOfAsync(code), a => a.Kind == AuditKinds.StepFlagged && a.StepId == "household");
    }

    [Fact]
    public async Task AMaterialNeitherDeferrableNorPromisable_MissingAtTheWindow_SendsItsStepToAPerson_UntilItIsAdded()
    {
        var strict = JsonNode.Parse(_h.Catalog.SourceOf("company-setup", 1)!)!;
        strict["version"] = 2;
        strict["materials"]![0]!["deferrable"] = false;
        _h.Catalog.Add(strict.ToJsonString(), "strict articles");
        var code = await SubmitAsync("company-setup");

        var registration = await _h.StepAsync(code, "registration");
        Assert.Equal((StepStatus.WaitingForPerson, FailureClass.NeedsPerson), (registration.Status, registration.ErrorClass));
        Assert.StartsWith("材料未提交：公司章程", registration.Error, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.WaitingForPerson, (await _h.CaseAsync(code)).Status);
        Assert.Empty(await _h.ClaimAllAsync());

        await AddAsync(code, "articles");
        Assert.Equal(StepStatus.Ready, (await _h.StepAsync(code, "registration")).Status);
        await _h.RunToEndAsync();
        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
    }

    [Fact]
    public async Task APromise_LetsTheStepRun_AndRecordsTheCommitment_WhoConfirmedIt_AndWhen()
    {
        _h.Time.SetUtcNow(Local(24, 10));
        var code = await SubmitAsync("company-setup", new MaterialDecision("premisesProof", MaterialChoice.Promised, ApplicantTicked: true));

        Assert.Equal(StepStatus.Ready, (await _h.StepAsync(code, "registration")).Status);
        var promise = (await _h.Engine.MaterialsOfAsync(code))!.Single(m => m.Id == "premisesProof");
        Assert.Equal(MaterialState.Promised, promise.State);
        Assert.Equal(("clerk1", Local(24, 10), true), (promise.Decision!.DecidedBy, promise.Decision.DecidedAt, promise.Decision.ApplicantTicked));
        Assert.StartsWith("本人承诺：所申报的住所", promise.Decision.PromiseText, StringComparison.Ordinal);
        Assert.Contains(await _h.Queries.AuditOfAsync(code), a => a.Kind == AuditKinds.StepMaterialPromised && a.StepId == "registration");
        await _h.RunToEndAsync();
        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
    }

    [Fact]
    public async Task APromiseSignedWithAnImage_KeepsTheImagesFingerprint()
    {
        var code = await SubmitAsync("company-setup", new MaterialDecision("premisesProof", MaterialChoice.Promised, Signature: s_png));
        var promise = (await _h.Engine.MaterialsOfAsync(code))!.Single(m => m.Id == "premisesProof");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(s_png)), promise.Decision!.SignatureSha256);
        Assert.False(promise.Decision.ApplicantTicked);
    }

    [Fact]
    public async Task APromiseRecordedLater_OnTheCasePage_ReleasesTheStepThatWaitsForTheMaterial()
    {
        var code = await SubmitAsync("company-setup", new MaterialDecision("premisesProof", MaterialChoice.Deferred));
        Assert.Equal(StepStatus.AwaitingMaterial, (await _h.StepAsync(code, "registration")).Status);

        await _h.Engine.DecideMaterialsAsync(code, [new MaterialDecision("premisesProof", MaterialChoice.Promised, ApplicantTicked: true)], "clerk3");
        Assert.Equal(StepStatus.Ready, (await _h.StepAsync(code, "registration")).Status);
    }

    [Theory]
    [InlineData("newborn", "birthCertificateScan", MaterialChoice.Promised, true, "material.no-promise")]
    [InlineData("company-setup", "premisesProof", MaterialChoice.Promised, false, "material.promise-unconfirmed")]
    [InlineData("company-setup", "notary", MaterialChoice.Deferred, false, "material.unknown")]
    public async Task ADecisionTheBundleDoesNotAllow_IsRefusedWithItsCode_AndNothingIsStored(string bundleId, string materialId, MaterialChoice choice, bool ticked, string code)
    {
        var refused = await Assert.ThrowsAsync<MaterialDecisionRejectedException>(() => SubmitAsync(bundleId, new MaterialDecision(materialId, choice, ticked)));
        var error = Assert.Single(refused.Errors);
        Assert.Equal(($"materials.{materialId}", code), (error.Path, error.Code));
        Assert.False(string.IsNullOrEmpty(error.Message));
        Assert.Equal(0, (await _h.Queries.SearchAsync(new CaseSearch(), CaseScope.All)).Total);
    }

    [Fact]
    public async Task DeferringAMaterialTheBundleDoesNotLetFollow_IsRefused_InChineseFirst()
    {
        var strict = JsonNode.Parse(_h.Catalog.SourceOf("newborn", 3)!)!;
        strict["version"] = 4;
        strict["materials"]![0]!["deferrable"] = false;
        _h.Catalog.Add(strict.ToJsonString(), "strict");
        var refused = await Assert.ThrowsAsync<MaterialDecisionRejectedException>(() => SubmitAsync("newborn", new MaterialDecision("birthCertificateScan", MaterialChoice.Deferred)));
        var error = Assert.Single(refused.Errors);
        Assert.Equal(("material.not-deferrable", "“出生医学证明”不可容缺受理，请提交材料"), (error.Code, error.Message));
    }

    [Fact]
    public async Task ASignatureThatIsNoPng_IsRefused()
    {
        var refused = await Assert.ThrowsAsync<MaterialDecisionRejectedException>(() =>
            SubmitAsync("company-setup", new MaterialDecision("premisesProof", MaterialChoice.Promised, Signature: s_pdf)));
        Assert.Equal("material.signature-invalid", Assert.Single(refused.Errors).Code);
    }

    [Fact]
    public async Task AMaterialAlreadySupplied_TakesNoDecision()
    {
        var code = await SubmitAsync("company-setup");
        await AddAsync(code, "articles");
        var refused = await Assert.ThrowsAsync<MaterialDecisionRejectedException>(() =>
            _h.Engine.DecideMaterialsAsync(code, [new MaterialDecision("articles", MaterialChoice.Deferred)], "clerk1"));
        Assert.Equal("material.already-supplied", Assert.Single(refused.Errors).Code);
    }
}
