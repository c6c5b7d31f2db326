using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Bots.Desktop;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Scripts;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Tests.Desktop;

/// <summary>
/// The desktop bot attaches the withdrawer's 身份证扫描件 in the counter client (GTK, sandbox) through the client's real file
/// dialog over AT-SPI: the centre stores the file with the record (proven by the SHA-256 the inspection API shows), the
/// applicant's file name reaches neither the client nor the log, the private copy is gone afterwards, and a control that
/// opens no dialog sends the step to a person with a screenshot.
/// </summary>
[Collection(DesktopCollection.Name)]
public sealed class DesktopUploadTests(DesktopFixture fixture)
{
    [Fact]
    public async Task Withdrawal_AttachesTheIdCardScan_ThroughTheFileDialog_AndTheCentreStoresTheSameSha256()
    {
        fixture.SkipWithoutDesktop();
        var key = DesktopFixture.NewKey();
        var inputs = await fixture.ApprovedRetireeAsync();
        var scan = Scan(key);
        var before = UploadFolders();
        var context = DesktopFixture.Context(key, inputs, materials: [Reference(scan, $"{inputs["name"]}身份证.pdf")], fetchMaterial: (_, _) => Task.FromResult(scan));

        var result = await fixture.Bot.RunAsync(context, CancellationToken.None);

        Assert.StartsWith("TQ", result.Outputs["withdrawalNo"], StringComparison.Ordinal);
        var record = Assert.Single((await RecordsAsync(key)).AsArray())!;
        var stored = Assert.Single(record["attachments"]!.AsArray())!;
        Assert.Equal("idCardScan", stored["name"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(scan)), stored["sha256"]!.GetValue<string>());
        Assert.Equal(scan.Length, stored["size"]!.GetValue<long>());
        Assert.Equal("pdf", stored["contentType"]!.GetValue<string>());

        // The dialog was given a name made of the material's id, never the applicant's file name, and the copy is deleted.
        Assert.Equal("idCardScan.pdf", stored["fileName"]!.GetValue<string>());
        Assert.Empty(UploadFolders().Except(before));
        Assert.Empty(context.Notes);
    }

    [Fact]
    public async Task Withdrawal_WithoutTheScan_IsEnteredWithoutAttachment_AndTheSkipIsNoted()
    {
        fixture.SkipWithoutDesktop();
        var key = DesktopFixture.NewKey();
        var inputs = await fixture.ApprovedRetireeAsync();
        var context = DesktopFixture.Context(key, inputs, materials: [new MaterialReference { MaterialId = "idCardScan", Name = "身份证扫描件", EnglishName = "ID card scan" }]);

        var result = await fixture.Bot.RunAsync(context, CancellationToken.None);

        Assert.StartsWith("TQ", result.Outputs["withdrawalNo"], StringComparison.Ordinal);
        var record = Assert.Single((await RecordsAsync(key)).AsArray())!;
        Assert.Empty(record["attachments"]!.AsArray());
        Assert.Contains("材料未提交，跳过上传：身份证扫描件 / material not supplied yet, upload skipped: ID card scan", context.Notes);
    }

