using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Systems;

namespace RpaRunner.Sandbox.Web;

/// <summary>The pages of one web department system: login, main frame, forms, result and search pages.</summary>
internal static class SystemWebApp
{
    public static void Map(WebApplication app, SandboxRuntime runtime, SystemDefinition system)
    {
        var sessions = runtime.Sessions(system.Id);
        app.UseMiddleware<QuirkMiddleware>(runtime, system.Id);
        MapAssets(app);
        AmendPages.Map(app, runtime, system);
        LabPages.Map(app);

        app.MapGet("/", (HttpContext http) => Results.Redirect(CurrentSession(http, runtime, system) is null ? "/login" : "/main"));
        app.MapGet("/login", (HttpContext http, string? timeout, string? logout) =>
        {
            var quirks = runtime.Quirks.Get(system.Id);
            var info = timeout is not null ? "登录超时或会话已失效，请重新登录" : logout is not null ? "您已安全退出系统" : null;
            return Page(new PageChrome(system, quirks).Login(null, info, null, NewCaptcha(quirks)));
        });
        app.MapPost("/login", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var quirks = runtime.Quirks.Get(system.Id);
            var username = (form["username"].ToString() + form["uid"].ToString()).Trim();
            var password = form["password"].ToString() + form["pwd"].ToString();
            var captcha = form["captcha"].ToString() + form["vcode"].ToString();
            var chrome = new PageChrome(system, quirks);
            var account = system.Accounts.FirstOrDefault(a => a.Username == username && a.Password == password);
            if (account is null)
            {
                return Page(chrome.Login("用户名或密码错误", null, username, NewCaptcha(quirks)));
            }

            // Bureaus exempt the robot accounts from the captcha; a person has to read the picture.
            if (quirks.Captcha && !account.Robot && !sessions.CheckCaptcha(form["captchaToken"], captcha))
            {
                return Page(chrome.Login("验证码错误，请重新输入", null, username, NewCaptcha(quirks)));
            }

            var session = sessions.Create(account.Username, account.DisplayName, account.Robot);
            http.Response.Cookies.Append(system.CookieName, session.Token, new CookieOptions { HttpOnly = true, Path = "/", SameSite = SameSiteMode.Lax });
            return Results.Redirect("/main");
        });
        app.MapGet("/logout", (HttpContext http) =>
        {
            sessions.Remove(http.Request.Cookies[system.CookieName]);
            http.Response.Cookies.Delete(system.CookieName);
            return Results.Redirect("/login?logout=1");
        });
        app.MapGet("/captcha.svg", (string? t) =>
        {
            var answer = sessions.CaptchaAnswer(t);
            return answer is null
                ? Results.NotFound()
                : Results.Text(CaptchaImage.Render(answer, runtime.NextRandom), "image/svg+xml");
        });

        app.MapGet("/main", (Func<HttpContext, Task<IResult>>)(http => Authenticated(http, runtime, system, (session, quirks, chrome) =>
            quirks.Iframes ? Page(chrome.Shell(session, Announce(runtime, quirks), runtime.NextRandom)) : Results.Redirect("/home"))));

        app.MapGet("/home", (Func<HttpContext, Task<IResult>>)(http => Authenticated(http, runtime, system, (session, quirks, chrome) =>
        {
            var pages = new FormPages(system, chrome);
            var today = runtime.ChinaNow.ToString("yyyy年M月d日 dddd", CultureInfo.GetCultureInfo("zh-CN"));
            return Page(chrome.Work(session, "首页", pages.Home(session, today), Announce(runtime, quirks), runtime.NextRandom));
        })));

        app.MapGet("/biz/{key}", (HttpContext http, string key) => Authenticated(http, runtime, system, (session, quirks, chrome) =>
        {
            var action = system.FindAction(key);
            if (action is null)
            {
                return Results.NotFound();
            }

            if (action.Amends is not null)
            {
                return Results.Redirect("/biz/" + action.Key);
            }

            var html = new FormPages(system, chrome).Form(action, 0, new Dictionary<string, string>(), "", []);
            return Page(chrome.Work(session, action.Title, html, Announce(runtime, quirks), runtime.NextRandom));
        }));

