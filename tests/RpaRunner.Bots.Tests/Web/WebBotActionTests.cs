using System.Text;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>The web bot against the sandbox department systems in real Chromium.</summary>
[Collection(SandboxBotCollection.Name)]
public sealed class WebBotActionTests(SandboxBotFixture fixture)
{
    private static int s_company;

    [Fact]
    public async Task RegisterEnterprise_CreatesTheRecordOnce_AndARerunFindsItInsteadOfCreatingASecond()
    {
        var key = NewKey("registration");
        var inputs = Enterprise();

        var (first, _, leaseChecks) = await fixture.RunAsync("shichang.registerEnterprise", key, inputs);
        Assert.False(first.FoundExisting);
        Assert.True(CreditCode.TryParse(first.Outputs["creditCode"], out _, out _), first.Outputs["creditCode"]);
        Assert.Equal(15, first.Outputs["registrationNo"]!.Length);
        Assert.Equal(1, leaseChecks);

        var (again, _, checksAgain) = await fixture.RunAsync("shichang.registerEnterprise", key, inputs, attempt: 2);
        Assert.True(again.FoundExisting);
        Assert.Equal(first.Outputs["creditCode"], again.Outputs["creditCode"]);
        Assert.Equal(0, checksAgain);
        Assert.Equal(1, await fixture.CountAsync("shichang", key));
    }

    [Fact]
    public async Task V2Layout_TheScriptStillCompletes_ThroughItsFallbacks_AndReportsSelectorDrift()
    {
        fixture.Sandbox.SetQuirks("shichang", q => q.LayoutVersion = 2);
        try
        {
            var key = NewKey("registration");
            var (result, context, _) = await fixture.RunAsync("shichang.registerEnterprise", key, Enterprise());
            Assert.True(CreditCode.TryParse(result.Outputs["creditCode"], out _, out _));
            Assert.Contains(context.Notes, n => n.StartsWith("selector drift:", StringComparison.Ordinal) && n.Contains("#companyName", StringComparison.Ordinal));
            Assert.Equal(1, await fixture.CountAsync("shichang", key));
        }
        finally
        {
            fixture.Sandbox.SetQuirks("shichang", q => q.LayoutVersion = 1);
        }
    }

    [Fact]
    public async Task TaxpayerSetup_WhenTheSystemAsksForTheFaceCheck_GoesToAPersonWithTheReason_AndEntersNothing()
    {
        var company = Enterprise();
        var (registered, _, _) = await fixture.RunAsync("shichang.registerEnterprise", NewKey("registration"), company);
        var key = NewKey("tax");
        var tax = new Dictionary<string, string?>
        {
            ["creditCode"] = registered.Outputs["creditCode"], ["companyName"] = company["companyName"],
            ["legalRepName"] = company["legalRepName"], ["legalRepIdNumber"] = company["legalRepIdNumber"],
            ["financeOfficerName"] = company["financeOfficerName"], ["financeOfficerIdNumber"] = company["financeOfficerIdNumber"],
            ["invoiceKinds"] = "02", ["creditLimit"] = "300000",
        };
        fixture.Sandbox.SetQuirks("shuiwu", q => q.FaceCheck = true);
        try
        {
            // The robot cannot show the legal representative's face: the 提示 is a business failure for a person, never guessed past.
            var context = new BotStepContext(SandboxBotFixture.Step("shuiwu.setupTaxpayerAndInvoices", key, tax), "test-worker", _ => Task.CompletedTask);
            var ex = await Assert.ThrowsAsync<BusinessRuleException>(() => fixture.Bot.RunAsync(context, CancellationToken.None));
            Assert.Equal(RpaRunner.Workflows.Engine.FailureClass.Business, ex.Class);
            Assert.Contains("需法定代表人人脸识别", ex.Message, StringComparison.Ordinal);
            Assert.True(context.Evidence.ContainsKey("screenshot"));
        }
        finally
        {
            fixture.Sandbox.SetQuirks("shuiwu", q => q.FaceCheck = false);
        }

        Assert.Equal(0, await fixture.CountAsync("shuiwu", key));
    }

