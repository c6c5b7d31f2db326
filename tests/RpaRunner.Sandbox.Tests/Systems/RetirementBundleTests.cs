using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RpaRunner.Sandbox.Register;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Systems;

/// <summary>人社 approval, then 医保, the 公积金 counter withdrawal and the 卫健 only-child reward.</summary>
public class RetirementBundleTests(SandboxFixture f) : IClassFixture<SandboxFixture>
{
    private static Dictionary<string, string> Approval(SeedPerson p, string? years = null) => new()
    {
        ["idNumber"] = p.IdNumber, ["name"] = p.Name, ["sex"] = p.Sex, ["personType"] = p.Retirement!.PersonType,
        ["contributionYears"] = years ?? p.Retirement.ContributionYears.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["employerCreditCode"] = p.Retirement.EmployerCreditCode ?? "",
    };

    private async Task<string> ApproveAsync(SeedPerson p)
    {
        using var renshe = await f.LoggedInAsync("renshe");
        var page = await renshe.SubmitAsync("renshe.approveRetirement", Approval(p), Samples.UniqueKey("retire"));
        Assert.True(page.Accepted, page.Error);
        return page.Output("retirementApprovalNo");
    }

    private HttpClient Counter(string user = "rpa_counter", string password = "Gjjc@rpa2025")
    {
        var http = new HttpClient { BaseAddress = f.Host["gongjijin-counter"].BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    [Fact]
    public async Task WholeBundle_ApprovalThenMedicalInsuranceWithdrawalAndReward()
    {
        var retiree = Samples.Retiree(f, "female-worker", 0);
        var approvalNo = await ApproveAsync(retiree);
        Assert.Matches("^TX[0-9]{12}$", approvalNo);

        using var yibao = await f.LoggedInAsync("yibao");
        var enrol = await yibao.SubmitAsync("yibao.enrolRetiree", new Dictionary<string, string>
        {
            ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["retirementApprovalNo"] = approvalNo, ["phone"] = retiree.Phone,
        }, Samples.UniqueKey("yibao"));
        Assert.True(enrol.Accepted, enrol.Error);

        using var counter = Counter();
        var body = new
        {
            idNumber = retiree.IdNumber, name = retiree.Name, retirementApprovalNo = approvalNo,
            bankCardNo = retiree.Retirement!.BankCardNo, bankName = retiree.Retirement.BankName, externalNo = "CASE-R1:withdraw",
        };
        using var withdrawal = await counter.PostAsJsonAsync("api/withdrawals", body);
        Assert.Equal(System.Net.HttpStatusCode.OK, withdrawal.StatusCode);
        var result = await withdrawal.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(retiree.Retirement.ProvidentFundBalance.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), result.GetProperty("amount").GetString());
        using var second = await counter.PostAsJsonAsync("api/withdrawals", body);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("已销户", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var found = await counter.GetFromJsonAsync<JsonElement>("api/withdrawals?externalNo=CASE-R1:withdraw");
        Assert.Equal(1, found.GetArrayLength());

        using var weijian = await f.LoggedInAsync("weijian");
        var reward = new Dictionary<string, string>
        {
            ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["onlyChildCertificateNo"] = retiree.Retirement.OnlyChildCertificateNo!,
            ["bankCardNo"] = retiree.Retirement.BankCardNo, ["retirementApprovalNo"] = approvalNo,
        };
        var granted = await weijian.SubmitAsync("weijian.grantOnlyChildReward", reward, Samples.UniqueKey("reward"));
        Assert.True(granted.Accepted, granted.Error);
        Assert.Equal("3000.00", granted.Output("rewardAmount"));
        Assert.Contains("不得重复申领", (await weijian.SubmitAsync("weijian.grantOnlyChildReward", reward)).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renshe_RejectsTooYoungShortContributionWrongSexAndSecondApproval()
    {
        using var renshe = await f.LoggedInAsync("renshe");
        var young = Samples.Retiree(f, "male-too-young");
        var tooYoung = await renshe.SubmitAsync("renshe.approveRetirement", Approval(young));
        Assert.Contains("未达到法定退休年龄", tooYoung.Error, StringComparison.Ordinal);
        Assert.Contains("男职工法定退休年龄为6", tooYoung.Error, StringComparison.Ordinal);

        var shortContribution = Samples.Retiree(f, "male-short-contribution");
        Assert.Contains("累计缴费年限不足15年", (await renshe.SubmitAsync("renshe.approveRetirement", Approval(shortContribution))).Error, StringComparison.Ordinal);

        var man = Samples.Retiree(f, "male", 0);
        var wrongSex = Approval(man);
        wrongSex["sex"] = "2";
        Assert.Contains("性别与公民身份号码不一致", (await renshe.SubmitAsync("renshe.approveRetirement", wrongSex)).Error, StringComparison.Ordinal);

        var approved = await renshe.SubmitAsync("renshe.approveRetirement", Approval(man));
        Assert.True(approved.Accepted, approved.Error);
        Assert.Matches("^20[0-9]{2}-[0-9]{2}$", approved.Output("pensionStartMonth"));
        Assert.Contains("已办理退休审批", (await renshe.SubmitAsync("renshe.approveRetirement", Approval(man))).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Renshe_FemaleCadreAndWorkerFollowTheirOwnAges()
    {
        using var renshe = await f.LoggedInAsync("renshe");
        var cadre = Samples.Retiree(f, "female-cadre", 0);
        Assert.True((await renshe.SubmitAsync("renshe.approveRetirement", Approval(cadre))).Accepted);

        // A mother born in the 1990s is far from either age, whichever person type she declares.
        var mother = Samples.Mother(f, 5);
        var page = await renshe.SubmitAsync("renshe.approveRetirement", new Dictionary<string, string>
        {
            ["idNumber"] = mother.IdNumber, ["name"] = mother.Name, ["sex"] = "2", ["personType"] = "2", ["contributionYears"] = "20",
        });
        Assert.Contains("女工人法定退休年龄为5", page.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counter_RejectsWithoutApprovalBadCardAndWrongCredentials()
    {
        var retiree = Samples.Retiree(f, "male", 1);
        using var counter = Counter();
        var body = new Dictionary<string, string>
        {
            ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["retirementApprovalNo"] = "TX202601000001",
            ["bankCardNo"] = retiree.Retirement!.BankCardNo, ["bankName"] = retiree.Retirement.BankName,
        };
        using var noApproval = await counter.PostAsJsonAsync("api/withdrawals", body);
        Assert.Contains("未查询到该职工的退休审批信息", await noApproval.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        body["bankCardNo"] = "6222021234567890123";
        using var badCard = await counter.PostAsJsonAsync("api/withdrawals", body);
        Assert.Contains("银行卡号校验不通过", await badCard.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var stranger = Counter("rpa_counter", "wrong");
        using var refused = await stranger.GetAsync("api/ping");
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Counter_StoresTheAttachedIdCardScan_WithItsSha256_AndRefusesAnotherTypeOrAnUnknownAttachment()
    {
        var retiree = Samples.Retiree(f, "male", 2);
        var approvalNo = await ApproveAsync(retiree);
        using var counter = Counter();
        var pdf = "%PDF-1.4\n% 身份证扫描件\n%%EOF\n"u8.ToArray();
        object Body(string name, string fileName, byte[] content) => new
        {
            idNumber = retiree.IdNumber, name = retiree.Name, retirementApprovalNo = approvalNo,
            bankCardNo = retiree.Retirement!.BankCardNo, bankName = retiree.Retirement.BankName, externalNo = "CASE-R2:withdraw",
            attachments = new[] { new { name, fileName, content = Convert.ToBase64String(content) } },
        };

        using var text = await counter.PostAsJsonAsync("api/withdrawals", Body("idCardScan", "身份证.pdf", "not a scan"u8.ToArray()));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, text.StatusCode);
        Assert.Contains("身份证扫描件文件格式不正确", await text.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var unknown = await counter.PostAsJsonAsync("api/withdrawals", Body("retirementCertificate", "退休证.pdf", pdf));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, unknown.StatusCode);

        using var stored = await counter.PostAsJsonAsync("api/withdrawals", Body("idCardScan", "身份证.pdf", pdf));
        Assert.Equal(System.Net.HttpStatusCode.OK, stored.StatusCode);
        using var inspection = f.Inspection();
        var record = Assert.Single((await inspection.GetFromJsonAsync<JsonElement>("systems/gongjijin-counter/records?externalNo=CASE-R2:withdraw")).EnumerateArray());
        var attachment = Assert.Single(record.GetProperty("attachments").EnumerateArray());
        Assert.Equal("idCardScan", attachment.GetProperty("name").GetString());
        Assert.Equal("身份证.pdf", attachment.GetProperty("fileName").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(pdf)), attachment.GetProperty("sha256").GetString());
    }

    [Fact]
    public async Task Yibao_RetireeEnrolmentNeedsTheApproval()
    {
        var retiree = Samples.Retiree(f, "male", 2);
        using var yibao = await f.LoggedInAsync("yibao");
        var page = await yibao.SubmitAsync("yibao.enrolRetiree", new Dictionary<string, string>
        {
            ["idNumber"] = retiree.IdNumber, ["name"] = retiree.Name, ["retirementApprovalNo"] = "TX209901000001", ["phone"] = retiree.Phone,
        });
        Assert.Contains("未查询到该人员的退休审批信息", page.Error, StringComparison.Ordinal);
    }
}
