using RpaRunner.Runner.Demo;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Engine;

/// <summary>
/// The exception path: every door checks values with the action's contract, a correction of the case reaches every
/// department (待更正), skipping knows its consequences, and a refusal only the applicant can fix waits for them (补正).
/// </summary>
public sealed class ExceptionPathTests : IAsyncLifetime
{
    private const string NewMotherId = "43010219900101122X";
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task CorrectAndRetry_AnInvalidCreditCode_IsRefusedByField_AndNothingChanges()
    {
        var code = await CompanyWithSealWaitingAsync();
        var ex = await Assert.ThrowsAsync<ValuesRejectedException>(() => _h.Engine.PerformAsync(new PersonAction(code, "seal", PersonActionKind.CorrectAndRetry, "operator1", "更正",
            new() { ["creditCode"] = "91430100MA4L0UBX1W" })));
        Assert.Equal("inputs.creditCode", Assert.Single(ex.Errors).Path);
        var step = await _h.StepAsync(code, "seal");
        Assert.Equal(StepStatus.WaitingForPerson, step.Status);
        Assert.Equal("91350100M000100Y43", step.Inputs["creditCode"]);
    }

    [Fact]
    public async Task CorrectAndRetry_AValueOfTheUnifiedForm_IsRefused_TheCaseMustBeAmended()
    {
        var code = await CompanyWithSealWaitingAsync();
        var ex = await Assert.ThrowsAsync<ValuesRejectedException>(() => _h.Engine.PerformAsync(new PersonAction(code, "seal", PersonActionKind.CorrectAndRetry, "operator1", "更正",
            new() { ["legalRepIdNumber"] = NewMotherId })));
        var error = Assert.Single(ex.Errors);
        Assert.Equal(("inputs.legalRepIdNumber", "input.fromForm"), (error.Path, error.Code));
    }