        app.MapPost("/biz/{key}", async (HttpContext http, string key) =>
        {
            var form = await http.Request.ReadFormAsync();
            return await AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var action = system.FindAction(key);
                if (action is null || action.Amends is not null)
                {
                    return Results.NotFound();
                }

                var pages = new FormPages(system, chrome);
                var (values, externalNo) = FormPages.ReadPosted(action, form);
                var page = int.TryParse(form["__page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
                var nav = Navigation(form["__nav"].ToString());
                var pageList = pages.PagesOf(action);
                IResult Render(int pageIndex, IEnumerable<string> errors) =>
                    Page(chrome.Work(session, action.Title, pages.Form(action, pageIndex, values, externalNo, errors), Announce(runtime, quirks), runtime.NextRandom));

                if (nav == "prev")
                {
                    return Render(page - 1, []);
                }

                if (nav == "next" && page < pageList.Count - 1)
                {
                    var fields = pageList[Math.Clamp(page, 0, pageList.Count - 1)].Fields.Select(action.Field);
                    var (normalised, errors) = FormValidation.Validate(fields, values);
                    if (errors.Count > 0)
                    {
                        return Render(page, errors.Select(e => e.Message));
                    }

                    if (action.PageCheck is not null)
                    {
                        var store = runtime.Stores.ForSystem(system.Id);
                        await using var db = store.CreateContext();
                        var problem = await action.PageCheck(page, normalised, new BusinessContext(runtime, system, db));
                        if (problem is not null)
                        {
                            return Render(page, [problem]);
                        }
                    }

                    return Render(page + 1, []);
                }

                var attachments = FormPages.ReadAttachments(action, form);
                if (AttachmentRules.Check(action.Attachments, attachments) is { } refused)
                {
                    return Render(page, [refused]);
                }

                var result = await runtime.Processor.SubmitAsync(system, action, values, externalNo, session.Username, "web", http.RequestAborted, attachments);
                if (result.Status == SubmitStatus.Pending)
                {
                    // Not a refusal: the matter waits for the applicant; the page says so and keeps nothing.
                    var notice = $"<div class=\"result-pending\" role=\"status\" id=\"pendingNotice\">{System.Net.WebUtility.HtmlEncode(result.Message)}</div>"
                        + $"<p><a href=\"/biz/{action.Key}\">返回</a></p>";
                    return Page(chrome.Work(session, action.Title, notice, Announce(runtime, quirks), runtime.NextRandom));
                }

                if (result.Status != SubmitStatus.Accepted)
                {
                    var errorPage = result.Status == SubmitStatus.Invalid
                        ? pageList.Select((pg, i) => (pg, i)).FirstOrDefault(x => x.pg.Fields.Contains(result.Errors[0].Field)).i
                        : page;
                    return Render(errorPage, result.Status == SubmitStatus.Invalid ? result.Errors.Select(e => e.Message) : [result.Message!]);
                }

                // The reply may be lost after the record is stored: the case every bot must survive.
                if (quirks.ErrorAfterCommitRate > 0 && runtime.NextDouble() < quirks.ErrorAfterCommitRate)
                {
                    return Results.Content(QuirkMiddleware.ServerErrorPage(), "text/html; charset=utf-8", statusCode: StatusCodes.Status500InternalServerError);
                }

                return Results.Redirect($"/biz/{action.Key}/result/{result.Record!.ReceiptNo}?new=1");
            });
        });

