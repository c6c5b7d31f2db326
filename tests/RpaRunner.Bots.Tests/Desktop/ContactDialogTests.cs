using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Bots.Desktop;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Bots.Tests.Desktop;

/// <summary>
/// The counter client's 联系方式变更登记 dialog (GTK, sandbox gongjijin-contact) entered by DesktopBotAction through
/// AT-SPI: 确定 stores the details and closes the window, and the system cannot be searched, so only the commit point
/// keeps a closed window from being taken for a failure and the details from being entered again.
/// </summary>
[Collection(DesktopCollection.Name)]
public sealed class ContactDialogTests(DesktopFixture fixture)
{
    private const string RegisterContact = "gongjijin-contact.registerContact";

    [Fact]
    public async Task ADialogThatClosesOnOk_IsEnteredOnce()
    {
        fixture.SkipWithoutDesktop();
        var inputs = fixture.NextContact();
        var commits = 0;

        var result = await fixture.Bot.RunAsync(Context(inputs, () => commits++), CancellationToken.None);

        Assert.False(result.FoundExisting);
        Assert.Empty(result.Outputs);
        Assert.Equal(1, commits);
        Assert.Null(await fixture.Automation.FindWindowAsync(DesktopFixture.ContactDialog));
        Assert.Equal(1, await fixture.CountContactsAsync(inputs["idNumber"]!));
    }

    [Fact]
    public async Task WithoutTheDeclaredEnding_TheClosedWindowIsAnUnknownOutcome_NotARetry()
    {
        fixture.SkipWithoutDesktop();
        var inputs = fixture.NextContact();
        var commits = 0;
        var overrides = Directory.CreateTempSubdirectory("rpa-contact-scripts-");
        try
        {
            var bot = ActivatorUtilities.CreateInstance<DesktopBotAction>(fixture.Services, ScriptsWithoutTheEnding(overrides.FullName));

            var ex = await Assert.ThrowsAsync<OutcomeUnknownException>(() => bot.RunAsync(Context(inputs, () => commits++), CancellationToken.None));

            // The health check after 确定 found the window gone (or the client frozen while it stored the details).
            Assert.Equal(FailureClass.OutcomeUnknown, ex.Class);
            Assert.IsType<TransientBotException>(ex.InnerException);
            Assert.Equal(1, commits);
            await WaitForContactsAsync(inputs["idNumber"]!, 1);
            await Task.Delay(TimeSpan.FromSeconds(2));
            Assert.Equal(1, await fixture.CountContactsAsync(inputs["idNumber"]!));
        }
        finally
        {
            overrides.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ABackEndErrorShownAfterOk_IsAnUnknownOutcome_WhileNothingWasStored()
    {
        fixture.SkipWithoutDesktop();
        var inputs = fixture.NextContact();
        var commits = 0;
        fixture.Sandbox.SetQuirks("gongjijin-contact", q => q.ErrorRate = 1);
        try
        {
            var context = Context(inputs, () => commits++);

            var ex = await Assert.ThrowsAsync<OutcomeUnknownException>(() => fixture.Bot.RunAsync(context, CancellationToken.None));

            // The dialog stayed open with the server error; after the click the bot cannot tell it from a lost reply,
            // so it does not retry, although the sandbox refused the request before storing anything.
            Assert.Equal(FailureClass.OutcomeUnknown, ex.Class);
            Assert.IsType<TransientBotException>(ex.InnerException);
            Assert.Contains("HTTP 500", ex.Message, StringComparison.Ordinal);
            Assert.Equal(1, commits);
            Assert.Equal(0, await fixture.CountContactsAsync(inputs["idNumber"]!));
            var tree = Encoding.UTF8.GetString(fixture.Evidence.Read(context.Evidence["a11y"])!);
            Assert.Contains("label \"错误提示\" = \"提示：服务器错误（HTTP 500）", tree, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Sandbox.SetQuirks("gongjijin-contact", q => q.ErrorRate = 0);
            fixture.Applications.Stop("gongjijin-contact");
        }
    }

    private static BotStepContext Context(Dictionary<string, string?> inputs, Action onCommit) =>
        DesktopFixture.Context(DesktopFixture.NewKey("contact"), inputs, lease: _ => { onCommit(); return Task.CompletedTask; }, action: RegisterContact);

    /// <summary>The shipped library with registerContact overridden by a copy whose 确定 declares no ending.</summary>
    private static ScriptLibrary ScriptsWithoutTheEnding(string folder)
    {
        using var shipped = typeof(ScriptLibrary).Assembly.GetManifestResourceStream("Scripts/desktop/gongjijin-contact/registerContact.json")!;
        var script = JsonNode.Parse(shipped)!.AsObject();
        var commit = script["steps"]!.AsArray().Single(s => s!["commit"]?.GetValue<bool>() == true)!.AsObject();
        Assert.True(commit.Remove("ending"));
        File.WriteAllText(Path.Combine(folder, "registerContact.json"), script.ToJsonString());
        var library = ScriptLibrary.Load(folder);
        Assert.Null(library.FindAction(RegisterContact)!.Steps.Single(s => s.Commit).Ending);
        return library;
    }

    private async Task WaitForContactsAsync(string idNumber, int count)
    {
        var clock = Stopwatch.StartNew();
        while (await fixture.CountContactsAsync(idNumber) != count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the store never held {count} contact record(s) for the person");
            await Task.Delay(100);
        }
    }
}
