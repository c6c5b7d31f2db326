using Microsoft.Extensions.Configuration;
using RpaRunner.Bots.Desktop;
using RpaRunner.Bots.Scripts;

namespace RpaRunner.Bots.Tests.Desktop;

/// <summary>Desktop targets for legacy entries without names, driven by a bot script against a real GTK window under Xvfb.</summary>
[Collection(DesktopCollection.Name)]
public sealed class LegacyDesktopTargetTests(DesktopFixture fixture)
{
    [Fact]
    public async Task UnnamedEntries_FoundByLabelledByRelation_IndexAndTreePath_AndEnterPressedInOne()
    {
        fixture.SkipWithoutDesktop();
        using var app = fixture.StartTestWindow();
        using var automation = fixture.NewAutomation();
        try
        {
            var window = await automation.WaitForWindowAsync(DesktopFixture.TestWindow, TimeSpan.FromSeconds(30));
            var contact = await window.WaitForAsync(new ElementSelector { Label = "联系人" }, TimeSpan.FromSeconds(5));
            Assert.Equal("contactEntry", contact.AutomationId);
            Assert.NotEqual("联系人", contact.Name);
            var byPath = await window.FindFirstAsync(new ElementSelector { Path = contact.Path });
            Assert.Equal("contactEntry", byPath!.AutomationId);

            var driver = new DesktopScriptDriver(automation, DesktopFixture.TestWindow, new SystemScript { System = "test" }, new DesktopDriverLog(TimeProvider.System), TimeSpan.FromMilliseconds(100));
            var runner = new ScriptRunner(driver, TimeSpan.FromSeconds(5));
            var steps = System.Text.Json.JsonSerializer.Deserialize<List<ScriptStep>>("""
            [
              { "fill": [{ "label": "联系人" }], "value": "{{inputs.contact}}" },
              { "fill": [{ "role": "Edit", "index": 1, "within": { "name": "联系方式区" } }], "value": "13800000000" },
              { "press": "Enter", "on": [{ "label": "联系人" }] },
              { "expect": [{ "automationId": "status" }], "text": "已回车" }
            ]
            """, RpaRunner.Workflows.Model.JsonDefaults.Options)!;

            await runner.RunStepsAsync("test.contact", "steps", steps, new ScriptValues(new Dictionary<string, string?> { ["contact"] = "李四" }, new Dictionary<string, string?>()), CancellationToken.None);

            Assert.Equal("李四", await contact.GetTextAsync());
            Assert.Equal("13800000000", await (await window.FindFirstAsync(ElementSelector.ByAutomationId("phoneEntry")))!.GetTextAsync());
        }
        finally
        {
            app.Kill();
        }
    }

    [Fact]
    public void SettleAfterAction_OfOneApplication_OverridesTheGlobalPause()
    {
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["SettleAfterAction"] = "00:00:00.250",
            ["Applications:gongjijin-counter:SettleAfterAction"] = "00:00:01.500",
        }).Build();
        var options = new DesktopBotOptions();

        DesktopBotOptions.Bind(section, options);

        Assert.Equal(TimeSpan.FromSeconds(1.5), options.SettleAfter("gongjijin-counter"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.SettleAfter("gongjijin-contact"));
    }
}
