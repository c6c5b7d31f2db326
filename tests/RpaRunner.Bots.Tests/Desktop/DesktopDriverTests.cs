using System.Diagnostics;
using RpaRunner.Bots.Desktop;

namespace RpaRunner.Bots.Tests.Desktop;

/// <summary>The AT-SPI driver against real GTK windows under Xvfb: every selector kind, actions, timeouts, health, pictures.</summary>
[Collection(DesktopCollection.Name)]
public sealed class DesktopDriverTests(DesktopFixture fixture)
{
    [Fact]
    public async Task Find_ByAutomationId_Name_Role_Text_Pattern_AndAncestry()
    {
        fixture.SkipWithoutDesktop();
        using var app = fixture.StartTestWindow();
        using var automation = fixture.NewAutomation();
        try
        {
            var window = await automation.WaitForWindowAsync(DesktopFixture.TestWindow, TimeSpan.FromSeconds(30));
            Assert.Equal(ControlType.Window, window.ControlType);
            Assert.Equal(app.Id, await automation.GetProcessIdAsync(window));

            var byId = await window.WaitForAsync(ElementSelector.ByAutomationId("remarkEntry"), TimeSpan.FromSeconds(5));
            Assert.Equal("备注", byId.Name);
            Assert.Equal(ControlType.Edit, byId.ControlType);

            var byName = await window.FindFirstAsync(ElementSelector.ByName("确定"));
            Assert.Equal("ok", byName!.AutomationId);
            Assert.Equal("push button", byName.Role);

            // A control type name and the AT-SPI role name find the same element.
            var checkBox = await window.FindFirstAsync(ElementSelector.ByControlType(ControlType.CheckBox));
            var checkBoxByRole = await window.FindFirstAsync(new ElementSelector { Role = "check box" });
            Assert.Equal("同意", checkBox!.Name);
            Assert.Equal(checkBox.Path, checkBoxByRole!.Path);

            var byText = await window.FindFirstAsync(new ElementSelector { Role = "Text", Text = "就绪" });
            Assert.Equal("状态", byText!.Name);
            var byPattern = await window.FindFirstAsync(new ElementSelector { Role = "label", TextPattern = "^就" });
            Assert.Equal("status", byPattern!.AutomationId);
            Assert.Null(await window.FindFirstAsync(new ElementSelector { Role = "label", TextPattern = "^已" }));

            // Two fields named 编号: ancestry tells them apart.
            var inB = await window.FindFirstAsync(new ElementSelector { Name = "编号", Within = ElementSelector.ByName("乙区") });
            Assert.Equal("numberB", inB!.AutomationId);
            Assert.EndsWith("panel[乙区]/text[编号]", inB.Path, StringComparison.Ordinal);
            Assert.Equal(2, (await window.FindAllAsync(ElementSelector.ByName("编号"))).Count);
            var contains = await window.FindFirstAsync(new ElementSelector { Name = "证件", Exact = false });
            Assert.Equal(ControlType.ComboBox, contains!.ControlType);
        }
        finally
        {
            app.Kill();
        }
    }

    [Fact]
    public async Task Actions_SetValue_Invoke_Toggle_Select_ReadText_AndDumpTheTree()
    {
        fixture.SkipWithoutDesktop();
        using var app = fixture.StartTestWindow();
        using var automation = fixture.NewAutomation();
        try
        {
            var window = await automation.WaitForWindowAsync(DesktopFixture.TestWindow, TimeSpan.FromSeconds(30));
            var remark = await window.WaitForAsync(ElementSelector.ByAutomationId("remarkEntry"), TimeSpan.FromSeconds(5));
            await remark.SetValueAsync("退休提取 11010519491231002X");
            Assert.Equal("退休提取 11010519491231002X", await remark.GetTextAsync());

            var agree = await window.WaitForAsync(ElementSelector.ByAutomationId("agree"), TimeSpan.FromSeconds(5));
            Assert.False((await agree.GetStatesAsync()).IsChecked);
            await agree.SetToggleStateAsync(true, TimeSpan.FromSeconds(5));
            Assert.True((await agree.GetStatesAsync()).IsChecked);
            await agree.SetToggleStateAsync(true, TimeSpan.FromSeconds(5));  // already there: stays checked
            Assert.True((await agree.GetStatesAsync()).IsChecked);

            var idType = await window.WaitForAsync(ElementSelector.ByAutomationId("idType"), TimeSpan.FromSeconds(5));
            await idType.SelectAsync("护照", TimeSpan.FromSeconds(5));
            var missing = await Assert.ThrowsAsync<DesktopAutomationException>(() => idType.SelectAsync("军官证", TimeSpan.FromSeconds(1)));
            Assert.Contains("居民身份证", missing.Message, StringComparison.Ordinal);

            await (await window.WaitForAsync(ElementSelector.ByName("确定"), TimeSpan.FromSeconds(5))).InvokeAsync();
            var status = await window.WaitForAsync(new ElementSelector { AutomationId = "status", Text = "已点击" }, TimeSpan.FromSeconds(5));
            Assert.Equal("已点击", await status.GetTextAsync());

            var label = await window.WaitForAsync(ElementSelector.ByName("状态"), TimeSpan.FromSeconds(5));
            var notEditable = await Assert.ThrowsAsync<DesktopAutomationException>(() => label.SetValueAsync("x"));
            Assert.Contains("label[状态]", notEditable.Message, StringComparison.Ordinal);

            var tree = (await window.DumpAsync()).ToText();
            Assert.Contains("check box \"同意\" #agree", tree, StringComparison.Ordinal);
            Assert.Contains("checked", tree, StringComparison.Ordinal);
            Assert.Contains("push button \"确定\" #ok", tree, StringComparison.Ordinal);
            Assert.Contains("menu item \"护照\"", tree, StringComparison.Ordinal);

            var png = await automation.CaptureAsync(window);
            var bounds = await window.GetBoundsAsync();
            AssertPng(png, bounds!.Width, bounds.Height);
            var screen = await automation.CaptureScreenAsync();
            AssertPng(screen, 1280, 1024);
        }
        finally
        {
            app.Kill();
        }
    }

