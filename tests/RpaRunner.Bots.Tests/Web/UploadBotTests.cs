using System.Security.Cryptography;
using RpaRunner.Bots.Runtime;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>
/// The web bot hands the case's scans to 市场监管's 企业设立登记 form in real Chromium: the sandbox stores them with the record
/// (proven by the SHA-256 its inspection API shows), refuses a file of the wrong type as a business error, and a file that is
/// not the one the dispatch names is never uploaded.
/// </summary>
[Collection(SandboxBotCollection.Name)]
public sealed class UploadBotTests(SandboxBotFixture fixture)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];
    private static int s_company;

    [Fact]
    public async Task SuppliedScan_LandsWithTheRecord_WithTheSameSha256_AndTheMissingOneIsNoted()
    {
        var key = NewKey();
        var context = Context(key, [Reference("articles", "公司章程", Pdf, "章程.pdf"), new MaterialReference { MaterialId = "premisesProof", Name = "住所（经营场所）证明" }],
            (_, _) => Task.FromResult(Pdf));

        await fixture.Bot.RunAsync(context, CancellationToken.None);

        var record = Assert.Single(await fixture.RecordsAsync("shichang", key))!;
        var stored = Assert.Single(record["attachments"]!.AsArray())!;
        Assert.Equal("articles", stored["name"]!.GetValue<string>());
        Assert.Equal("章程.pdf", stored["fileName"]!.GetValue<string>());
        Assert.Equal(Pdf.Length, stored["size"]!.GetValue<long>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), stored["sha256"]!.GetValue<string>());
        Assert.Contains("材料未提交，跳过上传：住所（经营场所）证明 / material not supplied yet, upload skipped: premisesProof", context.Notes);
    }

    [Fact]
    public async Task FileOfTheWrongType_TheSystemRefusesIt_AsABusinessError_AndStoresNothing()
    {
        var key = NewKey();
        var context = Context(key, [Reference("articles", "公司章程", Png, "章程.png")], (_, _) => Task.FromResult(Png));

        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => fixture.Bot.RunAsync(context, CancellationToken.None));

        Assert.Contains("公司章程文件格式不正确，仅支持 PDF 格式", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("shichang", key));
    }

    [Fact]
    public async Task FileThatIsNotTheOneDispatched_IsNotUploaded_AndTheAttemptIsTransient()
    {
        var key = NewKey();
        byte[] replaced = [.. Pdf, (byte)'%'];
        var context = Context(key, [Reference("articles", "公司章程", Pdf, "章程.pdf")], (_, _) => Task.FromResult(replaced));

        var failure = await Assert.ThrowsAsync<TransientBotException>(() => fixture.Bot.RunAsync(context, CancellationToken.None));

        Assert.Contains("校验不符", failure.Message, StringComparison.Ordinal);
        Assert.Equal(0, await fixture.CountAsync("shichang", key));
    }

    private static MaterialReference Reference(string id, string name, byte[] content, string fileName) => new()
    {
        MaterialId = id, Name = name, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Size = content.Length,
        ContentType = content[0] == '%' ? "application/pdf" : "image/png", FileName = fileName,
    };

    private BotStepContext Context(string key, List<MaterialReference> materials, Func<MaterialReference, CancellationToken, Task<byte[]>> fetch) =>
        new(SandboxBotFixture.Step("shichang.registerEnterprise", key, Enterprise()) with { Materials = materials }, "test-worker", _ => Task.CompletedTask, fetchMaterial: fetch);

    private static string NewKey() => $"CS20261130{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}:registration";

    private Dictionary<string, string?> Enterprise()
    {
        var legalRep = fixture.Sandbox.Population.WithRole("legalRep").Skip(1).First();
        var n = Interlocked.Increment(ref s_company);
        var number = string.Concat(n.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => "零一二三四五六七八九"[d - '0']));
        var form = new Dictionary<string, string?>()
        {
            ["companyName"] = $"长沙岳麓{number}号材料科技有限公司",
            ["companyType"] = "1130",
            ["registeredCapital"] = "100",
            ["businessScope"] = "1040101",
            ["address"] = "湖南省长沙市岳麓区麓谷大道628号",
            ["legalRepName"] = legalRep.Name,
            ["legalRepIdNumber"] = legalRep.IdNumber,
            ["legalRepPhone"] = legalRep.Phone,
        };
        foreach (var (key, value) in fixture.Sandbox.Population.CompanyPeople(legalRep, "100", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8))))
        {
            form[key] = value;
        }

        return form;
    }
}
