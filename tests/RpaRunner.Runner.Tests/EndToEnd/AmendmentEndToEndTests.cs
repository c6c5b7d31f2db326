using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>
/// One correction reaches every department: a newborn case amended after the departments made their records ends
/// with 卫健's and 公安's records corrected in place by the bots (更正 in real Chromium), later matters run with the
/// new values, a record without a 更正 action is confirmed by a person, and still one record per matter.
/// </summary>
public sealed class AmendmentEndToEndTests : IAsyncLifetime
{
    private readonly SandboxRunnerFixture _f = new();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public Task InitializeAsync() => _f.InitializeAsync();

    public Task DisposeAsync() => _f.DisposeAsync();

    [Fact]
    public async Task MotherAmendedAfterTheRecordsExist_WeijianAndGonganHoldTheCorrectedData_OneRecordPerMatter()
    {
        using var clerk = _f.Runner.Client(Roles.Clerk);
        using var operatorClient = _f.Runner.Client(Roles.Operator);
        // Version 1, whose 户口登记 and 医保 matters have 更正 scripts; version 2's new actions have none yet (a person corrects them).
        var submitted = await clerk.PostAsJsonAsync("/api/cases", new { bundleId = "newborn", bundleVersion = 1, form = SampleApplications.AsNewbornVersion1(_f.Applications.For("newborn", 0, Today)) });
        Assert.True(submitted.IsSuccessStatusCode, await submitted.Content.ReadAsStringAsync());
        var code = (await submitted.Content.ReadFromJsonAsync<JsonNode>())!["caseCode"]!.GetValue<string>();
        var first = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromMinutes(4));
        Assert.Equal("completed", first["status"]!.GetValue<string>());

        var other = _f.Applications.For("newborn", 1, Today)["mother"]!.AsObject();
        var (newName, newId) = (other["name"]!.GetValue<string>(), other["idNumber"]!.GetValue<string>());
        Assert.NotEqual(newId, first["form"]!["mother"]!["idNumber"]!.GetValue<string>());
        var amend = await clerk.PostAsJsonAsync($"/api/cases/{code}/amend",
            new { reason = "申请人更正母亲姓名与身份证号", form = new { mother = new { name = newName, idNumber = newId } } });
        Assert.True(amend.IsSuccessStatusCode, await amend.Content.ReadAsStringAsync());
        var result = (await amend.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(["birthCertificate", "household", "socialSecurityCard", "vaccination"], result["stepsToAmend"]!.AsArray().Select(s => s!.GetValue<string>()).Order());

        // The bots correct 卫健 first, then 公安 and the vaccination certificate; 人社 has no 更正 action: a person's task.
        var waiting = await RunnerFixture.WaitForCaseAsync(operatorClient, code, TimeSpan.FromMinutes(4),
            c => c["steps"]!.AsArray().All(s => s!["status"]!.GetValue<string>() is "succeeded" or "needsAmendment" or "waitingForPerson" or "skipped"));
        Assert.Equal("waitingForPerson", waiting["status"]!.GetValue<string>());
        Assert.Equal("needsAmendment", Step(waiting, "socialSecurityCard")["status"]!.GetValue<string>());
        Assert.All(waiting["steps"]!.AsArray().Where(s => s!["stepId"]!.GetValue<string>() != "socialSecurityCard"),
            s => Assert.Equal("succeeded", s!["status"]!.GetValue<string>()));

        var card = Step(waiting, "socialSecurityCard");
        var confirm = await operatorClient.PostAsJsonAsync($"/api/cases/{code}/steps/socialSecurityCard/complete",
            new { reason = "已在人社系统更正监护人信息", values = card["outputs"]!.AsObject().ToDictionary(o => o.Key, o => o.Value!.GetValue<string>()) });
        Assert.True(confirm.IsSuccessStatusCode, await confirm.Content.ReadAsStringAsync());
        var done = await RunnerFixture.WaitForCaseAsync(operatorClient, code, TimeSpan.FromSeconds(30));
        Assert.Equal("completed", done["status"]!.GetValue<string>());

        var birth = Assert.Single(await _f.RecordsAsync("weijian", Key(done, "birthCertificate")))!;
        Assert.Equal((newName, newId, 2), (birth["inputs"]!["motherName"]!.GetValue<string>(), birth["inputs"]!["motherIdNumber"]!.GetValue<string>(), birth["revision"]!.GetValue<int>()));
        Assert.Equal(Step(first, "birthCertificate")["outputs"]!["birthCertificateNo"]!.GetValue<string>(), Step(done, "birthCertificate")["outputs"]!["birthCertificateNo"]!.GetValue<string>());
        var vaccination = Assert.Single(await _f.RecordsAsync("weijian", Key(done, "vaccination")))!;
        Assert.Equal((newName, 2), (vaccination["inputs"]!["guardianName"]!.GetValue<string>(), vaccination["revision"]!.GetValue<int>()));
        var household = Assert.Single(await _f.RecordsAsync("gongan", Key(done, "household")))!;
        Assert.Equal((newId, 2), (household["inputs"]!["motherIdNumber"]!.GetValue<string>(), household["revision"]!.GetValue<int>()));
        Assert.Equal(newName, Step(done, "socialSecurityCard")["inputs"]!["guardianName"]!.GetValue<string>());
        foreach (var step in done["steps"]!.AsArray())
        {
            Assert.Single(await _f.RecordsAsync(step!["system"]!.GetValue<string>(), step["idempotencyKey"]!.GetValue<string>()));
        }

        var audit = (await operatorClient.GetFromJsonAsync<JsonArray>($"/api/cases/{code}/audit"))!;
        var amended = audit.Single(a => a!["kind"]!.GetValue<string>() == "case.amended")!;
        Assert.Contains("form.mother.idNumber", amended.ToJsonString());
        Assert.DoesNotContain(newId, amended.ToJsonString());
        Assert.Equal(3, audit.Count(a => a!["kind"]!.GetValue<string>() == "step.amended"));
        Assert.Single(audit, a => a!["kind"]!.GetValue<string>() == "step.amended-by-person");
    }

    private static JsonNode Step(JsonNode view, string stepId) => view["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == stepId)!;

    private static string Key(JsonNode view, string stepId) => Step(view, stepId)["idempotencyKey"]!.GetValue<string>();
}
