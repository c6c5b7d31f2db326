using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>
/// 企业设立登记 takes its scans (附件) like a real system: the files are stored with the record and listed by the inspection
/// API with their SHA-256; a file of a type the attachment does not take, or over its size limit, is refused in the 提示 box
/// and nothing is stored.
/// </summary>
public class AttachmentTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private static readonly byte[] Pdf = "%PDF-1.4\n% 章程\n%%EOF\n"u8.ToArray();
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];

    [Fact]
    public async Task Scans_AreStoredWithTheRecord_AndListedWithTheirSha256()
    {
        var key = Samples.UniqueKey("registration");
        using var shichang = await f.LoggedInAsync("shichang");
        var page = await shichang.SubmitWithFilesAsync("shichang.registerEnterprise", Samples.Enterprise(Samples.LegalRep(f, 2), "长沙附件存储科技有限公司"), key,
            new Dictionary<string, (string, byte[])> { ["att_articles"] = ("章程.pdf", Pdf), ["att_premisesProof"] = ("租赁合同.jpg", Jpeg) });
        Assert.True(page.Accepted, page.Error);

        var attachments = (await RecordAsync(key)).GetProperty("attachments").EnumerateArray().ToList();
        Assert.Equal(["articles", "premisesProof"], attachments.Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), attachments[0].GetProperty("sha256").GetString());
        Assert.Equal(("租赁合同.jpg", "jpeg", (long)Jpeg.Length), (attachments[1].GetProperty("fileName").GetString(), attachments[1].GetProperty("contentType").GetString(), attachments[1].GetProperty("size").GetInt64()));
    }

    [Fact]
    public async Task AWrongTypeOrAnOversizedFile_IsRefusedInTheNoticeBox_AndNothingIsStored()
    {
        using var shichang = await f.LoggedInAsync("shichang");
        var key = Samples.UniqueKey("registration");
        var wrongType = await shichang.SubmitWithFilesAsync("shichang.registerEnterprise", Samples.Enterprise(Samples.LegalRep(f, 3), "长沙附件格式科技有限公司"), key,
            new Dictionary<string, (string, byte[])> { ["att_articles"] = ("章程.pdf", Jpeg) });
        Assert.Equal("提示：公司章程文件格式不正确，仅支持 PDF 格式", wrongType.Error);

        byte[] oversized = [.. "%PDF-1.4\n"u8, .. new byte[(5 * 1024 * 1024) + 1]];
        var tooLarge = await shichang.SubmitWithFilesAsync("shichang.registerEnterprise", Samples.Enterprise(Samples.LegalRep(f, 3), "长沙附件格式科技有限公司"), key,
            new Dictionary<string, (string, byte[])> { ["att_premisesProof"] = ("住所证明.pdf", oversized) });
        Assert.Equal("提示：住所（经营场所）证明文件过大，不得超过 5MB", tooLarge.Error);

        using var inspection = f.Inspection();
        Assert.Empty((await inspection.GetFromJsonAsync<JsonElement>("systems/shichang/records?externalNo=" + Uri.EscapeDataString(key))).EnumerateArray());
    }

    private async Task<JsonElement> RecordAsync(string key)
    {
        using var inspection = f.Inspection();
        var records = await inspection.GetFromJsonAsync<JsonElement>("systems/shichang/records?externalNo=" + Uri.EscapeDataString(key));
        return Assert.Single(records.EnumerateArray());
    }
}