    [Fact]
    public async Task Refusal_IsABusinessFailure_WithTheSystemsMessage_AndScreenshotHtmlTraceEvidence()
    {
        // Over the capital this counter may register: the operator's to sort out (a restricted name would be the applicant's).
        var inputs = Enterprise();
        inputs["registeredCapital"] = "2000000";
        var context = await fixture.FailAsync<BusinessRuleException>("shichang.registerEnterprise", NewKey("registration"), inputs);
        var png = fixture.Evidence.Read(context.Evidence["screenshot"]);
        Assert.NotNull(png);
        Assert.True(png.Length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        Assert.Contains("提示", Encoding.UTF8.GetString(fixture.Evidence.Read(context.Evidence["html"])!), StringComparison.Ordinal);
        Assert.Equal("PK", Encoding.ASCII.GetString(fixture.Evidence.Read(context.Evidence["trace"])!, 0, 2));
        Assert.Contains("BusinessRuleException", Encoding.UTF8.GetString(fixture.Evidence.Read(context.Evidence["log"])!), StringComparison.Ordinal);

        // On disk every piece is sealed: the page's text and the PNG are not readable there.
        foreach (var link in context.Evidence.Values)
        {
            var onDisk = await File.ReadAllBytesAsync(fixture.Evidence.Resolve(link)!);
            Assert.True(RpaRunner.Workflows.Privacy.PersonalDataCipher.IsProtected(onDisk), $"{link} is not sealed");
            Assert.DoesNotContain("提示", Encoding.UTF8.GetString(onDisk), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FailedFirstTry_KeepsATraceOfTheBotsActionsAndValues_WithoutDomSnapshots()
    {
        var inputs = Enterprise();
        inputs["registeredCapital"] = "2000000";
        var context = new BotStepContext(SandboxBotFixture.Step("shichang.registerEnterprise", NewKey("registration"), inputs), "test-worker", _ => Task.CompletedTask);
        await Assert.ThrowsAsync<BusinessRuleException>(() => fixture.NewBot().RunAsync(context, CancellationToken.None));
        Assert.True(context.Evidence.ContainsKey("screenshot"), "no screenshot of the refusal");
        Assert.True(context.Evidence.ContainsKey("html"), "no page HTML of the refusal");

        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(fixture.Evidence.Read(context.Evidence["trace"])!));
        var events = string.Join('\n', zip.Entries.Where(e => e.Name.EndsWith(".trace", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
        Assert.Contains(inputs["companyName"]!, events, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"before\"", events, StringComparison.Ordinal);
        Assert.DoesNotContain("\"type\":\"frame-snapshot\"", events, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AttemptTrace.Escalating, 1, 1, false, AttemptTrace.Actions)]
    [InlineData(AttemptTrace.Escalating, 2, 1, false, AttemptTrace.Snapshots)]
    [InlineData(AttemptTrace.Escalating, 1, 2, false, AttemptTrace.Snapshots)]
    [InlineData(AttemptTrace.Escalating, 1, 1, true, AttemptTrace.Snapshots)]
    [InlineData(AttemptTrace.Snapshots, 1, 1, false, AttemptTrace.Snapshots)]
    [InlineData(AttemptTrace.None, 3, 2, true, AttemptTrace.None)]
    public void EscalatingTrace_RecordsDomSnapshotsOnceAStepHasFailed(AttemptTrace setting, int attempt, int tryInAttempt, bool verify, AttemptTrace expected)
    {
        var step = SandboxBotFixture.Step("shichang.registerEnterprise", NewKey("registration"), [], attempt) with { Verify = verify };
        Assert.Equal(expected, setting.For(step, tryInAttempt));
    }

    [Fact]
    public async Task FailedRetry_TraceOpensInPlaywrightsTraceViewer_WithTheBotsActionsAndThePageItStoppedAt_ButNotTheLogin()
    {
        var inputs = Enterprise();
        inputs["registeredCapital"] = "2000000";
        // A retry (the step's second attempt) of a bot whose first step this is: it logs in during the attempt.
        var context = new BotStepContext(SandboxBotFixture.Step("shichang.registerEnterprise", NewKey("registration"), inputs, attempt: 2), "test-worker", _ => Task.CompletedTask);
        await Assert.ThrowsAsync<BusinessRuleException>(() => fixture.NewBot().RunAsync(context, CancellationToken.None));
        var trace = Path.Combine(Directory.CreateTempSubdirectory("rpa-trace-").FullName, "trace.zip");
        var bytes = fixture.Evidence.Read(context.Evidence["trace"])!;
        await File.WriteAllBytesAsync(trace, bytes);

        // The login is not in it: the robot account's password is nowhere in the trace.
        using (var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes)))
        {
            var password = fixture.Sandbox.Systems.Single(s => s.Id == "shichang").RobotPassword;
            foreach (var entry in zip.Entries)
            {
                using var reader = new StreamReader(entry.Open());
                Assert.DoesNotContain(password, await reader.ReadToEndAsync(), StringComparison.Ordinal);
            }
        }

        // Opened as an operator opens it: Playwright's trace viewer, in a browser.
        await using var viewer = await TraceViewer.StartAsync(trace);
        var browser = await fixture.Browsers.GetAsync(CancellationToken.None);
        await using var browserContext = await browser.NewContextAsync();
        var page = await browserContext.NewPageAsync();
        await page.GotoAsync(viewer.PageFor(trace));

        // The action list holds what the bot did, with the values it typed.
        var actions = page.GetByRole(Microsoft.Playwright.AriaRole.Treeitem);
        await actions.GetByText(inputs["companyName"]!).First.WaitForAsync(new() { Timeout = 30_000 });
        Assert.True(await actions.CountAsync() >= 5, $"only {await actions.CountAsync()} actions in the trace");

        // The last action's DOM snapshot is the page the bot stopped at: the system's refusal.
        await actions.Last.ClickAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var shown = false;
        while (!shown && DateTime.UtcNow < deadline)
        {
            foreach (var frame in page.Frames.Where(f => f != page.MainFrame))
            {
                try
                {
                    shown |= (await frame.InnerTextAsync("body", new() { Timeout = 1000 })).Contains("提示", StringComparison.Ordinal);
                }
                catch (Microsoft.Playwright.PlaywrightException)
                {
                    // A snapshot frame still loading.
                }
            }

            if (!shown)
            {
                await Task.Delay(250);
            }
        }

        Assert.True(shown, "the trace viewer shows no snapshot of the refusal page");
    }

    [Fact]
    public async Task ServerErrors_AreTransientFailures()
    {
        fixture.Sandbox.SetQuirks("gongjijin", q => q.ErrorRate = 1);
        try
        {
            var context = await fixture.FailAsync<TransientBotException>("gongjijin.openEmployerAccount", NewKey("housingFund"), EmployerAccount());
            Assert.True(context.Evidence.ContainsKey("screenshot"));
        }
        finally
        {
            fixture.Sandbox.SetQuirks("gongjijin", q => q.ErrorRate = 0);
        }
    }

    [Fact]
    public async Task Maintenance_IsTransient_AndSaysWhy()
    {
        fixture.Sandbox.SetQuirks("renshe", q => q.Maintenance = true);
        try
        {
            var system = fixture.Sandbox["renshe"];
            var ex = await Assert.ThrowsAsync<TransientBotException>(() => fixture.Bot.RunAsync(Context("renshe.registerEmployer", NewKey("socialInsurance"), new()), CancellationToken.None));
            Assert.Contains("503", ex.Message, StringComparison.Ordinal);
            Assert.NotNull(system);
        }
        finally
        {
            fixture.Sandbox.SetQuirks("renshe", q => q.Maintenance = false);
        }
    }

    [Fact]
    public async Task ExpiredSession_TheBotLogsInAgain_AndCompletes()
    {
        await fixture.RunAsync("shichang.registerEnterprise", NewKey("registration"), Enterprise());
        using (var http = new HttpClient { BaseAddress = fixture.Sandbox.InspectionUrl })
        {
            http.DefaultRequestHeaders.Add("X-Inspection-Key", fixture.Sandbox.InspectionKey);
            (await http.PostAsync("systems/shichang/sessions/expire", null)).EnsureSuccessStatusCode();
        }

        var key = NewKey("registration");
        var (result, _, _) = await fixture.RunAsync("shichang.registerEnterprise", key, Enterprise());
        Assert.False(result.FoundExisting);
        Assert.Equal(1, await fixture.CountAsync("shichang", key));
    }

    [Fact]
    public async Task AnnouncementPopUps_AreClosed_AndTheEntryCompletes()
    {
        fixture.Sandbox.SetQuirks("shichang", q => q.AnnouncementRate = 1);
        try
        {
            var key = NewKey("registration");
            var (result, _, _) = await fixture.RunAsync("shichang.registerEnterprise", key, Enterprise());
            Assert.NotNull(result.Outputs["creditCode"]);
            Assert.Equal(1, await fixture.CountAsync("shichang", key));
        }
        finally
        {
            fixture.Sandbox.SetQuirks("shichang", q => q.AnnouncementRate = 0);
        }
    }

    private static BotStepContext Context(string action, string key, Dictionary<string, string?> inputs) =>
        new(SandboxBotFixture.Step(action, key, inputs), "test-worker", _ => Task.CompletedTask);

    private static string NewKey(string stepId) => $"CS20261122{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}:{stepId}";

    private Dictionary<string, string?> Enterprise()
    {
        var legalRep = fixture.Sandbox.Population.WithRole("legalRep").First();
        var n = Interlocked.Increment(ref s_company);
        var number = string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => "零一二三四五六七八九"[d - '0']));
        var form = new Dictionary<string, string?>()
        {
            ["companyName"] = $"长沙麓谷{number}号软件开发有限公司",
            ["companyType"] = "1130",
            ["registeredCapital"] = "200",
            ["businessScope"] = "1040101,1040102",
            ["address"] = "湖南省长沙市岳麓区麓谷大道627号",
            ["legalRepName"] = legalRep.Name,
            ["legalRepIdNumber"] = legalRep.IdNumber,
            ["legalRepPhone"] = legalRep.Phone,
        };
        foreach (var (key, value) in fixture.Sandbox.Population.CompanyPeople(legalRep, "200", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))))
        {
            form[key] = value;
        }

        return form;
    }

    private Dictionary<string, string?> EmployerAccount()
    {
        var enterprise = fixture.Sandbox.Population.Enterprises[0];
        return new()
        {
            ["creditCode"] = enterprise.CreditCode,
            ["companyName"] = enterprise.Name,
            ["address"] = enterprise.Address,
            ["contactName"] = "王经办",
            ["contactPhone"] = "13900001111",
        };
    }
}