    [Fact]
    public async Task AControlThatOpensNoFileDialog_GoesToAPerson_WithAScreenshot_AndNothingIsEntered()
    {
        fixture.SkipWithoutDesktop();
        var key = DesktopFixture.NewKey();
        var inputs = await fixture.ApprovedRetireeAsync();
        var scan = Scan(key);
        var fileName = $"{inputs["name"]}身份证.pdf";
        var context = DesktopFixture.Context(key, inputs, materials: [Reference(scan, fileName)], fetchMaterial: (_, _) => Task.FromResult(scan));
        var folder = Directory.CreateTempSubdirectory("rpa-desktop-scripts-");
        try
        {
            // The same script with its upload aimed at 清空: a real button of the client that opens no dialog.
            var json = (await File.ReadAllTextAsync(ScriptFile())).Replace("{\"name\": \"选择文件…\", \"role\": \"Button\"}", "{\"name\": \"清空\", \"role\": \"Button\"}", StringComparison.Ordinal);
            Assert.Contains("\"upload\": [{\"name\": \"清空\"", json, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "withdrawOnRetirement.json"), json);
            var bot = ActivatorUtilities.CreateInstance<DesktopBotAction>(fixture.Services, ScriptLibrary.Load(folder.FullName));

            var failure = await Assert.ThrowsAsync<NeedsPersonException>(() => bot.RunAsync(context, CancellationToken.None));

            Assert.Contains("文件选择对话框未打开", failure.Message, StringComparison.Ordinal);
            Assert.Contains("the file dialog did not open", failure.Message, StringComparison.Ordinal);
            Assert.Contains("身份证扫描件", failure.Message, StringComparison.Ordinal);
            Assert.Equal(0, await fixture.CountAsync(key));
            var png = fixture.Evidence.Read(context.Evidence["screenshot"])!;
            Assert.True(png.Length > 1000 && png.AsSpan(1, 3).SequenceEqual("PNG"u8));
            var log = Encoding.UTF8.GetString(fixture.Evidence.Read(context.Evidence["log"])!);
            Assert.Contains("upload idCardScan: click", log, StringComparison.Ordinal);
            Assert.DoesNotContain(fileName, log, StringComparison.Ordinal);
            Assert.DoesNotContain(inputs["name"]!, log, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Driver_ClosesALeftoverDialog_ShowsTheChosenFileInTheClient_AndDeletesItsCopyWhenDisposed()
    {
        fixture.SkipWithoutDesktop();
        var log = new DesktopDriverLog(TimeProvider.System);
        await fixture.Applications.EnsureWindowAsync("gongjijin-counter", DesktopFixture.CounterWindow, log, CancellationToken.None);
        var scripts = fixture.Services.GetRequiredService<ScriptLibrary>();
        var scan = Scan(DesktopFixture.NewKey());
        var before = UploadFolders();
        string? shown;
        using (var driver = new DesktopScriptDriver(fixture.Automation, DesktopFixture.CounterWindow, scripts.FindSystem("gongjijin-counter")!, log, TimeSpan.Zero))
        {
            await driver.ClickAsync([new Target { Name = "清空", Role = "Button" }], TimeSpan.FromSeconds(10), CancellationToken.None);

            // A dialog left open (as a failed attempt leaves it for its screenshot) is cancelled before the upload.
            await driver.ClickAsync([new Target { Name = "选择文件…", Role = "Button" }], TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.NotNull(await WaitForFileDialogAsync());
            var used = await driver.UploadAsync(
                [new Target { Name = "选择文件…", Role = "Button" }], new MaterialPayload("idCardScan", "身份证扫描件", "扫描件.pdf", "application/pdf", scan), TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal(0, used);
            (shown, _) = await driver.ReadAsync([new Target { Name = "身份证扫描件文件名", Role = "Text" }], TimeSpan.FromSeconds(2), CancellationToken.None);
            Assert.Null(await fixture.Automation.FindFileDialogAsync(DesktopFixture.CounterWindow));
            Assert.Single(UploadFolders().Except(before));
            await driver.ClickAsync([new Target { Name = "清空", Role = "Button" }], TimeSpan.FromSeconds(10), CancellationToken.None);
        }

        Assert.Equal("idCardScan.pdf", shown);
        Assert.Empty(UploadFolders().Except(before));
    }

    private async Task<IDesktopElement?> WaitForFileDialogAsync()
    {
        for (var i = 0; i < 50; i++)
        {
            if (await fixture.Automation.FindFileDialogAsync(DesktopFixture.CounterWindow) is { } dialog)
            {
                return dialog;
            }

            await Task.Delay(100);
        }

        return null;
    }

    /// <summary>A small PDF unique to the test, so a stored file cannot be another test's.</summary>
    private static byte[] Scan(string key) => Encoding.ASCII.GetBytes($"%PDF-1.4\n% {key}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static MaterialReference Reference(byte[] content, string fileName) => new()
    {
        MaterialId = "idCardScan", Name = "身份证扫描件", EnglishName = "ID card scan", Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)),
        Size = content.Length, ContentType = "application/pdf", FileName = fileName,
    };

    private static HashSet<string> UploadFolders() => [.. Directory.GetDirectories(Path.GetTempPath(), "rpa-upload-*")];

    private static string ScriptFile([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../Bots/Scripts/desktop/gongjijin-counter/withdrawOnRetirement.json"));

    private async Task<JsonNode> RecordsAsync(string key)
    {
        using var http = new HttpClient { BaseAddress = fixture.Sandbox.InspectionUrl };
        http.DefaultRequestHeaders.Add("X-Inspection-Key", fixture.Sandbox.InspectionKey);
        return (await http.GetFromJsonAsync<JsonNode>($"systems/gongjijin-counter/records?externalNo={Uri.EscapeDataString(key)}"))!;
    }
}
