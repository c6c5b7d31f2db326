using System.Text;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Systems;
using static RpaRunner.Sandbox.Web.Html;

namespace RpaRunner.Sandbox.Web;

/// <summary>
/// The frame of every page of one system: head, banner, menu, iframe shell, login page, notices. Layout 1 is
/// the original table-and-frames look; layout 2 the redesign with other ids and structure but the same labels.
/// </summary>
internal sealed class PageChrome(SystemDefinition system, SystemQuirks quirks)
{
    public const string WorkFrameV1 = "work";
    public const string WorkFrameV2 = "mainFrame";

    private static readonly string[] Notices =
    [
        "根据上级部门要求，本系统将于近期进行安全加固升级，届时部分功能短暂不可用，请合理安排业务办理时间。",
        "请各经办人员妥善保管账号密码，严禁将账号转借他人使用。离开工位请及时退出系统。",
        "新版业务办理指南已发布，请登录后在“首页-通知公告”中查阅。如遇问题请联系运维热线 0731-12345。",
    ];

    public bool V2 => quirks.LayoutVersion == 2;

    /// <summary>The department's short name in the round emblem; four characters go on two lines, like a seal.</summary>
    private string Emblem => system.Department.Length == 4
        ? E(system.Department[..2]) + "<br>" + E(system.Department[2..])
        : E(system.Department);
    public SystemQuirks Quirks => quirks;
    public string WorkFrame => V2 ? WorkFrameV2 : WorkFrameV1;
    public string LinkTarget => quirks.Iframes ? $" target=\"{WorkFrame}\"" : "";

    public string Document(string title, string body, bool announce, Func<int, int, int>? random = null)
    {
        var t = system.Theme;
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta http-equiv=\"X-UA-Compatible\" content=\"IE=edge\">");
        sb.Append("<title>").Append(E(title)).Append(" - ").Append(E(system.Title)).Append("</title>");
        sb.Append("<link rel=\"stylesheet\" href=\"/assets/site.css\">");
        sb.Append("<style>:root{--primary:").Append(t.Primary).Append(";--header:").Append(t.Header).Append(";--accent:").Append(t.Accent)
          .Append(";--bg:").Append(t.Background).Append(";}</style>");
        sb.Append("<script src=\"/assets/site.js\" defer></script></head>");
        sb.Append("<body class=\"").Append(V2 ? "v2" : "v1").Append(" sys-").Append(system.Id).Append("\">");
        sb.Append(body);
        if (announce)
        {
            var notice = Notices[random is null ? 0 : random(0, Notices.Length)];
            sb.Append("<div class=\"announce-mask\" data-announce><div class=\"announce\" role=\"dialog\" aria-modal=\"true\" aria-label=\"系统公告\">")
              .Append("<div class=\"announce-title\">系统公告</div><div class=\"announce-body\">").Append(E(notice))
              .Append("</div><div class=\"announce-buttons\"><button type=\"button\" data-announce-close>我已阅读</button></div></div></div>");
        }

