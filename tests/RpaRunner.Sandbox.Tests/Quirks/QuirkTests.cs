using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Tests.Infrastructure;

namespace RpaRunner.Sandbox.Tests.Quirks;

/// <summary>Every quirk, switched on and off at run time, over HTTP.</summary>
public class QuirkTests(SandboxFixture f) : IClassFixture<SandboxFixture>, IDisposable
{
    private const string Sys = "yibao";

    public void Dispose()
    {
        f.Host.Runtime.Quirks.ResetAll();
        GC.SuppressFinalize(this);
    }

    private void Set(Action<SystemQuirks> change, string system = Sys) => f.Host.SetQuirks(system, change);

    private static Dictionary<string, string> Enrolment(string idNumber, string name, string sex, string birth) => new()
    {
        ["idNumber"] = idNumber, ["name"] = name, ["sex"] = sex, ["birthDate"] = birth, ["address"] = "长沙", ["phone"] = "13912345678",
    };

    [Fact]
    public async Task Maintenance_OnAnswers503WithTheNotice_OffServesAgain()
    {
        using var client = await f.LoggedInAsync(Sys);
        Set(q => { q.Maintenance = true; q.MaintenanceNotice = "医保系统切换维护，预计周一恢复"; });
        var closed = await client.GetAsync("home");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.Status);
        Assert.Contains("医保系统切换维护，预计周一恢复", closed.Html, StringComparison.Ordinal);

