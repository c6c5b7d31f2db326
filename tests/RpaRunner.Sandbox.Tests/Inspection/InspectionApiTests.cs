using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Inspection;

public class InspectionApiTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    [Theory]
    [InlineData("systems")]
    [InlineData("systems/gongan/records")]
    [InlineData("systems/gongan/quirks")]
    [InlineData("register/persons")]
    public async Task Requests_WithoutTheKey_Are401(string path)
    {
        using var anonymous = f.Inspection(withKey: false);
        using var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        anonymous.DefaultRequestHeaders.Add("X-Inspection-Key", "not-the-key");
        using var wrong = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

        using var reset = await anonymous.PostAsync("reset", null);
        Assert.Equal(HttpStatusCode.Unauthorized, reset.StatusCode);
    }

    [Fact]
    public async Task Systems_ListsEverySystemWithUrlRobotAndFieldLabels()
    {
        using var inspection = f.Inspection();
        var systems = await inspection.GetFromJsonAsync<JsonElement>("systems");
        var ids = systems.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Equal(["weijian", "gongan", "yibao", "shuiwu", "renshe", "gongjijin", "gongjijin-counter", "gongjijin-contact", "shichang", "rencai", "minzheng", "jiaojing"], ids);
        var gongan = systems.EnumerateArray().First(s => s.GetProperty("id").GetString() == "gongan");
        Assert.Equal("rpa_gongan", gongan.GetProperty("robot").GetProperty("username").GetString());
        var register = gongan.GetProperty("actions").EnumerateArray().First(a => a.GetProperty("id").GetString() == "gongan.registerNewborn");
        Assert.Contains(register.GetProperty("outputs").EnumerateArray(), o => o.GetProperty("label").GetString() == "公民身份号码");
    }

    [Fact]
    public async Task Records_AndCounts_ShowWhatLandedPerKeyAndIdNumber()
    {
        var (_, childId, _) = await Samples.NewbornAsync(f, 9, "计数宝宝");
        using var inspection = f.Inspection();
        var records = await inspection.GetFromJsonAsync<JsonElement>("systems/gongan/records?subjectId=" + childId);
        var record = Assert.Single(records.EnumerateArray());
        Assert.Equal("gongan.registerNewborn", record.GetProperty("actionId").GetString());
        Assert.Equal(childId, record.GetProperty("outputs").GetProperty("childIdNumber").GetString());
        var key = record.GetProperty("externalNo").GetString()!;

        var byKey = await inspection.GetFromJsonAsync<JsonElement>("systems/gongan/counts?by=externalNo");
        Assert.Equal(1, byKey.GetProperty(key).GetInt32());
        var count = await inspection.GetFromJsonAsync<JsonElement>("systems/gongan/records/count?externalNo=" + Uri.EscapeDataString(key));
        Assert.Equal(1, count.GetProperty("count").GetInt32());

        // Entering the same matter twice with the same key is visible as a count of 2 (seal filings are not de-duplicated).
        var rep = Samples.LegalRep(f, 0);
        var (creditCode, _) = await Samples.EnterpriseAsync(f, rep, "长沙重复计数贸易有限公司");
        using var gongan = await f.LoggedInAsync("gongan");
        var seal = new Dictionary<string, string>
        {
            ["creditCode"] = creditCode, ["companyName"] = "长沙重复计数贸易有限公司", ["legalRepName"] = rep.Name, ["legalRepIdNumber"] = rep.IdNumber, ["sealTypes"] = "01",
        };
        await gongan.SubmitAsync("gongan.fileSealEngraving", seal, "CASE-DUP:seal");
        await gongan.SubmitAsync("gongan.fileSealEngraving", seal, "CASE-DUP:seal");
        var bySubject = await inspection.GetFromJsonAsync<JsonElement>("systems/gongan/counts?by=subjectId");
        Assert.Equal(2, bySubject.GetProperty(creditCode).GetInt32());
        var duplicates = await inspection.GetFromJsonAsync<JsonElement>("systems/gongan/records/count?externalNo=CASE-DUP:seal");
        Assert.Equal(2, duplicates.GetProperty("count").GetInt32());

        var person = await inspection.GetFromJsonAsync<JsonElement>("register/persons/" + childId);
        Assert.Equal("gongan", person.GetProperty("source").GetString());
    }

    [Fact]
    public async Task SessionsExpire_SendsTheNextPageToTheLogin()
    {
        using var client = await f.LoggedInAsync("shuiwu");
        using var inspection = f.Inspection();
        using var response = await inspection.PostAsync("systems/shuiwu/sessions/expire", null);
        response.EnsureSuccessStatusCode();
        var page = await client.GetAsync("search");
        Assert.Equal("/login", page.Url!.AbsolutePath);
    }

    [Fact]
    public async Task UnknownSystem_Is404()
    {
        using var inspection = f.Inspection();
        using var response = await inspection.GetAsync("systems/nosuch/records");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>Reset gets a sandbox of its own: it wipes every record.</summary>
public class InspectionResetTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    [Fact]
    public async Task Reset_ClearsRecordsRegisterAdditionsAndQuirks()
    {
        var (_, childId, _) = await Samples.NewbornAsync(f, 10, "重置宝宝");
        f.Host.SetQuirks("weijian", q => q.ErrorRate = 0.5);
        using var inspection = f.Inspection();
        using var response = await inspection.PostAsync("reset", null);
        response.EnsureSuccessStatusCode();

        Assert.Equal(0, (await inspection.GetFromJsonAsync<JsonElement>("systems/weijian/records")).GetArrayLength());
        Assert.Equal(0, (await inspection.GetFromJsonAsync<JsonElement>("systems/gongan/records")).GetArrayLength());
        using var gone = await inspection.GetAsync("register/persons/" + childId);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(0, f.Host.GetQuirks("weijian").ErrorRate);
        var seeded = await inspection.GetFromJsonAsync<JsonElement>("register/persons?source=seed");
        Assert.Equal(f.Host.Population.People.Count, seeded.GetArrayLength());
    }
}
