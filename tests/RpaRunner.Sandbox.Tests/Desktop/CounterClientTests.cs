using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Desktop;

/// <summary>
/// The GTK counter client under Xvfb, driven over AT-SPI the way a desktop bot drives it. The test starts its
/// own X server and session bus (dbus-run-session activates the accessibility bus).
/// </summary>
public class CounterClientTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private static readonly string[] Required = ["/usr/bin/Xvfb", "/usr/bin/dbus-run-session", "/usr/bin/python3", "/usr/libexec/at-spi-bus-launcher"];
    private static int _display = 90 + (Environment.ProcessId % 50);

    private static string Driver => Path.Combine(AppContext.BaseDirectory, "Desktop", "atspi_driver.py");

    private static string? MissingTool() => Required.FirstOrDefault(p => !File.Exists(p));

    private static void SkipWithoutTools()
    {
        if (MissingTool() is { } missing)
        {
            throw Xunit.Sdk.SkipException.ForSkip($"Desktop test needs {missing}; install the packages of ops/install/sandbox-packages.txt.");
        }
    }

    /// <summary>Runs Xvfb + the client + the AT-SPI driver inside one private session bus; returns the driver's JSON.</summary>
    private async Task<JsonElement> RunAsync(string? values = null)
    {
        var display = Interlocked.Increment(ref _display);
        var client = f.Host.CreateCounterClientStartInfo();
        var clientCommand = string.Join(' ', client.ArgumentList.Select(Quote).Prepend(Quote(client.FileName)));
        var script = $"""
            Xvfb :{display} -screen 0 1024x768x24 -nolisten tcp >/dev/null 2>&1 & XP=$!
            for i in $(seq 100); do [ -e /tmp/.X11-unix/X{display} ] && break; sleep 0.1; done
            export DISPLAY=:{display}
            {clientCommand} & CP=$!
            /usr/bin/python3 {Quote(Driver)} 住房公积金柜面业务客户端 {(values is null ? "" : Quote(values))}
            RC=$?
            kill $CP $XP 2>/dev/null
            exit $RC
            """;
        var info = new ProcessStartInfo("/usr/bin/dbus-run-session") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--", "bash", "-c", script })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        Assert.True(process.ExitCode == 0, $"driver failed ({process.ExitCode}): {output} {await stderr}");
        return JsonDocument.Parse(output.Trim().Split('\n').Last()).RootElement;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [Fact]
    public async Task AccessibilityTree_ShowsEveryNamedFieldButtonAndDisplay()
    {
        SkipWithoutTools();
        var tree = await RunAsync();
        var widgets = tree.GetProperty("widgets").EnumerateArray().Select(w => (Role: w.GetProperty("role").GetString(), Name: w.GetProperty("name").GetString())).ToList();
        foreach (var field in new[] { "身份证号码", "姓名", "退休审批编号", "银行卡号", "开户银行", "综窗受理编号" })
        {
            Assert.Contains(("text", field), widgets);
        }

        foreach (var button in new[] { "查询", "提交", "选择文件…" })
        {
            Assert.Contains(("push button", button), widgets);
        }

        Assert.Contains(("label", "提取业务编号"), widgets);
        Assert.Contains(("label", "提取金额（元）"), widgets);
        Assert.Contains(("label", "错误提示"), widgets);
        Assert.Contains(("label", "身份证扫描件文件名"), widgets);
    }

    [Fact]
    public async Task Submit_ThroughAtSpi_WritesToTheStore_AndBusinessErrorsShow()
    {
        SkipWithoutTools();
        var retiree = Samples.Retiree(f, "male", 3);
        using var renshe = await f.LoggedInAsync("renshe");
        var approval = await renshe.SubmitAsync("renshe.approveRetirement", new Dictionary<string, string>
        {
            ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["sex"] = retiree.Sex, ["personType"] = retiree.Retirement!.PersonType,
            ["contributionYears"] = retiree.Retirement.ContributionYears.ToString(CultureInfo.InvariantCulture),
        });
        var approvalNo = approval.Output("retirementApprovalNo");

        string Values(string card) => JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["综窗受理编号"] = "CASE-DESK:withdraw", ["身份证号码"] = retiree.IdNumber, ["姓名"] = retiree.Name,
            ["退休审批编号"] = approvalNo, ["银行卡号"] = card, ["开户银行"] = retiree.Retirement.BankName,
        });

        var rejected = (await RunAsync(Values("6222021234567890123"))).GetProperty("texts");
        Assert.Equal("办理失败", rejected.GetProperty("办理状态").GetString());
        Assert.Contains("银行卡号校验不通过", rejected.GetProperty("错误提示").GetString(), StringComparison.Ordinal);

        var done = (await RunAsync(Values(retiree.Retirement.BankCardNo))).GetProperty("texts");
        Assert.Equal("办理成功", done.GetProperty("办理状态").GetString());
        Assert.StartsWith("TQ", done.GetProperty("提取业务编号").GetString(), StringComparison.Ordinal);
        Assert.Equal(retiree.Retirement.ProvidentFundBalance.ToString("0.00", CultureInfo.InvariantCulture), done.GetProperty("提取金额（元）").GetString());

        using var inspection = f.Inspection();
        var records = await inspection.GetFromJsonAsync<JsonElement>("systems/gongjijin-counter/records?externalNo=CASE-DESK:withdraw");
        var record = Assert.Single(records.EnumerateArray());
        Assert.Equal("desktop", record.GetProperty("channel").GetString());

        // 查询 finds the record by 综窗受理编号, as a bot checks before it creates.
        var found = (await RunAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["综窗受理编号"] = "CASE-DESK:withdraw" })[..^1] + ",\"__button\":\"查询\"}")).GetProperty("texts");
        Assert.StartsWith("已办理", found.GetProperty("办理状态").GetString(), StringComparison.Ordinal);
    }
}