        Set(q => q.Maintenance = false);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("home")).Status);
    }

    [Fact]
    public async Task ServiceHours_OutsideTheWindowAnswers503_InsideServes()
    {
        using var client = await f.LoggedInAsync(Sys);
        var now = TimeOnly.FromDateTime(f.Host.Runtime.ChinaNow.DateTime);
        Set(q => q.ServiceHours = $"{now.AddHours(2):HH\\:mm}-{now.AddHours(3):HH\\:mm}");
        var closed = await client.GetAsync("home");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, closed.Status);
        Assert.Contains("非服务时间", closed.Html, StringComparison.Ordinal);

        Set(q => q.ServiceHours = $"{now.AddHours(-1):HH\\:mm}-{now.AddHours(1):HH\\:mm}");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("home")).Status);
    }

    [Fact]
    public async Task ErrorRate_OneFailsEveryPage_ZeroNone()
    {
        using var client = await f.LoggedInAsync(Sys);
        Set(q => q.ErrorRate = 1);
        var failed = await client.GetAsync("search");
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Contains("系统繁忙", failed.Html, StringComparison.Ordinal);

        Set(q => q.ErrorRate = 0);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("search")).Status);
    }

    [Fact]
    public async Task ErrorAfterCommit_StoresTheRecordButLosesTheReply()
    {
        var (_, childId, _) = await Samples.NewbornAsync(f, 4, "丢包宝宝", sex: "1", birthDate: "2026-10-08");
        using var client = await f.LoggedInAsync(Sys);
        Set(q => q.ErrorAfterCommitRate = 1);
        var key = Samples.UniqueKey("enrol");
        var page = await client.SubmitAsync("yibao.enrolResident", Enrolment(childId, "丢包宝宝", "1", "2026-10-08"), key);
        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);

        Set(q => q.ErrorAfterCommitRate = 0);
        var search = await client.GetAsync("search?externalNo=" + Uri.EscapeDataString(key));
        Assert.Contains("共查询到 1 条记录", search.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latency_OnSlowsEveryPage_OffDoesNot()
    {
        using var client = await f.LoggedInAsync(Sys);
        await client.GetAsync("home");
        var fast = Stopwatch.StartNew();
        await client.GetAsync("home");
        fast.Stop();

        Set(q => { q.LatencyMedianMs = 400; q.LatencyP95Ms = 400; });
        var slow = Stopwatch.StartNew();
        await client.GetAsync("home");
        slow.Stop();
        Assert.True(slow.ElapsedMilliseconds >= 350, $"slow page took {slow.ElapsedMilliseconds} ms");
        Assert.True(slow.ElapsedMilliseconds - fast.ElapsedMilliseconds >= 250, $"fast {fast.ElapsedMilliseconds} ms, slow {slow.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Announcement_RateOneShowsThePopUp_ZeroNever()
    {
        using var client = await f.LoggedInAsync(Sys);
        Set(q => q.AnnouncementRate = 1);
        Assert.Contains("aria-label=\"系统公告\"", (await client.GetAsync("main")).Html, StringComparison.Ordinal);
        Set(q => q.AnnouncementRate = 0);
        Assert.DoesNotContain("系统公告", (await client.GetAsync("main")).Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captcha_OnStopsAPersonWithoutTheCode_RobotIsExempt_OffLetsThePersonIn()
    {
        using var clerk = f.Client(Sys);
        var refused = await clerk.LoginAsync("yb_clerk", "Yb@clerk2025", "0000", "no-token");
        Assert.Contains("验证码错误", refused.Error, StringComparison.Ordinal);
        Assert.Contains("alt=\"验证码图片\"", refused.Html, StringComparison.Ordinal);

        // A person reads the picture; the test reads the answer behind it.
        var token = System.Text.RegularExpressions.Regex.Match(refused.Html, "name=\"captchaToken\" value=\"([0-9A-F]+)\"").Groups[1].Value;
        var image = await clerk.GetAsync("captcha.svg?t=" + token);
        Assert.Contains("<svg", image.Html, StringComparison.Ordinal);
        var answer = f.Host.Runtime.Sessions(Sys).CaptchaAnswer(token)!;
        Assert.Contains("/main", (await clerk.LoginAsync("yb_clerk", "Yb@clerk2025", answer.ToLowerInvariant(), token)).Url!.AbsolutePath, StringComparison.Ordinal);

        using var robot = f.Client(Sys);
        Assert.Contains("/main", (await robot.LoginAsync(captcha: "")).Url!.AbsolutePath, StringComparison.Ordinal);

        Set(q => q.Captcha = false);
        using var clerk2 = f.Client(Sys);
        Assert.DoesNotContain("验证码", (await clerk2.GetAsync("login")).Html, StringComparison.Ordinal);
        Assert.Contains("/main", (await clerk2.LoginAsync("yb_clerk", "Yb@clerk2025")).Url!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_WrongPasswordShowsTheTip()
    {
        using var client = f.Client(Sys);
        var page = await client.LoginAsync(password: "wrong");
        Assert.Contains("用户名或密码错误", page.Error, StringComparison.Ordinal);
        Assert.Equal("/login", page.Url!.AbsolutePath);
    }

    [Fact]
    public async Task Menus_OnCollapsesTheGroups_OffShowsEveryItem()
    {
        Set(q => q.Iframes = false);
        using var client = await f.LoggedInAsync(Sys);
        var collapsed = (await client.GetAsync("home")).Html;
        Assert.Contains("data-menu-toggle", collapsed, StringComparison.Ordinal);
        Assert.Contains("class=\"menu-items\" style=\"display:none\"", collapsed, StringComparison.Ordinal);

        Set(q => { q.Iframes = false; q.Menus = false; });
        var flat = (await client.GetAsync("home")).Html;
        Assert.DoesNotContain("data-menu-toggle", flat, StringComparison.Ordinal);
        Assert.Contains(">城乡居民参保登记</a>", flat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Iframes_OnPutsTheWorkAreaInAFrame_OffRedirectsToTheFullPage()
    {
        using var client = await f.LoggedInAsync(Sys);
        var shell = await client.GetAsync("main");
        Assert.Contains("<iframe id=\"workFrame\" name=\"work\"", shell.Html, StringComparison.Ordinal);
        Assert.Contains("target=\"work\"", shell.Html, StringComparison.Ordinal);

        Set(q => q.Iframes = false);
        var page = await client.GetAsync("main");
        Assert.Equal("/home", page.Url!.AbsolutePath);
        Assert.DoesNotContain("<iframe", page.Html, StringComparison.Ordinal);
        Assert.Contains("id=\"leftMenu\"", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MultiPageForms_OnSplitsTheForm_OffShowsOnePage()
    {
        using var client = await f.LoggedInAsync(Sys);
        var first = (await client.GetAsync("biz/enrolResident")).Html;
        Assert.Contains(">下一步</button>", first, StringComparison.Ordinal);
        Assert.DoesNotContain("for=\"phone\"", first, StringComparison.Ordinal);

        Set(q => q.MultiPageForms = false);
        var single = (await client.GetAsync("biz/enrolResident")).Html;
        Assert.DoesNotContain("下一步", single, StringComparison.Ordinal);
        Assert.Contains("for=\"phone\"", single, StringComparison.Ordinal);
        Assert.Contains("for=\"idNumber\"", single, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MultiPageForms_NextValidatesThePageAndCarriesValues()
    {
        using var client = await f.LoggedInAsync(Sys);
        var mother = Samples.Mother(f, 6);
        var values = Enrolment(mother.IdNumber, mother.Name, "2", mother.BirthDate);
        values.Remove("idNumber");
        var missing = await client.SubmitAsync("yibao.enrolResident", values, nav: "next", page: 0);
        Assert.Contains("请填写公民身份号码", missing.Error, StringComparison.Ordinal);

        values["idNumber"] = mother.IdNumber;
        var second = await client.SubmitAsync("yibao.enrolResident", values, nav: "next", page: 0);
        Assert.Null(second.Error);
        Assert.Contains("name=\"__page\" value=\"1\"", second.Html, StringComparison.Ordinal);
        Assert.Contains($"type=\"hidden\" name=\"idNumber\" value=\"{mother.IdNumber}\"", second.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatePickers_OnMakesDatesReadOnlyCalendars_OffPlainText()
    {
        Set(q => q.MultiPageForms = false);
        using var client = await f.LoggedInAsync(Sys);
        Assert.Contains("id=\"birthDate\" name=\"birthDate\" value=\"\" readonly class=\"Wdate\" data-dp", (await client.GetAsync("biz/enrolResident")).Html, StringComparison.Ordinal);

        Set(q => { q.MultiPageForms = false; q.DatePickers = false; });
        var plain = (await client.GetAsync("biz/enrolResident")).Html;
        Assert.DoesNotContain("data-dp", plain, StringComparison.Ordinal);
        Assert.Contains("placeholder=\"yyyy-MM-dd\"", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeDropdowns_OnPostsCodes_OffAcceptsTypedLabels()
    {
        Set(q => q.MultiPageForms = false);
        using var client = await f.LoggedInAsync(Sys);
        Assert.Contains("<option value=\"1\">男</option><option value=\"2\">女</option>", (await client.GetAsync("biz/enrolResident")).Html, StringComparison.Ordinal);

        Set(q => { q.MultiPageForms = false; q.CodeDropdowns = false; });
        Assert.Contains("placeholder=\"男、女\"", (await client.GetAsync("biz/enrolResident")).Html, StringComparison.Ordinal);
        var (_, childId, _) = await Samples.NewbornAsync(f, 7, "文本性别", sex: "2", birthDate: "2026-10-02");
        var page = await client.SubmitAsync("yibao.enrolResident", Enrolment(childId, "文本性别", "女", "2026年10月2日"));
        Assert.True(page.Accepted, page.Error);
    }

    [Fact]
    public async Task ConfirmModal_OnAsksBeforeSending_OffSubmitsDirectly()
    {
        Set(q => q.MultiPageForms = false);
        using var client = await f.LoggedInAsync(Sys);
        var modal = (await client.GetAsync("biz/enrolResident")).Html;
        Assert.Contains("data-confirm>提交</button>", modal, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"信息确认\"", modal, StringComparison.Ordinal);

        Set(q => { q.MultiPageForms = false; q.ConfirmModal = false; });
        var direct = (await client.GetAsync("biz/enrolResident")).Html;
        Assert.Contains("name=\"__nav\" value=\"submit\" id=\"btnSubmit\"", direct, StringComparison.Ordinal);
        Assert.DoesNotContain("信息确认", direct, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LayoutVersion2_ChangesIdsAndStructureButKeepsLabels_AndItsFormsWork()
    {
        Set(q => { q.LayoutVersion = 2; q.MultiPageForms = false; });
        using var client = await f.LoggedInAsync(Sys);
        var form = (await client.GetAsync("biz/enrolResident")).Html;
        Assert.Contains("<label for=\"ctl00_cph_txt01\">公民身份号码</label>", form, StringComparison.Ordinal);
        Assert.Contains("<label for=\"ctl00_cph_txtZcslbh\">综窗受理编号</label>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"idNumber\"", form, StringComparison.Ordinal);
        Assert.Contains("class=\"form-group\"", form, StringComparison.Ordinal);

        var (_, childId, _) = await Samples.NewbornAsync(f, 8, "二版宝宝", sex: "1", birthDate: "2026-10-03");
        var v2 = Enrolment(childId, "二版宝宝", "1", "2026-10-03").ToDictionary(kv => RpaRunner.Sandbox.Web.FormPages.FieldName(f.Host.Runtime.System(Sys).FindAction("enrolResident")!, kv.Key, 2), kv => kv.Value);
        v2["ctl00$cph$txtZcslbh"] = "CASE-V2:enrol";
        var page = await client.SubmitAsync("yibao.enrolResident", v2, layout: 2, nav: "提交");
        Assert.Contains("办理成功", page.Html, StringComparison.Ordinal);
        Assert.Contains("<dt>医保个人编号</dt>", page.Html, StringComparison.Ordinal);
        Assert.Contains("<dd id=\"ctl00_cph_lbl02\">CASE-V2:enrol</dd>", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quirks_OverTheInspectionApi_InvalidValuesAreRefused()
    {
        using var inspection = f.Inspection();
        using var bad = await inspection.PutAsJsonAsync($"systems/{Sys}/quirks", new { errorRate = 2 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var unknown = await inspection.PutAsJsonAsync($"systems/{Sys}/quirks", new { flying = true });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);

        using var ok = await inspection.PutAsJsonAsync($"systems/{Sys}/quirks", new { layoutVersion = 2, captcha = false });
        var quirks = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, quirks.GetProperty("layoutVersion").GetInt32());
        Assert.Equal(2, f.Host.GetQuirks(Sys).LayoutVersion);
        Assert.True(f.Host.GetQuirks(Sys).Menus);

        using var reset = await inspection.DeleteAsync($"systems/{Sys}/quirks");
        Assert.Equal(1, f.Host.GetQuirks(Sys).LayoutVersion);
    }
}
