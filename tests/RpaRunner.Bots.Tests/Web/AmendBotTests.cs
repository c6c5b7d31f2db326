using System.Text.Json.Nodes;
using RpaRunner.Bots.Runtime;
using RpaRunner.Sandbox.Register;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>
/// The 更正 scripts against the sandbox in real Chromium: a newborn case entered by the issuing scripts, then
/// corrected by the amend scripts — one record per matter with the new values and revision 2, re-runs harmless.
/// </summary>
[Collection(SandboxBotCollection.Name)]
public sealed class AmendBotTests(SandboxBotFixture fixture)
{
    private static int s_child;

    private sealed record Entered(string BirthKey, string VaccinationKey, string HouseholdKey, string CertificateNo, string VaccinationNo, string ChildId,
        Dictionary<string, string?> Birth, Dictionary<string, string?> Vaccination, Dictionary<string, string?> Household);

    private static string NewKey(string caseCode, string stepId) => $"{caseCode}:{stepId}";

    private SeedPerson Mother(int index) => fixture.Sandbox.Population.WithRole("mother").ElementAt(index);

    private SeedPerson Father(SeedPerson mother) => fixture.Sandbox.Population.People.First(p => p.IdNumber == mother.SpouseIdNumber);

    /// <summary>A newborn case entered by the shipped issuing scripts, as the engine's first run would.</summary>
    private async Task<Entered> EnterNewbornAsync(SeedPerson mother, string sex, string birthDate)
    {
        var father = Father(mother);
        var caseCode = $"NB20261129{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
        var childName = "叶" + "甲乙丙丁戊己庚辛壬癸"[Interlocked.Increment(ref s_child) % 10] + "更";
        var birth = new Dictionary<string, string?>
        {
            ["childName"] = childName, ["childSex"] = sex, ["birthDate"] = birthDate, ["birthPlace"] = "湖南省妇幼保健院",
            ["motherName"] = mother.Name, ["motherIdNumber"] = mother.IdNumber, ["fatherName"] = father.Name, ["fatherIdNumber"] = father.IdNumber,
        };
        var (certificate, _, _) = await fixture.RunAsync("weijian.issueBirthCertificate", NewKey(caseCode, "birthCertificate"), birth);
        var certificateNo = certificate.Outputs["birthCertificateNo"]!;

        var vaccination = new Dictionary<string, string?>
        {
            ["childName"] = childName, ["childSex"] = sex, ["birthDate"] = birthDate, ["birthCertificateNo"] = certificateNo,
            ["guardianName"] = mother.Name, ["guardianPhone"] = mother.Phone, ["address"] = mother.Address,
        };
        var (vaccinationResult, _, _) = await fixture.RunAsync("weijian.issueVaccinationCertificate", NewKey(caseCode, "vaccination"), vaccination);

        var household = new Dictionary<string, string?>
        {
            ["childName"] = childName, ["childSex"] = sex, ["birthDate"] = birthDate, ["birthCertificateNo"] = certificateNo,
            ["motherIdNumber"] = mother.IdNumber, ["fatherIdNumber"] = father.IdNumber, ["householdAddress"] = mother.Address,
        };
        var (registration, _, _) = await fixture.RunAsync("gongan.registerNewborn", NewKey(caseCode, "household"), household);
        return new Entered(NewKey(caseCode, "birthCertificate"), NewKey(caseCode, "vaccination"), NewKey(caseCode, "household"),
            certificateNo, vaccinationResult.Outputs["vaccinationCertificateNo"]!, registration.Outputs["childIdNumber"]!, birth, vaccination, household);
    }

    [Fact]
    public async Task AReadBackThatFailsTheContract_GoesToAPerson_WithScreenshotAndTrace_AndIsNotReported()
    {
        // The record found by its key holds a child ID of another birth date than this dispatch says: the bot must not pass it on.
        var entered = await EnterNewbornAsync(Mother(5), "1", "2026-11-20");
        var changed = new Dictionary<string, string?>(entered.Household) { ["birthDate"] = "2026-11-21" };

        var context = await fixture.FailAsync<NeedsPersonException>("gongan.registerNewborn", entered.HouseholdKey, changed, attempt: 2);

        Assert.Contains("screenshot", context.Evidence.Keys);
        Assert.Contains("trace", context.Evidence.Keys);
        Assert.Contains("不合规", System.Text.Encoding.UTF8.GetString(fixture.Evidence.Read(context.Evidence["log"])!), StringComparison.Ordinal);
        Assert.Equal(1, await fixture.CountAsync("gongan", entered.HouseholdKey));
    }