    [Theory]
    [InlineData("not-an-id", "H123456789")]
    [InlineData("<img src=x onerror=alert(1)>", "H123456789")]
    public async Task CompleteByHand_AnInvalidChildId_IsRefused_AndNothingFlowsOn(string childId, string _)
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        await _h.SucceedAsync((await _h.ClaimAllAsync()).Single());
        var round = await _h.ClaimAllAsync();
        await _h.FailAsync(round.Single(s => s.StepId == "household"), FailureClass.Business, "系统繁忙");
        var ex = await Assert.ThrowsAsync<ValuesRejectedException>(() => _h.Engine.PerformAsync(new PersonAction(code, "household", PersonActionKind.CompleteByHand, "operator1", "手工办结",
            new() { ["childIdNumber"] = childId })));
        Assert.Contains(ex.Errors, e => e.Path == "outputs.childIdNumber");
        Assert.Equal(StepStatus.WaitingForPerson, (await _h.StepAsync(code, "household")).Status);
        Assert.Equal(StepStatus.Pending, (await _h.StepAsync(code, "medicalInsurance")).Status);
    }

    [Fact]
    public async Task CompleteByHand_AChildIdOfAnotherBirthDate_IsRefusedByTheCrossCheck()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        await _h.SucceedAsync((await _h.ClaimAllAsync()).Single());
        var household = (await _h.ClaimAllAsync()).Single(s => s.StepId == "household");
        await _h.FailAsync(household, FailureClass.Business, "系统繁忙");
        var ex = await Assert.ThrowsAsync<ValuesRejectedException>(() => _h.Engine.PerformAsync(new PersonAction(code, "household", PersonActionKind.CompleteByHand, "operator1", "手工办结",
            new() { ["childIdNumber"] = "430102198802021247" })));
        Assert.Contains(ex.Errors, e => e.Path == "outputs.childIdNumber" && e.Code.StartsWith("rule.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ABotOutputFailingItsContract_GoesToAPerson_AndDoesNotFlowOn()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        await _h.SucceedAsync((await _h.ClaimAllAsync()).Single());
        var household = (await _h.ClaimAllAsync()).Single(s => s.StepId == "household");
        await _h.SucceedAsync(household, new() { ["childIdNumber"] = "430102198802021247" });
        var step = await _h.StepAsync(code, "household");
        Assert.Equal(StepStatus.WaitingForPerson, step.Status);
        Assert.Equal(FailureClass.NeedsPerson, step.ErrorClass);
        Assert.Contains("不合规", step.Error);
        Assert.Null(step.Outputs?.GetValueOrDefault("childIdNumber"));
        Assert.Equal(StepStatus.Pending, (await _h.StepAsync(code, "medicalInsurance")).Status);
    }

    [Fact]
    public async Task Skip_AStepWhoseOutputsLaterStepsNeed_ListsThem_AndChangesNothing()
    {
        var code = await _h.SubmitAsync("company-setup");
        await _h.FailAsync(await _h.ClaimAsync(code, "registration"), FailureClass.Business, "名称不予登记");
        var ex = await Assert.ThrowsAsync<SkipAffectsLaterStepsException>(() => _h.Engine.PerformAsync(new PersonAction(code, "registration", PersonActionKind.Skip, "operator1", "跳过")));
        Assert.Equal(["housingFund", "seal", "socialInsurance", "tax"], ex.Affected.Order());
        Assert.Equal(StepStatus.WaitingForPerson, (await _h.StepAsync(code, "registration")).Status);
    }

    [Fact]
    public async Task Skip_AStepNobodyNeeds_NeedsNoCascade()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        await _h.SucceedAsync((await _h.ClaimAllAsync()).Single());
        var vaccination = (await _h.ClaimAllAsync()).Single(s => s.StepId == "vaccination");
        await _h.FailAsync(vaccination, FailureClass.Business, "系统提示");
        await _h.Engine.PerformAsync(new PersonAction(code, "vaccination", PersonActionKind.Skip, "operator1", "申请人已在医院办理"));
        Assert.Equal(StepStatus.Skipped, (await _h.StepAsync(code, "vaccination")).Status);
    }

    [Fact]
    public async Task Amend_AfterTheCertificateWasFetched_TheLibraryStepKeepsWhatItRead_NoCorrectionIsAskedThere()
    {
        var code = await _h.SubmitAsync("newborn", SampleApplications.For("newborn", 0, _h.Today));
        var fetch = (await _h.ClaimAllAsync()).Single();
        Assert.Equal("dzzz.fetchLicence", fetch.Action);
        await _h.SucceedAsync(fetch);

        var result = await _h.Engine.AmendCaseAsync(new AmendCase(code, "clerk1", "申请人更正新生儿姓名",
            new JsonObject { ["child"] = new JsonObject { ["name"] = "王新宇" } }));

        Assert.DoesNotContain("fetchBirthCertificate", result.StepsToAmend);
        var step = await _h.StepAsync(code, "fetchBirthCertificate");
        Assert.Equal(StepStatus.Succeeded, step.Status);
        Assert.Null(step.AmendAction);
        Assert.Equal("王新宇", step.Inputs["childName"]);
    }

    [Fact]
    public async Task Amend_AfterTwoRecordsExist_CorrectsThemInOrder_AndLaterStepsUseTheNewValues()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        var birth = (await _h.ClaimAllAsync()).Single();
        await _h.SucceedAsync(birth);
        var round2 = await _h.ClaimAllAsync();
        await _h.SucceedAsync(round2.Single(s => s.StepId == "vaccination"));
        var household = round2.Single(s => s.StepId == "household");
        await _h.FailAsync(household, FailureClass.Business, "与出生医学证明不一致");

        var result = await _h.Engine.AmendCaseAsync(new AmendCase(code, "clerk1", "申请人更正母亲姓名与身份证号",
            new JsonObject { ["mother"] = new JsonObject { ["name"] = "苏丽", ["idNumber"] = NewMotherId } }));

        Assert.Equal(["form.mother.idNumber", "form.mother.name"], result.ChangedFields.Order());
        Assert.Equal(["birthCertificate", "vaccination"], result.StepsToAmend.Order());
        Assert.Equal(StepStatus.NeedsAmendment, (await _h.StepAsync(code, "vaccination")).Status);
        Assert.Equal(StepStatus.Pending, (await _h.StepAsync(code, "household")).Status);

        var amendBirth = (await _h.ClaimAllAsync()).Single();
        Assert.Equal(("birthCertificate", "weijian.amendBirthCertificate"), (amendBirth.StepId, amendBirth.Action));
        Assert.Equal(NewMotherId, amendBirth.Inputs["motherIdNumber"]);
        Assert.Equal(birth.IdempotencyKey, amendBirth.IdempotencyKey);
        Assert.NotNull(amendBirth.Inputs["birthCertificateNo"]);
        await _h.SucceedAsync(amendBirth, new() { ["birthCertificateNo"] = amendBirth.Inputs["birthCertificateNo"] });

        var next = await _h.ClaimAllAsync();
        Assert.Equal(["household", "vaccination"], next.Select(s => s.StepId).Order());
        var amendVaccination = next.Single(s => s.StepId == "vaccination");
        Assert.Equal(("weijian.amendVaccinationCertificate", "苏丽"), (amendVaccination.Action, amendVaccination.Inputs["guardianName"]));
        var householdAgain = next.Single(s => s.StepId == "household");
        Assert.Equal(("gongan.registerBirth", NewMotherId), (householdAgain.Action, householdAgain.Inputs["motherIdNumber"]));
        await _h.SucceedAsync(amendVaccination, new() { ["vaccinationCertificateNo"] = amendVaccination.Inputs["vaccinationCertificateNo"] });
        await _h.SucceedAsync(householdAgain);
        await _h.RunToEndAsync();

        var view = await _h.CaseAsync(code);
        Assert.Equal(CaseStatus.Completed, view.Status);
        Assert.All(view.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        await using var db = await _h.DbAsync();
        var amended = await db.AuditEvents.SingleAsync(a => a.CaseCode == code && a.Kind == "case.amended");
        Assert.Contains("form.mother.idNumber", amended.DetailJson);
        Assert.DoesNotContain(NewMotherId, amended.DetailJson);
        Assert.DoesNotContain("苏丽", amended.DetailJson);
        Assert.Equal(2, await db.AuditEvents.CountAsync(a => a.CaseCode == code && a.Kind == "step.amended"));
    }

    [Fact]
    public async Task Amend_ACompletedCase_ReopensIt_BotsCorrectWhatTheyCan_APersonConfirmsTheRest()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        await _h.RunToEndAsync();
        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);

        await _h.Engine.AmendCaseAsync(new AmendCase(code, "operator1", "更正联系电话", new JsonObject { ["mother"] = new JsonObject { ["phone"] = "13912345678" } }));

        // 卫健 has a 更正 action the bots run; 医保 and 人社 have none, so a person corrects those records and confirms.
        var amend = (await _h.ClaimAllAsync()).Single();
        Assert.Equal(("vaccination", "weijian.amendVaccinationCertificate"), (amend.StepId, amend.Action));
        await _h.SucceedAsync(amend, new() { ["vaccinationCertificateNo"] = amend.Inputs["vaccinationCertificateNo"] });
        var view = await _h.CaseAsync(code);
        Assert.Equal(CaseStatus.WaitingForPerson, view.Status);
        var byHand = view.Steps.Where(s => s.Status == StepStatus.NeedsAmendment).ToList();
        Assert.Equal(["medicalInsurance", "socialSecurityCard"], byHand.Select(s => s.StepId).Order());
        Assert.Equal("13912345678", byHand.Single(s => s.StepId == "socialSecurityCard").Inputs["guardianPhone"]);
        foreach (var step in byHand)
        {
            await _h.Engine.PerformAsync(new PersonAction(code, step.StepId, PersonActionKind.CompleteByHand, "operator1", "已在系统中更正", step.Outputs!.ToDictionary()));
        }

        Assert.Equal(CaseStatus.Completed, (await _h.CaseAsync(code)).Status);
    }

    [Fact]
    public async Task Amend_WithABadIdNumber_IsRefusedLikeASubmission_AndNothingChanges()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        var ex = await Assert.ThrowsAsync<FormRejectedException>(() => _h.Engine.AmendCaseAsync(new AmendCase(code, "clerk1", "更正",
            new JsonObject { ["mother"] = new JsonObject { ["idNumber"] = "430102199001011221" } })));
        Assert.Contains(ex.Errors, e => e.Path == "mother.idNumber");
        await using var db = await _h.DbAsync();
        Assert.False(await db.AuditEvents.AnyAsync(a => a.CaseCode == code && a.Kind == "case.amended"));
    }

    [Fact]
    public async Task ARefusalOnlyTheApplicantCanFix_WaitsForThem_AndTheirAmendmentResumesIt()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        await _h.FailAsync((await _h.ClaimAllAsync()).Single(), FailureClass.NeedsApplicant, "母亲身份信息在人口信息库中不存在");
        Assert.Equal(CaseStatus.WaitingForApplicant, (await _h.CaseAsync(code)).Status);
        var retry = await Assert.ThrowsAsync<ActionConflictException>(() => _h.Engine.PerformAsync(new PersonAction(code, "birthCertificate", PersonActionKind.Retry, "operator1", "再试")));
        Assert.Equal("step.needs-applicant", retry.Code);

        await _h.Engine.AmendCaseAsync(new AmendCase(code, "clerk1", "申请人提供正确身份证号",
            new JsonObject { ["mother"] = new JsonObject { ["name"] = "苏丽", ["idNumber"] = NewMotherId } }));

        Assert.Equal(CaseStatus.Running, (await _h.CaseAsync(code)).Status);
        var again = (await _h.ClaimAllAsync()).Single();
        Assert.Equal(("weijian.issueBirthCertificate", NewMotherId), (again.Action, again.Inputs["motherIdNumber"]));
    }

    [Fact]
    public async Task Amend_WhileABotIsEnteringTheOldValues_CorrectsTheRecordAfterItsAttempt()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        var birth = (await _h.ClaimAllAsync()).Single();
        await _h.Engine.AmendCaseAsync(new AmendCase(code, "clerk1", "更正母亲姓名", new JsonObject { ["mother"] = new JsonObject { ["name"] = "苏丽" } }));
        await _h.SucceedAsync(birth);

        var amend = (await _h.ClaimAllAsync()).Single();
        Assert.Equal(("weijian.amendBirthCertificate", "苏丽"), (amend.Action, amend.Inputs["motherName"]));
    }

    private async Task<string> CompanyWithSealWaitingAsync()
    {
        var code = await _h.SubmitAsync("company-setup");
        await _h.SucceedAsync(await _h.ClaimAsync(code, "registration"), new() { ["creditCode"] = "91350100M000100Y43", ["registrationNo"] = "350100000000001" });
        var seal = (await _h.ClaimAllAsync()).Single(s => s.StepId == "seal");
        await _h.FailAsync(seal, FailureClass.Business, "统一社会信用代码不存在");
        return code;
    }
}
