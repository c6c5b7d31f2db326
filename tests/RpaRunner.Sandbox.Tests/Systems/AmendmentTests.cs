using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Identifiers;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>更正 in 卫健 and 公安: one record per matter, a revision and a history, the same rules as issuing.</summary>
public class AmendmentTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private async Task<JsonElement> RecordAsync(string system, string key)
    {
        using var inspection = f.Inspection();
        var records = await inspection.GetFromJsonAsync<JsonElement>($"systems/{system}/records?externalNo={Uri.EscapeDataString(key)}");
        Assert.Equal(1, records.GetArrayLength());
        return records[0];
    }

    private async Task<int> CountAsync(string system, string key)
    {
        using var inspection = f.Inspection();
        var answer = await inspection.GetFromJsonAsync<JsonElement>($"systems/{system}/records/count?externalNo={Uri.EscapeDataString(key)}");
        return answer.GetProperty("count").GetInt32();
    }

    private static string Receipt(JsonElement record) => record.GetProperty("receiptNo").GetString()!;

    private static string Input(JsonElement record, string name) => record.GetProperty("inputs").GetProperty(name).GetString()!;

    private static string Output(JsonElement record, string name) => record.GetProperty("outputs").GetProperty(name).GetString()!;

    [Fact]
    public async Task MotherCorrected_EveryDepartmentKeepsOneRecord_WithTheNewValues_RevisionTwo_AndTheHistory()
    {
        var newborn = await Samples.NewbornCaseAsync(f, 0, "叶更正");
        var corrected = Samples.Mother(f, 4);
        using var weijian = await f.LoggedInAsync("weijian");

        var birth = newborn.BirthCertificate();
        birth["motherName"] = corrected.Name;
        birth["motherIdNumber"] = corrected.IdNumber;
        var page = await weijian.AmendAsync("weijian.amendBirthCertificate", Receipt(await RecordAsync("weijian", newborn.BirthKey)), birth, note: "母亲身份信息登记有误");
        Assert.Contains("更正成功", page.Html, StringComparison.Ordinal);
        Assert.Equal(newborn.CertificateNo, page.Output("birthCertificateNo"));
        Assert.Equal("第2版", page.Output("revision"));

        var record = await RecordAsync("weijian", newborn.BirthKey);
        Assert.Equal(2, record.GetProperty("revision").GetInt32());
        Assert.Equal(corrected.Name, Input(record, "motherName"));
        Assert.Equal(corrected.IdNumber, Input(record, "motherIdNumber"));
        Assert.Equal(corrected.IdNumber, record.GetProperty("subjectId").GetString());
        Assert.Equal(newborn.CertificateNo, record.GetProperty("documentNo").GetString());
        var correction = Assert.Single(record.GetProperty("corrections").EnumerateArray());
        Assert.Equal(2, correction.GetProperty("revision").GetInt32());
        Assert.Equal("rpa_weijian", correction.GetProperty("operator").GetString());
        Assert.Equal("依当事人申请更正", correction.GetProperty("reason").GetString());
        Assert.False(string.IsNullOrEmpty(correction.GetProperty("at").GetString()));
        var changes = correction.GetProperty("changes").EnumerateArray().ToDictionary(c => c.GetProperty("field").GetString()!);
        Assert.Equal(["motherIdNumber", "motherName"], changes.Keys.Order());
        Assert.Equal(newborn.Mother.Name, changes["motherName"].GetProperty("old").GetString());
        Assert.Equal(corrected.Name, changes["motherName"].GetProperty("new").GetString());

        // Amending again with the same values is harmless: no new revision, no new record.
        var again = await weijian.AmendAsync("weijian.amendBirthCertificate", Receipt(record), birth);
        Assert.Contains("信息无变化", again.Html, StringComparison.Ordinal);
        Assert.Equal(2, (await RecordAsync("weijian", newborn.BirthKey)).GetProperty("revision").GetInt32());

        var vaccination = newborn.Vaccination();
        vaccination["guardianName"] = corrected.Name;
        vaccination["guardianPhone"] = corrected.Phone;
        var vaccinationPage = await weijian.AmendAsync("weijian.amendVaccinationCertificate", Receipt(await RecordAsync("weijian", newborn.VaccinationKey)), vaccination);
        Assert.Contains("更正成功", vaccinationPage.Html, StringComparison.Ordinal);
        Assert.Equal(newborn.VaccinationNo, vaccinationPage.Output("vaccinationCertificateNo"));

        using var gongan = await f.LoggedInAsync("gongan");
        var household = newborn.Household();
        household["motherIdNumber"] = corrected.IdNumber;
        var gonganPage = await gongan.ApplyForCorrectionAsync(Receipt(await RecordAsync("gongan", newborn.HouseholdKey)), household, ["fm"]);
        Assert.Contains("更正申请已办结", gonganPage.Html, StringComparison.Ordinal);
        var registration = await RecordAsync("gongan", newborn.HouseholdKey);
        Assert.Equal(2, registration.GetProperty("revision").GetInt32());
        Assert.Equal(corrected.IdNumber, Input(registration, "motherIdNumber"));
        Assert.Equal(newborn.ChildId, Output(registration, "childIdNumber"));

        foreach (var (system, key) in new[] { ("weijian", newborn.BirthKey), ("weijian", newborn.VaccinationKey), ("gongan", newborn.HouseholdKey) })
        {
            Assert.Equal(1, await CountAsync(system, key));
            Assert.Equal(2, (await RecordAsync(system, key)).GetProperty("revision").GetInt32());
        }

        // The ordinary search and result page show the corrected record too.
        var search = await weijian.GetAsync($"search?externalNo={Uri.EscapeDataString(newborn.BirthKey)}");
        Assert.Contains("共查询到 1 条记录", search.Html, StringComparison.Ordinal);
        Assert.Contains(corrected.IdNumber, search.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BirthDateCorrected_GonganIssuesANewConsistentIdNumber_AndTheOldNumberStillFindsTheEntry()
    {
        var newborn = await Samples.NewbornCaseAsync(f, 1, "冯改期", sex: "2", birthDate: "2026-09-20");
        using var weijian = await f.LoggedInAsync("weijian");
        var birth = newborn.BirthCertificate();
        birth["birthDate"] = "2026-09-21";
        Assert.Contains("更正成功", (await weijian.AmendAsync("weijian.amendBirthCertificate", Receipt(await RecordAsync("weijian", newborn.BirthKey)), birth)).Html, StringComparison.Ordinal);

        using var gongan = await f.LoggedInAsync("gongan");
        var household = newborn.Household();
        household["birthDate"] = "2026-09-21";
        var receipt = Receipt(await RecordAsync("gongan", newborn.HouseholdKey));
        var page = await gongan.ApplyForCorrectionAsync(receipt, household, ["csrq"]);
        Assert.Contains("更正申请已办结", page.Html, StringComparison.Ordinal);
        var registration = await RecordAsync("gongan", newborn.HouseholdKey);
        var newId = Output(registration, "childIdNumber");
        Assert.NotEqual(newborn.ChildId, newId);
        Assert.True(CitizenIdNumber.IsValid(newId));
        Assert.Equal("20260921", newId[6..14]);
        Assert.Equal("2", CitizenIdNumber.SexCode(newId));
        Assert.Equal(newborn.ChildId[..6], newId[..6]);
        Assert.Equal(newId, registration.GetProperty("documentNo").GetString());
        Assert.Contains(newId, page.Html, StringComparison.Ordinal);

        using var inspection = f.Inspection();
        Assert.Equal(HttpStatusCode.NotFound, (await inspection.GetAsync($"register/persons/{newborn.ChildId}")).StatusCode);
        var person = await inspection.GetFromJsonAsync<JsonElement>($"register/persons/{newId}");
        Assert.Equal("2026-09-21", person.GetProperty("birthDate").GetString());

        // A re-run that still knows the old number: the lookup finds the entry, and the same values change nothing.
        var lookup = await gongan.GetAsync($"biz/amendNewbornRegistration?zcslbh={Uri.EscapeDataString(newborn.HouseholdKey)}&gmsfhm={newborn.ChildId}");
        Assert.Contains("已于", lookup.Html, StringComparison.Ordinal);
        Assert.Contains("申请更正", lookup.Html, StringComparison.Ordinal);
        var again = await gongan.ApplyForCorrectionAsync(receipt, household, ["xm", "xb", "csrq", "fm", "dz"]);
        Assert.Contains("登记项目无变化", again.Html, StringComparison.Ordinal);
        Assert.Contains(newId, again.Html, StringComparison.Ordinal);
        Assert.Equal(2, (await RecordAsync("gongan", newborn.HouseholdKey)).GetProperty("revision").GetInt32());

        // A sex correction issues another number, odd for a boy.
        birth["childSex"] = "1";
        Assert.Contains("更正成功", (await weijian.AmendAsync("weijian.amendBirthCertificate", Receipt(await RecordAsync("weijian", newborn.BirthKey)), birth)).Html, StringComparison.Ordinal);
        household["childSex"] = "1";
        Assert.Contains("更正申请已办结", (await gongan.ApplyForCorrectionAsync(receipt, household, ["xb"])).Html, StringComparison.Ordinal);
        var boy = Output(await RecordAsync("gongan", newborn.HouseholdKey), "childIdNumber");
        Assert.Equal("1", CitizenIdNumber.SexCode(boy));
        Assert.Equal(3, (await RecordAsync("gongan", newborn.HouseholdKey)).GetProperty("revision").GetInt32());
    }

    [Fact]
    public async Task Corrections_PassTheSameRulesAsIssuing_AndARefusalChangesNothing()
    {
        var newborn = await Samples.NewbornCaseAsync(f, 2, "王规则");
        using var weijian = await f.LoggedInAsync("weijian");
        var receipt = Receipt(await RecordAsync("weijian", newborn.BirthKey));

        var unknown = newborn.BirthCertificate();
        unknown["motherIdNumber"] = CitizenIdNumber.Compose("430102", new DateOnly(1993, 3, 3), 888);
        Assert.Contains("人口信息库中不存在", (await weijian.AmendAsync("weijian.amendBirthCertificate", receipt, unknown)).Error, StringComparison.Ordinal);

        var mismatch = newborn.BirthCertificate();
        mismatch["motherName"] = "某某某";
        Assert.Contains("姓名与公民身份号码不一致", (await weijian.AmendAsync("weijian.amendBirthCertificate", receipt, mismatch)).Error, StringComparison.Ordinal);

        var renumbered = newborn.BirthCertificate();
        renumbered["birthCertificateNo"] = "T999999999";
        Assert.Contains("证明编号不予更正", (await weijian.AmendAsync("weijian.amendBirthCertificate", receipt, renumbered)).Error, StringComparison.Ordinal);

        Assert.Contains("请选择更正原因", (await weijian.AmendAsync("weijian.amendBirthCertificate", receipt, newborn.BirthCertificate(), reason: "")).Error, StringComparison.Ordinal);
        Assert.Contains("须填写更正说明", (await weijian.AmendAsync("weijian.amendBirthCertificate", receipt, newborn.BirthCertificate(), reason: "99")).Error, StringComparison.Ordinal);

        // 预防接种证 must match the 出生医学证明 as it reads now.
        var vaccination = newborn.Vaccination();
        vaccination["childName"] = "王另名";
        Assert.Contains("与出生医学证明不一致", (await weijian.AmendAsync("weijian.amendVaccinationCertificate", Receipt(await RecordAsync("weijian", newborn.VaccinationKey)), vaccination)).Error, StringComparison.Ordinal);

        // 户口登记 must match the 出生医学证明: a new mother before 卫健 corrected the certificate is refused.
        using var gongan = await f.LoggedInAsync("gongan");
        var householdReceipt = Receipt(await RecordAsync("gongan", newborn.HouseholdKey));
        var household = newborn.Household();
        household["motherIdNumber"] = Samples.Mother(f, 5).IdNumber;
        Assert.Contains("与出生医学证明不一致", (await gongan.ApplyForCorrectionAsync(householdReceipt, household, ["fm"])).Error, StringComparison.Ordinal);
        Assert.Contains("请至少勾选一项更正项目", (await gongan.ApplyForCorrectionAsync(householdReceipt, household, [])).Error, StringComparison.Ordinal);
        Assert.Contains("本人已核对", (await gongan.ApplyForCorrectionAsync(householdReceipt, household, ["fm"], confirmed: false)).Error, StringComparison.Ordinal);

        // A value whose 更正项目 is not ticked is not taken: the mother stays, nothing changes.
        Assert.Contains("登记项目无变化", (await gongan.ApplyForCorrectionAsync(householdReceipt, household, ["dz"])).Html, StringComparison.Ordinal);

        var lookup = await gongan.GetAsync($"biz/amendNewbornRegistration?zcslbh={Uri.EscapeDataString(newborn.HouseholdKey)}&gmsfhm={CitizenIdNumber.Compose("430102", new DateOnly(2026, 1, 1), 1)}");
        Assert.Contains("未查询到符合条件的户口登记记录", lookup.Error, StringComparison.Ordinal);

        foreach (var (system, key) in new[] { ("weijian", newborn.BirthKey), ("weijian", newborn.VaccinationKey), ("gongan", newborn.HouseholdKey) })
        {
            var record = await RecordAsync(system, key);
            Assert.Equal(1, record.GetProperty("revision").GetInt32());
            Assert.Equal(0, record.GetProperty("corrections").GetArrayLength());
        }
    }

    [Fact]
    public async Task Inspection_DescribesTheAmendActions_WithTheActionTheyAmend()
    {
        using var inspection = f.Inspection();
        var weijian = await inspection.GetFromJsonAsync<JsonElement>("systems/weijian");
        var amend = weijian.GetProperty("actions").EnumerateArray().First(a => a.GetProperty("id").GetString() == "weijian.amendBirthCertificate");
        Assert.Equal("weijian.issueBirthCertificate", amend.GetProperty("amends").GetString());
        Assert.Equal("/biz/amendBirthCertificate", amend.GetProperty("path").GetString());
        Assert.Contains(amend.GetProperty("fields").EnumerateArray(), x => x.GetProperty("name").GetString() == "birthCertificateNo");
        Assert.Contains("weijian.amendBirthCertificate", f.Host["weijian"].ActionIds);
        Assert.Contains("gongan.amendNewbornRegistration", f.Host["gongan"].ActionIds);
    }

    [Fact]
    public async Task AStoreFileFromBeforeCorrections_GetsTheNewColumns_AndItsRecordsCanBeCorrected()
    {
        var directory = Directory.CreateTempSubdirectory("rpa-sandbox-old-").FullName;
        try
        {
            string key;
            await using (var first = await SandboxHost.StartAsync(new SandboxOptions { DataDirectory = directory, RandomSeed = 3 }))
            {
                var mother = first.Population.WithRole("mother").First();
                using var client = new SystemClient(first["weijian"]);
                await client.LoginAsync();
                key = Samples.UniqueKey("birthCertificate");
                Assert.True((await client.SubmitAsync("weijian.issueBirthCertificate", Samples.BirthCertificate(mother, null, "旧库"), key)).Accepted);
            }

            // The file as an older sandbox left it: no revision, history or update time.
            using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "weijian.db")};Pooling=False"))
            {
                connection.Open();
                foreach (var column in new[] { "Revision", "UpdatedAt", "CorrectionsJson" })
                {
                    using var drop = connection.CreateCommand();
                    drop.CommandText = $"ALTER TABLE Records DROP COLUMN {column}";
                    drop.ExecuteNonQuery();
                }
            }

            await using var second = await SandboxHost.StartAsync(new SandboxOptions { DataDirectory = directory, RandomSeed = 3 });
            using var inspection = new HttpClient { BaseAddress = second.InspectionUrl };
            inspection.DefaultRequestHeaders.Add("X-Inspection-Key", second.InspectionKey);
            var record = (await inspection.GetFromJsonAsync<JsonElement>($"systems/weijian/records?externalNo={Uri.EscapeDataString(key)}"))[0];
            Assert.Equal(1, record.GetProperty("revision").GetInt32());
            using var weijian = new SystemClient(second["weijian"]);
            await weijian.LoginAsync();
            var values = record.GetProperty("inputs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
            values["birthCertificateNo"] = record.GetProperty("documentNo").GetString()!;
            values["birthPlace"] = "长沙市第一医院";
            Assert.Contains("更正成功", (await weijian.AmendAsync("weijian.amendBirthCertificate", Receipt(record), values)).Html, StringComparison.Ordinal);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