        app.MapGet("/biz/{key}/result/{receiptNo}", (HttpContext http, string key, string receiptNo, string? @new) =>
            AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var action = system.FindAction(key);
                var store = runtime.Stores.ForSystem(system.Id);
                var record = action is null ? null : await store.ReadAsync(db => db.Records.AsNoTracking()
                    .FirstOrDefaultAsync(r => r.ReceiptNo == receiptNo && r.ActionId == action.Id));
                if (action is null || record is null)
                {
                    return Results.NotFound();
                }

                var html = new FormPages(system, chrome).Result(action, record, @new is not null);
                return Page(chrome.Work(session, action.Title, html, Announce(runtime, quirks), runtime.NextRandom));
            }));

        system.MapExtras?.Invoke(app, runtime);

        foreach (var (name, catalogue) in system.Catalogues)
        {
            app.MapGet("/catalogue/" + name, () => Results.Json(catalogue));
        }

        app.MapGet("/search", (HttpContext http, string? externalNo, string? subjectId, string? actionId) =>
            AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                externalNo = externalNo?.Trim() ?? "";
                subjectId = subjectId?.Trim().ToUpperInvariant() ?? "";
                actionId = actionId?.Trim() ?? "";
                var searched = http.Request.Query.ContainsKey("externalNo") || http.Request.Query.ContainsKey("subjectId");
                string? error = null;
                List<Store.BusinessRecord>? records = null;
                if (searched && externalNo.Length == 0 && subjectId.Length == 0)
                {
                    error = "请至少输入一个查询条件";
                }
                else if (searched)
                {
                    records = await runtime.SearchAsync(system.Id, externalNo, subjectId, actionId);
                }

                var html = new FormPages(system, chrome).Search(externalNo, subjectId, actionId, records, error);
                return Page(chrome.Work(session, "业务查询", html, Announce(runtime, quirks), runtime.NextRandom));
            }));

        string? NewCaptcha(SystemQuirks quirks) =>
            quirks.Captcha ? sessions.IssueCaptcha(CaptchaImage.NewAnswer(runtime.NextRandom)) : null;
    }

    private static string Navigation(string posted) => posted switch
    {
        "prev" or "上一步" => "prev",
        "next" or "下一步" => "next",
        _ => "submit",
    };

    internal static bool Announce(SandboxRuntime runtime, SystemQuirks quirks) =>
        quirks.AnnouncementRate > 0 && runtime.NextDouble() < quirks.AnnouncementRate;

    internal static IResult Page(string html) => Results.Content(html, "text/html; charset=utf-8");

    private static WebSession? CurrentSession(HttpContext http, SandboxRuntime runtime, SystemDefinition system)
    {
        var quirks = runtime.Quirks.Get(system.Id);
        return runtime.Sessions(system.Id).Touch(http.Request.Cookies[system.CookieName], TimeSpan.FromSeconds(quirks.SessionTimeoutSeconds)).Session;
    }

    private static Task<IResult> Authenticated(HttpContext http, SandboxRuntime runtime, SystemDefinition system, Func<WebSession, SystemQuirks, PageChrome, IResult> page) =>
        AuthenticatedAsync(http, runtime, system, (s, q, c) => Task.FromResult(page(s, q, c)));

    internal static async Task<IResult> AuthenticatedAsync(HttpContext http, SandboxRuntime runtime, SystemDefinition system, Func<WebSession, SystemQuirks, PageChrome, Task<IResult>> page)
    {
        var quirks = runtime.Quirks.Get(system.Id);
        var (state, session) = runtime.Sessions(system.Id).Touch(http.Request.Cookies[system.CookieName], TimeSpan.FromSeconds(quirks.SessionTimeoutSeconds));
        if (session is null)
        {
            return Results.Redirect(state == SessionStore.Lookup.Expired ? "/login?timeout=1" : "/login");
        }

        return await page(session, quirks, new PageChrome(system, quirks));
    }

    private static void MapAssets(WebApplication app)
    {
        foreach (var (name, type) in new[] { ("site.css", "text/css; charset=utf-8"), ("site.js", "text/javascript; charset=utf-8") })
        {
            var content = ReadAsset(name);
            app.MapGet("/assets/" + name, () => Results.Text(content, type));
        }
    }

    private static string ReadAsset(string name)
    {
        using var stream = typeof(SystemWebApp).Assembly.GetManifestResourceStream("Assets/" + name)
            ?? throw new InvalidOperationException($"Asset {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