    [Fact]
    public async Task Waits_TimeOut_WithAMessageNamingTheSelector_TheWindow_AndWhatIsThere()
    {
        fixture.SkipWithoutDesktop();
        using var app = fixture.StartTestWindow();
        using var automation = fixture.NewAutomation();
        try
        {
            var window = await automation.WaitForWindowAsync(DesktopFixture.TestWindow, TimeSpan.FromSeconds(30));
            var clock = Stopwatch.StartNew();
            var ex = await Assert.ThrowsAsync<ElementNotFoundException>(() => window.WaitForAsync(new ElementSelector { Name = "提交", Role = "Button" }, TimeSpan.FromSeconds(1)));
            Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 10);
            Assert.Contains("[name=提交 role=Button]", ex.Message, StringComparison.Ordinal);
            Assert.Contains("not found in 桌面驱动测试窗口 within 1s", ex.Message, StringComparison.Ordinal);
            Assert.Contains("push button[确定]#ok", ex.Message, StringComparison.Ordinal);

            var noWindow = await Assert.ThrowsAsync<ElementNotFoundException>(() => automation.WaitForWindowAsync("不存在的窗口", TimeSpan.FromMilliseconds(500)));
            Assert.Contains("window \"不存在的窗口\" did not appear within 0.5s", noWindow.Message, StringComparison.Ordinal);
            Assert.Contains(DesktopFixture.TestWindow, noWindow.Message, StringComparison.Ordinal);
        }
        finally
        {
            app.Kill();
        }
    }

    [Fact]
    public async Task Health_FailsWhenTheApplicationIsGone_OrHangs()
    {
        fixture.SkipWithoutDesktop();
        using var automation = fixture.NewAutomation(TimeSpan.FromSeconds(1));
        using (var app = fixture.StartTestWindow())
        {
            var window = await automation.WaitForWindowAsync(DesktopFixture.TestWindow, TimeSpan.FromSeconds(30));
            Assert.True((await automation.CheckHealthAsync(DesktopFixture.TestWindow)).Healthy);

            // The window's main loop sleeps: calls to it time out, so the session check says it does not respond.
            await (await window.WaitForAsync(ElementSelector.ByAutomationId("freeze"), TimeSpan.FromSeconds(5))).InvokeAsync();
            await Task.Delay(300);
            var hung = await automation.CheckHealthAsync(DesktopFixture.TestWindow);
            Assert.False(hung.Healthy);
            Assert.Contains("does not respond", hung.Problem, StringComparison.Ordinal);

            app.Kill();
            await app.WaitForExitAsync();
        }

        var gone = await WaitUntilUnhealthyAsync(automation, DesktopFixture.TestWindow);
        Assert.Contains("is not open", gone.Problem, StringComparison.Ordinal);
        Assert.True((await automation.CheckHealthAsync(null)).Healthy, "the session itself is still fine");
    }

    [Fact]
    public async Task Health_FailsWhenTheDisplayIsGone()
    {
        fixture.SkipWithoutDesktop();
        var session = await DesktopSession.StartAsync();
        try
        {
            using var automation = new Bots.Desktop.AtSpi.AtSpiAutomation(new() { Display = session.Display, SessionBusAddress = session.SessionBusAddress, CallTimeout = TimeSpan.FromSeconds(1) });
            Assert.True((await automation.CheckHealthAsync(null)).Healthy);
            using (var xserver = Process.GetProcessById(session.XServerProcessId))
            {
                xserver.Kill();
                await xserver.WaitForExitAsync();
            }

            var health = await automation.CheckHealthAsync(null);
            Assert.False(health.Healthy);
            Assert.Contains($"X display {session.Display} is not reachable", health.Problem, StringComparison.Ordinal);
            var picture = await Assert.ThrowsAsync<DesktopAutomationException>(() => automation.CaptureScreenAsync());
            Assert.Contains("not reachable", picture.Message, StringComparison.Ordinal);

            // A bot step on that session fails transiently, before it touches anything, saying why.
            var log = new DesktopDriverLog(TimeProvider.System);
            var driver = new DesktopScriptDriver(automation, DesktopFixture.CounterWindow, new Bots.Scripts.SystemScript { System = "gongjijin-counter" }, log, TimeSpan.Zero);
            var step = await Assert.ThrowsAsync<Bots.Runtime.TransientBotException>(() => driver.ClickAsync([new Bots.Scripts.Target { Name = "提交" }], TimeSpan.FromSeconds(1), CancellationToken.None));
            Assert.Contains("not reachable", step.Message, StringComparison.Ordinal);
            Assert.Contains(log.Lines, l => l.Contains("session check failed", StringComparison.Ordinal));
        }
        finally
        {
            await session.DisposeAsync();
        }
    }

    private static async Task<SessionHealth> WaitUntilUnhealthyAsync(Bots.Desktop.AtSpi.AtSpiAutomation automation, string window)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var health = await automation.CheckHealthAsync(window);
            if (!health.Healthy || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return health;
            }

            await Task.Delay(200);
        }
    }

    private static void AssertPng(byte[] png, int width, int height)
    {
        Assert.True(png.Length > 500 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
        Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }
}
