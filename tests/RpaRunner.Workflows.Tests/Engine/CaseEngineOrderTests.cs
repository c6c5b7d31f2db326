using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>Dependency order and parallelism of the three core bundles.</summary>
public sealed class CaseEngineOrderTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Newborn_RunsBirthCertificateFirst_ThenHouseholdAndVaccinationInParallel_ThenInsurance_ThenPremiumAndCard()
    {
        var code = await _h.SubmitAsync("newborn");

        // The certificate library is asked first (newborn v3); it has not issued the certificate, so 卫健 issues it.
        var round0 = await _h.ClaimAllAsync();
        Assert.Equal(["fetchBirthCertificate"], round0.Select(s => s.StepId));
        await _h.SucceedAsync(round0[0], new() { ["found"] = "false" });

        var round1 = await _h.ClaimAllAsync();
        Assert.Equal(["birthCertificate"], round1.Select(s => s.StepId));
        Assert.Equal(StepStatus.Pending, (await _h.StepAsync(code, "household")).Status);
        await _h.SucceedAsync(round1[0], new() { ["birthCertificateNo"] = "H123456789" });

        var round2 = await _h.ClaimAllAsync();
        Assert.Equal(["household", "vaccination"], round2.Select(s => s.StepId).Order());
        Assert.All(round2, s => Assert.Equal("H123456789", s.Inputs["birthCertificateNo"]));
        var household = round2.Single(s => s.StepId == "household");
        var childId = _h.OutputsFor(household)["childIdNumber"]!;
        await _h.SucceedAsync(household, new() { ["childIdNumber"] = childId });
        await _h.SucceedAsync(round2.Single(s => s.StepId == "vaccination"));

        var round3 = await _h.ClaimAllAsync();
        Assert.Equal(["medicalInsurance"], round3.Select(s => s.StepId));
        Assert.Equal(childId, round3[0].Inputs["idNumber"]);
        await _h.SucceedAsync(round3[0], new() { ["insuredNo"] = "YB00000001", ["premiumAmount"] = "400.00", ["paymentRef"] = "JF20260310000001" });

        var round4 = await _h.ClaimAllAsync();
        Assert.Equal(["premium", "socialSecurityCard"], round4.Select(s => s.StepId).Order());
        Assert.All(round4, s => Assert.Equal(childId, s.Inputs["idNumber"]));
        Assert.Equal("YB00000001", round4.Single(s => s.StepId == "premium").Inputs["insuredNo"]);
        foreach (var step in round4)
        {
            await _h.SucceedAsync(step);
        }

        var view = await _h.CaseAsync(code);
        Assert.Equal(CaseStatus.Completed, view.Status);
        Assert.Equal(new Progress(7, 7), view.Progress);
        Assert.Empty(await _h.ClaimAllAsync());
    }

    [Fact]
    public async Task CompanySetup_RegistrationFirst_ThenFourStepsInParallel_EachGettingTheCreditCode()
    {
        var code = await _h.SubmitAsync("company-setup");
        var first = await _h.ClaimAllAsync();
        Assert.Equal(["registration"], first.Select(s => s.StepId));
        await _h.SucceedAsync(first[0], new() { ["creditCode"] = "91350100M000100Y43", ["registrationNo"] = "430100000000001" });

        var parallel = await _h.ClaimAllAsync();
        Assert.Equal(["housingFund", "seal", "socialInsurance", "tax"], parallel.Select(s => s.StepId).Order());
        Assert.All(parallel, s => Assert.Equal("91350100M000100Y43", s.Inputs["creditCode"]));
        Assert.All(parallel, s => Assert.Equal(StepStatus.Running, _h.StepAsync(code, s.StepId).Result.Status));
    }

    [Fact]
    public async Task Retirement_ContributionYearsFrom人社_ThenApproval_FreezeBeforeWithdrawal_SkipsTheRewardWithoutCertificate()
    {
        var form = SampleApplications.Retirement(1, _h.Today);
        Assert.False(form["onlyChild"]!["hasCertificate"]!.GetValue<bool>());
        var code = await _h.SubmitAsync("retirement", form);

        var first = await _h.ClaimAllAsync();
        Assert.Equal(["contributionRecord"], first.Select(s => s.StepId));
        await _h.SucceedAsync(first[0], new() { ["contributionProofNo"] = "JF20261130000001", ["contributionMonths"] = "372" });
        Assert.Equal(StepStatus.Skipped, (await _h.StepAsync(code, "earlyRetirement")).Status);

        var approval = Assert.Single(await _h.ClaimAllAsync());
        Assert.Equal("retirementApproval", approval.StepId);
        Assert.Equal("372", approval.Inputs["contributionMonths"]);
        Assert.Equal("1", approval.Inputs["retirementKind"]);
        Assert.False(approval.Inputs.ContainsKey("earlyRetirementNo") && approval.Inputs["earlyRetirementNo"] is not null);
        await _h.SucceedAsync(approval);

        var after = await _h.ClaimAllAsync();
        Assert.Equal(["housingFundFreeze", "medicalInsurance"], after.Select(s => s.StepId).Order());
        Assert.Equal(StepStatus.Skipped, (await _h.StepAsync(code, "onlyChildReward")).Status);
        Assert.Equal(StepStatus.Pending, (await _h.StepAsync(code, "housingFund")).Status);
        var freeze = after.Single(s => s.StepId == "housingFundFreeze");
        await _h.SucceedAsync(freeze, new() { ["freezeNo"] = "FC20261130000001" });
        await _h.SucceedAsync(after.Single(s => s.StepId == "medicalInsurance"));

        var withdrawal = Assert.Single(await _h.ClaimAllAsync());
        Assert.Equal(("housingFund", "web", "FC20261130000001"), (withdrawal.StepId, withdrawal.Pool, withdrawal.Inputs["freezeNo"]));
        await _h.SucceedAsync(withdrawal);
        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
    }

    [Fact]
    public async Task Retirement_EarlyForSpecialWork_Runs人社sConfirmationFirst_AndTheApprovalGetsItsNumber()
    {
        var form = SampleApplications.Retirement(1, _h.Today);
        form["retirement"] = new JsonObject { ["kind"] = "4", ["earlyGrounds"] = "1", ["specialWorkYears"] = 12 };
        var code = await _h.SubmitAsync("retirement", form);
        await _h.SucceedAsync(Assert.Single(await _h.ClaimAllAsync()));

        var early = Assert.Single(await _h.ClaimAllAsync());
        Assert.Equal("earlyRetirement", early.StepId);
        Assert.Equal(("1", "12"), (early.Inputs["grounds"], early.Inputs["specialWorkYears"]));
        Assert.Equal(StepStatus.Pending, (await _h.StepAsync(code, "retirementApproval")).Status);
        await _h.SucceedAsync(early, new() { ["earlyRetirementNo"] = "TQTX202611000001" });

        var approval = Assert.Single(await _h.ClaimAllAsync());
        Assert.Equal(("retirementApproval", "4", "TQTX202611000001"), (approval.StepId, approval.Inputs["retirementKind"], approval.Inputs["earlyRetirementNo"]));
    }

    [Fact]
    public async Task Retirement_WithOnlyChildCertificate_RunsTheRewardAfterApproval()
    {
        var form = SampleApplications.Retirement(0, _h.Today);
        Assert.True(form["onlyChild"]!["hasCertificate"]!.GetValue<bool>());
        var code = await _h.SubmitAsync("retirement", form);
        await _h.SucceedAsync((await _h.ClaimAllAsync()).Single());
        var approval = (await _h.ClaimAllAsync()).Single();
        var approvalNo = _h.OutputsFor(approval)["retirementApprovalNo"];
        await _h.SucceedAsync(approval, new() { ["retirementApprovalNo"] = approvalNo, ["pensionStartMonth"] = "2026-04" });
        var after = await _h.ClaimAllAsync();
        Assert.Equal(["housingFundFreeze", "medicalInsurance", "onlyChildReward"], after.Select(s => s.StepId).Order());
        var reward = after.Single(s => s.StepId == "onlyChildReward");
        Assert.Equal(form["onlyChild"]!["certificateNo"]!.GetValue<string>(), reward.Inputs["onlyChildCertificateNo"]);
        Assert.Equal(approvalNo, reward.Inputs["retirementApprovalNo"]);
    }

    [Fact]
    public async Task Retirement_ACasePinnedToVersionOne_StillRunsItsOwnSteps_TheWithdrawalAtTheCounterClient()
    {
        var code = await _h.SubmitVersionAsync("retirement", 1, SampleApplications.RetirementVersion1(1, _h.Today));
        Assert.Equal(1, (await _h.CaseAsync(code)).BundleVersion);

        var first = await _h.ClaimAllAsync();
        Assert.Equal(["retirementApproval"], first.Select(s => s.StepId));
        Assert.Equal("renshe.approveRetirement", first[0].Action);
        await _h.SucceedAsync(first[0]);
        var after = await _h.ClaimAllAsync();
        Assert.Equal(["housingFund", "medicalInsurance"], after.Select(s => s.StepId).Order());
        Assert.Equal("desktop-linux", after.Single(s => s.StepId == "housingFund").Pool);
        foreach (var step in after)
        {
            await _h.SucceedAsync(step);
        }

        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
    }

    [Fact]
    public async Task Submit_GivesEveryStepAnIdempotencyKeyOfCaseCodeAndStepId()
    {
        var code = await _h.SubmitAsync("company-setup");
        var view = await _h.CaseAsync(code);
        Assert.All(view.Steps, s => Assert.Equal($"{code}:{s.StepId}", s.IdempotencyKey));
        Assert.Matches("^CS\\d{8}[0-9A-Z]{6}$", code);
    }

    [Fact]
    public async Task Submit_SameRequestIdTwice_StoresOneCase()
    {
        var first = await _h.SubmitAsync("newborn", requestId: "req-42");
        var again = await _h.Engine.SubmitAsync(new SubmitCase("newborn", SampleApplications.Newborn(0, _h.Today), "clerk1", RequestId: "req-42"));
        Assert.False(again.Created);
        Assert.Equal(first, again.CaseCode);
        Assert.Single(await _h.Queries.ListAsync(new CaseFilter()));
    }

    [Fact]
    public async Task Submit_BadForm_IsRejectedWithFieldPaths_AndNothingIsStored()
    {
        var form = SampleApplications.Newborn(0, _h.Today);
        form["mother"]!["idNumber"] = "11010519491231002Y";
        form["child"]!.AsObject().Remove("name");
        var ex = await Assert.ThrowsAsync<FormRejectedException>(() => _h.Engine.SubmitAsync(new SubmitCase("newborn", form, "clerk1")));
        Assert.Contains(ex.Errors, e => e.Path == "mother.idNumber");
        Assert.Contains(ex.Errors, e => e.Path == "child.name" && e.Code == "required");
        Assert.Empty(await _h.Queries.ListAsync(new CaseFilter()));
        await using var db = await _h.DbAsync();
        Assert.Empty(db.AuditEvents);
    }

    [Fact]
    public async Task Submit_UnknownBundle_IsNotFound()
    {
        var ex = await Assert.ThrowsAsync<NotFoundException>(() => _h.Engine.SubmitAsync(new SubmitCase("no-such-bundle", [], "clerk1")));
        Assert.Equal("bundle.unknown", ex.Code);
    }
}