    /// <summary>The one record the system holds for the key; fails when there is none or more than one.</summary>
    private async Task<JsonObject> OneRecordAsync(string system, string key)
    {
        Assert.Equal(1, await fixture.CountAsync(system, key));
        return Assert.Single(await fixture.RecordsAsync(system, key))!.AsObject();
    }

    private static string? Input(JsonObject record, string name) => record["inputs"]![name]?.GetValue<string>();

    private static int Revision(JsonObject record) => record["revision"]!.GetValue<int>();

    [Fact]
    public async Task MotherCorrected_TheThreeAmendScripts_LeaveOneCorrectedRecordEach_AtRevisionTwo_AndARerunChangesNothing()
    {
        var entered = await EnterNewbornAsync(Mother(9), "1", "2026-11-02");
        var corrected = Mother(10);

        // The engine sends the original inputs with the new values, plus the original outputs, under the same key.
        var birth = new Dictionary<string, string?>(entered.Birth) { ["motherName"] = corrected.Name, ["motherIdNumber"] = corrected.IdNumber, ["birthCertificateNo"] = entered.CertificateNo };
        var vaccination = new Dictionary<string, string?>(entered.Vaccination) { ["guardianName"] = corrected.Name, ["guardianPhone"] = corrected.Phone, ["vaccinationCertificateNo"] = entered.VaccinationNo };
        var household = new Dictionary<string, string?>(entered.Household) { ["motherIdNumber"] = corrected.IdNumber, ["childIdNumber"] = entered.ChildId };

        var (birthResult, birthContext, birthLeaseChecks) = await fixture.RunAsync("weijian.amendBirthCertificate", entered.BirthKey, birth);
        Assert.False(birthResult.FoundExisting);
        Assert.Equal(entered.CertificateNo, birthResult.Outputs["birthCertificateNo"]);
        Assert.Equal(1, birthLeaseChecks);
        Assert.DoesNotContain(birthContext.Notes, n => n.StartsWith("selector drift:", StringComparison.Ordinal));

        var (vaccinationResult, _, _) = await fixture.RunAsync("weijian.amendVaccinationCertificate", entered.VaccinationKey, vaccination);
        Assert.Equal(entered.VaccinationNo, vaccinationResult.Outputs["vaccinationCertificateNo"]);

        var (householdResult, householdContext, _) = await fixture.RunAsync("gongan.amendNewbornRegistration", entered.HouseholdKey, household);
        Assert.Equal(entered.ChildId, householdResult.Outputs["childIdNumber"]);
        Assert.DoesNotContain(householdContext.Notes, n => n.StartsWith("selector drift:", StringComparison.Ordinal));

        var birthRecord = await OneRecordAsync("weijian", entered.BirthKey);
        Assert.Equal(2, Revision(birthRecord));
        Assert.Equal(corrected.Name, Input(birthRecord, "motherName"));
        Assert.Equal(corrected.IdNumber, Input(birthRecord, "motherIdNumber"));
        Assert.Equal(entered.CertificateNo, birthRecord["documentNo"]!.GetValue<string>());
        var changes = birthRecord["corrections"]![0]!["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()).Order().ToList();
        Assert.Equal(["motherIdNumber", "motherName"], changes);

        var vaccinationRecord = await OneRecordAsync("weijian", entered.VaccinationKey);
        Assert.Equal(2, Revision(vaccinationRecord));
        Assert.Equal(corrected.Name, Input(vaccinationRecord, "guardianName"));

        var householdRecord = await OneRecordAsync("gongan", entered.HouseholdKey);
        Assert.Equal(2, Revision(householdRecord));
        Assert.Equal(corrected.IdNumber, Input(householdRecord, "motherIdNumber"));
        Assert.Equal(entered.ChildId, householdRecord["outputs"]!["childIdNumber"]!.GetValue<string>());

        // A re-run (a retry after a crash) finds the records already corrected: same outputs, nothing new.
        Assert.Equal(entered.CertificateNo, (await fixture.RunAsync("weijian.amendBirthCertificate", entered.BirthKey, birth, attempt: 2)).Result.Outputs["birthCertificateNo"]);
        Assert.Equal(entered.VaccinationNo, (await fixture.RunAsync("weijian.amendVaccinationCertificate", entered.VaccinationKey, vaccination, attempt: 2)).Result.Outputs["vaccinationCertificateNo"]);
        Assert.Equal(entered.ChildId, (await fixture.RunAsync("gongan.amendNewbornRegistration", entered.HouseholdKey, household, attempt: 2)).Result.Outputs["childIdNumber"]);
        foreach (var (system, key) in new[] { ("weijian", entered.BirthKey), ("weijian", entered.VaccinationKey), ("gongan", entered.HouseholdKey) })
        {
            Assert.Equal(2, Revision(await OneRecordAsync(system, key)));
        }
    }

    [Fact]
    public async Task BirthDateCorrected_AfterALostReply_TheRetryWithTheOldIdNumber_ReturnsTheReissuedOne_WithoutASecondCorrection()
    {
        var entered = await EnterNewbornAsync(Mother(11), "2", "2026-11-05");
        var birth = new Dictionary<string, string?>(entered.Birth) { ["birthDate"] = "2026-11-06", ["birthCertificateNo"] = entered.CertificateNo };
        await fixture.RunAsync("weijian.amendBirthCertificate", entered.BirthKey, birth);

        var household = new Dictionary<string, string?>(entered.Household) { ["birthDate"] = "2026-11-06", ["childIdNumber"] = entered.ChildId };
        fixture.Sandbox.SetQuirks("gongan", q => q.ErrorAfterCommitRate = 1);
        try
        {
            // The correction is saved, but the answer inside the 更正申请表's iframe is a 500: a retry is due.
            await fixture.FailAsync<TransientBotException>("gongan.amendNewbornRegistration", entered.HouseholdKey, household);
        }
        finally
        {
            fixture.Sandbox.SetQuirks("gongan", q => q.ErrorAfterCommitRate = 0);
        }

        var saved = await OneRecordAsync("gongan", entered.HouseholdKey);
        Assert.Equal(2, Revision(saved));
        var reissued = saved["outputs"]!["childIdNumber"]!.GetValue<string>();
        Assert.NotEqual(entered.ChildId, reissued);
        Assert.Equal("20261106", reissued[6..14]);

        // The engine never saw the new number, so the retry still carries the old one.
        var (retry, _, _) = await fixture.RunAsync("gongan.amendNewbornRegistration", entered.HouseholdKey, household, attempt: 2);
        Assert.Equal(reissued, retry.Outputs["childIdNumber"]);
        Assert.Equal(2, Revision(await OneRecordAsync("gongan", entered.HouseholdKey)));
    }

    [Fact]
    public async Task AnAmendmentTheRegisterRefuses_WaitsForTheApplicant_AndChangesNothing()
    {
        var entered = await EnterNewbornAsync(Mother(8), "1", "2026-11-08");
        var unknown = RpaRunner.Sandbox.Identifiers.CitizenIdNumber.Compose("430102", new DateOnly(1992, 2, 2), 886);
        var birth = new Dictionary<string, string?>(entered.Birth) { ["motherIdNumber"] = unknown, ["birthCertificateNo"] = entered.CertificateNo };
        var context = await fixture.FailAsync<ApplicantRefusalException>("weijian.amendBirthCertificate", entered.BirthKey, birth);
        Assert.True(context.Evidence.ContainsKey("screenshot"));
        Assert.Equal(1, Revision(await OneRecordAsync("weijian", entered.BirthKey)));

        // A 预防接种证 that no longer matches its 出生医学证明 is the operator's to sort out, not the applicant's.
        var vaccination = new Dictionary<string, string?>(entered.Vaccination) { ["childName"] = "叶不符", ["vaccinationCertificateNo"] = entered.VaccinationNo };
        var ex = await Assert.ThrowsAsync<BusinessRuleException>(() => fixture.Bot.RunAsync(
            new BotStepContext(SandboxBotFixture.Step("weijian.amendVaccinationCertificate", entered.VaccinationKey, vaccination), "test-worker", _ => Task.CompletedTask), CancellationToken.None));
        Assert.Contains("与出生医学证明不一致", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Revision(await OneRecordAsync("weijian", entered.VaccinationKey)));
    }
}