        sb.Append("</body></html>");
        return sb.ToString();
    }

    public string Banner(WebSession? session)
    {
        var t = system.Theme;
        var user = session is null ? "" : V2
            ? $"<div class=\"navbar-user\"><span id=\"lblUser\">{E(session.DisplayName)}</span> <a id=\"lnkLogout\" href=\"/logout\" target=\"_top\">退出</a></div>"
            : $"<div class=\"userinfo\">当前用户：<span id=\"curUser\">{E(session.DisplayName)}</span> | <a id=\"logout\" href=\"/logout\" target=\"_top\">退出</a></div>";
        return V2
            ? $"<nav class=\"navbar\"><div class=\"navbar-brand\">{E(t.Banner)}</div>{user}</nav>"
            : $"<div class=\"banner\"><div class=\"banner-emblem\">{Emblem}</div><div class=\"banner-text\"><div class=\"banner-title\">{E(t.Banner)}</div><div class=\"banner-sub\">{E(t.Subtitle)}</div></div>{user}</div>";
    }

    public string Menu()
    {
        var sb = new StringBuilder();
        var groups = system.Actions.GroupBy(a => a.MenuGroup)
            .Select(g => (Title: g.Key, Items: g.Select(a => (Href: "/biz/" + a.Key, a.Title)).ToList()))
            .Append(("综合查询", [("/search", "业务查询")]))
            .ToList();
        var collapsed = quirks.Menus;
        if (V2)
        {
            sb.Append("<ul class=\"nav-menu\" id=\"topMenu\">");
            sb.Append("<li class=\"nav-item\"><a class=\"nav-link\" href=\"/home\"").Append(LinkTarget).Append(">首页</a></li>");
            foreach (var (title, items) in groups)
            {
                sb.Append("<li class=\"nav-item dropdown\"><a class=\"nav-link dropdown-toggle\" href=\"javascript:void(0)\"")
                  .Append(collapsed ? " data-menu-toggle" : "").Append('>').Append(E(title)).Append("</a><ul class=\"dropdown-menu\"")
                  .Append(collapsed ? " style=\"display:none\"" : "").Append('>');
                foreach (var (href, label) in items)
                {
                    sb.Append("<li><a href=\"").Append(href).Append('"').Append(LinkTarget).Append('>').Append(E(label)).Append("</a></li>");
                }

                sb.Append("</ul></li>");
            }

            sb.Append("</ul>");
            return sb.ToString();
        }

        sb.Append("<div class=\"menu\" id=\"leftMenu\"><div class=\"menu-title\">业务导航</div><ul class=\"menu-tree\">");
        sb.Append("<li class=\"menu-home\"><a href=\"/home\"").Append(LinkTarget).Append(">首页</a></li>");
        foreach (var (title, items) in groups)
        {
            sb.Append("<li class=\"menu-group\"><a class=\"menu-group-title\" href=\"javascript:void(0)\"")
              .Append(collapsed ? " data-menu-toggle" : "").Append('>').Append(collapsed ? "<span class=\"tree-mark\" aria-hidden=\"true\">+</span> " : "").Append(E(title)).Append("</a><ul class=\"menu-items\"")
              .Append(collapsed ? " style=\"display:none\"" : "").Append('>');
            foreach (var (href, label) in items)
            {
                sb.Append("<li><a href=\"").Append(href).Append('"').Append(LinkTarget).Append('>').Append(E(label)).Append("</a></li>");
            }

            sb.Append("</ul></li>");
        }

        sb.Append("</ul></div>");
        return sb.ToString();
    }

    /// <summary>The main frame page of iframe mode: banner, menu, and the work iframe.</summary>
    public string Shell(WebSession session, bool announce, Func<int, int, int> random)
    {
        var body = V2
            ? $"{Banner(session)}{Menu()}<div class=\"frame-wrap\"><iframe id=\"{WorkFrameV2}\" name=\"{WorkFrameV2}\" title=\"业务办理区\" src=\"/home\"></iframe></div>"
            : $"{Banner(session)}<table class=\"layout\"><tr><td class=\"layout-left\">{Menu()}</td><td class=\"layout-main\"><iframe id=\"workFrame\" name=\"{WorkFrameV1}\" title=\"业务办理区\" src=\"/home\"></iframe></td></tr></table>";
        return Document("主页", body, announce, random);
    }

    /// <summary>A work page: bare inside the iframe, or with banner and menu when frames are off.</summary>
    public string Work(WebSession session, string title, string content, bool announce, Func<int, int, int> random)
    {
        var inner = V2 ? $"<div class=\"container\"><h2 class=\"page-header\">{E(title)}</h2>{content}</div>" : $"<div class=\"work\"><div class=\"work-title\">{E(title)}</div>{content}</div>";
        if (quirks.Iframes)
        {
            return Document(title, $"<div class=\"framed\">{inner}</div>", announce, random);
        }

        var body = V2
            ? $"{Banner(session)}{Menu()}{inner}"
            : $"{Banner(session)}<table class=\"layout\"><tr><td class=\"layout-left\">{Menu()}</td><td class=\"layout-main\">{inner}</td></tr></table>";
        return Document(title, body, announce, random);
    }

    public static string ErrorBox(bool v2, IEnumerable<string> messages)
    {
        var list = messages.ToList();
        if (list.Count == 0)
        {
            return "";
        }

        var text = string.Join("", list.Select(m => $"<div>{E(m)}</div>"));
        return v2
            ? $"<div class=\"alert alert-danger\" role=\"alert\" id=\"divMsg\"><strong>提示：</strong>{text}</div>"
            : $"<div class=\"msg-error\" role=\"alert\" id=\"errorTip\"><span class=\"msg-title\">提示：</span>{text}</div>";
    }

    public string Login(string? message, string? info, string? username, string? captchaToken)
    {
        var captcha = captchaToken is null ? "" : V2
            ? $"<div class=\"form-group\"><label for=\"txtVcode\">验证码</label><input id=\"txtVcode\" name=\"vcode\" class=\"form-control short\" maxlength=\"4\" autocomplete=\"off\"><img id=\"imgVcode\" src=\"/captcha.svg?t={captchaToken}\" alt=\"验证码图片\" class=\"captcha\"></div>"
            : $"<tr><th><label for=\"captcha\">验证码</label></th><td><input id=\"captcha\" name=\"captcha\" maxlength=\"4\" autocomplete=\"off\" class=\"short\"><img id=\"captchaImg\" src=\"/captcha.svg?t={captchaToken}\" alt=\"验证码图片\" class=\"captcha\"></td></tr>";
        var hidden = captchaToken is null ? "" : $"<input type=\"hidden\" name=\"captchaToken\" value=\"{captchaToken}\">";
        var errors = ErrorBox(V2, message is null ? [] : [message]);
        var infoBox = info is null ? "" : $"<div class=\"msg-info\" role=\"status\">{E(info)}</div>";
        var t = system.Theme;
        var body = V2
            ? $"<div class=\"login2\"><div class=\"login2-card\"><h1>{E(t.Banner)}</h1><h2>用户登录</h2>{errors}{infoBox}<form method=\"post\" action=\"/login\" id=\"form1\">{hidden}" +
              $"<div class=\"form-group\"><label for=\"txtUserName\">用户名</label><input id=\"txtUserName\" name=\"uid\" class=\"form-control\" value=\"{E(username)}\"></div>" +
              $"<div class=\"form-group\"><label for=\"txtPwd\">密码</label><input id=\"txtPwd\" name=\"pwd\" type=\"password\" class=\"form-control\"></div>{captcha}" +
              "<input type=\"submit\" id=\"btnLogin\" class=\"btn btn-primary btn-block\" value=\"登录\"></form></div></div>"
            : $"<div class=\"login\"><div class=\"login-head\"><div class=\"banner-emblem\">{Emblem}</div><div><div class=\"banner-title\">{E(t.Banner)}</div><div class=\"banner-sub\">{E(t.Subtitle)}</div></div></div>" +
              $"<div class=\"login-box\"><div class=\"login-title\">用户登录</div>{errors}{infoBox}<form method=\"post\" action=\"/login\" id=\"loginForm\">{hidden}<table class=\"form-table\">" +
              $"<tr><th><label for=\"username\">用户名</label></th><td><input id=\"username\" name=\"username\" value=\"{E(username)}\"></td></tr>" +
              $"<tr><th><label for=\"password\">密码</label></th><td><input id=\"password\" name=\"password\" type=\"password\"></td></tr>{captcha}" +
              "</table><div class=\"buttons\"><button type=\"submit\" id=\"loginBtn\" class=\"btn\">登录</button></div></form>" +
              "<div class=\"login-foot\">建议使用IE8及以上浏览器，分辨率1024×768</div></div></div>";
        return Document("用户登录", body, announce: false);
    }

    public static string StatusPage(string title, string message, string code) =>
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" + E(title) + "</title><link rel=\"stylesheet\" href=\"/assets/site.css\"></head>" +
        "<body class=\"status\"><div class=\"status-box\"><h1>" + E(title) + "</h1><p role=\"alert\">" + E(message) + "</p><p class=\"status-code\">" + E(code) + "</p></div></body></html>";
}
