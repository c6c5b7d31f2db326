using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Web;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>
/// A bot asks a person mid-step (ADR 0028), in real Chromium against the sandbox: logging in with an account that is not
/// exempt from the captcha, the bot shows the captcha to a person, types their answer and completes the matter in the same
/// session; a wrong answer is asked again; the logged-in session serves later steps without asking.
/// </summary>
[Collection(SandboxBotCollection.Name)]
public sealed class AskPersonWebTests(SandboxBotFixture fixture)
{
    private const string System = "shichang";
    private static int s_company = 300;

    /// <summary>A person at the console: reads the captcha the system shows (the sandbox's test hook) and answers, or answers wrongly first.</summary>
    private sealed class Operator(SandboxBotFixture fixture, int wrongFirst = 0)
    {
        public List<PersonQuestion> Asked { get; } = [];

        public async Task<string> AnswerAsync(PersonQuestion question, CancellationToken cancellationToken)
        {
            Asked.Add(question);
            if (Asked.Count <= wrongFirst)
            {
                return "ZZZZ";
            }

            using var http = new HttpClient { BaseAddress = fixture.Sandbox.InspectionUrl };
            http.DefaultRequestHeaders.Add("X-Inspection-Key", fixture.Sandbox.InspectionKey);
            var shown = await http.GetFromJsonAsync<JsonNode>($"systems/{System}/captcha", cancellationToken);
            return shown!["answer"]!.GetValue<string>();
        }
    }

    /// <summary>A web bot of its own whose account for the system is a clerk's, not the robot's: the system asks it for the captcha.</summary>
    private WebBotAction ClerkBot()
    {
        var endpoint = new DepartmentSystemEndpoint
        {
            BaseUrl = fixture.Sandbox.Systems.First(s => s.Id == System).BaseUrl.ToString(),
            Username = "sc_clerk",
            Password = "Sc@clerk2025",
        };
        return ActivatorUtilities.CreateInstance<WebBotAction>(fixture.Services, new FixedEndpoint(endpoint));
    }

    private static async Task<BotResult> RunAsync(WebBotAction bot, Operator person, string key, Dictionary<string, string?> inputs)
    {
        var step = SandboxBotFixture.Step($"{System}.registerEnterprise", key, inputs);
        var context = new BotStepContext(step, "test-worker", _ => Task.CompletedTask, ask: person.AnswerAsync);
        return await bot.RunAsync(context, CancellationToken.None);
    }

    [Fact]
    public async Task CaptchaAtLogin_IsAskedAndAnswered_TheMatterIsEnteredOnce_AndTheSessionServesTheNextStepWithoutAsking()
    {
        var bot = ClerkBot();
        var person = new Operator(fixture);
        var key = NewKey();

        var first = await RunAsync(bot, person, key, Enterprise());

        Assert.False(first.FoundExisting);
        Assert.False(string.IsNullOrEmpty(first.Outputs["creditCode"]));
        Assert.Equal(1, await fixture.CountAsync(System, key));
        var question = Assert.Single(person.Asked);
        Assert.Equal(QuestionKinds.Captcha, question.Kind);
        Assert.True(question.Image is [0x89, 0x50, 0x4E, 0x47, ..] && question.Image.Length > 200, "the question carries a PNG of the captcha");

        // The same bot's next step reuses the logged-in session: nobody is asked again.
        var next = NewKey();
        await RunAsync(bot, person, next, Enterprise());
        Assert.Single(person.Asked);
        Assert.Equal(1, await fixture.CountAsync(System, next));
    }

    [Fact]
    public async Task WrongCaptchaAnswer_IsAskedAgain_AndTheSecondAnswerLogsIn()
    {
        var person = new Operator(fixture, wrongFirst: 1);
        var key = NewKey();

        await RunAsync(ClerkBot(), person, key, Enterprise());

        Assert.Equal(2, person.Asked.Count);
        Assert.Equal(1, await fixture.CountAsync(System, key));
    }

    [Fact]
    public async Task CaptchaRefusedEveryTime_GoesToAPersonWithEvidence_AfterAskAttempts()
    {
        var person = new Operator(fixture, wrongFirst: 99);
        var key = NewKey();
        var step = SandboxBotFixture.Step($"{System}.registerEnterprise", key, Enterprise());
        var context = new BotStepContext(step, "test-worker", _ => Task.CompletedTask, ask: person.AnswerAsync);

        var failure = await Assert.ThrowsAsync<NeedsPersonException>(() => ClerkBot().RunAsync(context, CancellationToken.None));

        Assert.Contains("验证码", failure.Message, StringComparison.Ordinal);
        Assert.Equal(new Pools.BotPoolOptions().AskAttempts, person.Asked.Count);
        Assert.True(context.Evidence.ContainsKey("screenshot"));
        Assert.DoesNotContain("ZZZZ", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync(System, key));
    }

    [Fact]
    public async Task NobodyAnswering_EndsTheAttemptAsUnanswered_EnteringNothing()
    {
        var key = NewKey();
        var step = SandboxBotFixture.Step($"{System}.registerEnterprise", key, Enterprise());
        var context = new BotStepContext(step, "test-worker", _ => Task.CompletedTask,
            ask: (_, _) => throw new QuestionUnansweredException("nobody answered"));

        await Assert.ThrowsAsync<QuestionUnansweredException>(() => ClerkBot().RunAsync(context, CancellationToken.None));
        Assert.Equal(0, await fixture.CountAsync(System, key));
    }

    private static string NewKey() => $"CS20261201{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}:registration";

    private Dictionary<string, string?> Enterprise()
    {
        var legalRep = fixture.Sandbox.Population.WithRole("legalRep").First();
        var n = Interlocked.Increment(ref s_company);
        var number = string.Concat(n.ToString(global::System.Globalization.CultureInfo.InvariantCulture).Select(d => "零一二三四五六七八九"[d - '0']));
        var form = new Dictionary<string, string?>()
        {
            ["companyName"] = $"长沙望城{number}号信息咨询有限公司",
            ["companyType"] = "1130",
            ["registeredCapital"] = "200",
            ["businessScope"] = "1040101,1040102",
            ["address"] = "湖南省长沙市望城区雷锋大道1号",
            ["legalRepName"] = legalRep.Name,
            ["legalRepIdNumber"] = legalRep.IdNumber,
            ["legalRepPhone"] = legalRep.Phone,
        };
        foreach (var (name, value) in fixture.Sandbox.Population.CompanyPeople(legalRep, "200", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))))
        {
            form[name] = value;
        }

        return form;
    }

    private sealed class FixedEndpoint(DepartmentSystemEndpoint endpoint) : IOptionsMonitor<DepartmentSystemEndpoint>
    {
        public DepartmentSystemEndpoint CurrentValue => endpoint;

        public DepartmentSystemEndpoint Get(string? name) => endpoint;

        public IDisposable? OnChange(Action<DepartmentSystemEndpoint, string?> listener) => null;
    }
}
