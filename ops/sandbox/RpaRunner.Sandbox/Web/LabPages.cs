using System.Globalization;
using System.Text;
using static RpaRunner.Sandbox.Web.Html;

namespace RpaRunner.Sandbox.Web;

/// <summary>
/// Test-only pages (under /lab, linked from no system page) with the patterns of real legacy systems that the bot-script
/// verbs exist for: a results table inside a layout table, a receipt number inside a sentence, an iframe without a name,
/// alert/confirm/prompt, a pop-up window, a textarea, a select whose codes differ from its texts, a refusal banner, and an
/// application that shows its login form at the same address when the session has ended.
/// </summary>
internal static class LabPages
{
    private const string SessionCookie = "lab_session";
    private static readonly string[] s_echoed = ["zjhm", "zjlx", "lxdh", "jz"];
    private static int s_receipts;

    public static void Map(WebApplication app)
    {
        app.MapGet("/lab/form", () => Page("遗留模式表单", Form(null)));
        app.MapGet("/lab/inner", () => Page("附加信息", "<label for=\"dh\">联系电话</label><input id=\"dh\" name=\"dh\">"));
        app.MapPost("/lab/form", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            var note = form["bz"].ToString();
            if (note.Contains("辖区外", StringComparison.Ordinal))
            {
                return Page("遗留模式表单", Form("不予受理：申请人住址不在本辖区"));
            }

            var receipt = string.Create(CultureInfo.InvariantCulture, $"SL2026{Interlocked.Increment(ref s_receipts):000000}");
            var echo = new StringBuilder("<table id=\"echo\">");
            foreach (var name in s_echoed)
            {
                echo.Append("<tr><th>").Append(name).Append("</th><td id=\"echo-").Append(name).Append("\">").Append(E(form[name])).Append("</td></tr>");
            }

            echo.Append("<tr><th>bz</th><td><pre id=\"echo-bz\">").Append(E(note.Replace("\r\n", "\n", StringComparison.Ordinal))).Append("</pre></td></tr></table>");
            return Page("受理结果",
                $"<p id=\"result\">您的申请已受理，受理号：{receipt}，请于三个工作日内查询办理进度。</p>{echo}"
                + $"<button type=\"button\" id=\"print\" onclick=\"window.open('/lab/receipt?no={receipt}', 'receipt', 'width=480,height=320')\">打印回执</button>");
        });
        app.MapGet("/lab/receipt", (string? no) => Page("受理回执", $"<h2>受理回执</h2><p>回执编号：<span id=\"no\">{E(no)}</span></p><button type=\"button\" onclick=\"window.close()\">关闭</button>"));

        app.MapGet("/lab/results", (string? q) => Page("业务查询", ResultsTable(q)));
        app.MapGet("/lab/detail", (string? no) => Page("业务详情", $"<table><tr><th>业务编号</th><td id=\"no\">{E(no)}</td></tr><tr><th>办理状态</th><td id=\"status\">已办结</td></tr></table>"));

        app.MapGet("/lab/app", (HttpContext http) => http.Request.Cookies[SessionCookie] is null
            ? Page("工作台", "<form id=\"loginForm\" method=\"post\" action=\"/lab/app\"><label for=\"user\">用户名</label><input id=\"user\" name=\"user\">"
                + "<label for=\"pwd\">密码</label><input id=\"pwd\" name=\"pwd\" type=\"password\"><button type=\"submit\">登录</button></form>")
            : Page("工作台", "<h1 id=\"welcome\">欢迎使用业务工作台</h1><a id=\"end\" href=\"/lab/app/end\">结束会话</a>"));
        app.MapPost("/lab/app", async (HttpContext http) =>
        {
            var form = await http.Request.ReadFormAsync();
            if (form["user"] == "robot" && form["pwd"] == "lab")
            {
                http.Response.Cookies.Append(SessionCookie, "1", new CookieOptions { HttpOnly = true, Path = "/lab" });
            }

            return Results.Redirect("/lab/app");
        });
        app.MapGet("/lab/app/end", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(SessionCookie, new CookieOptions { Path = "/lab" });
            return Results.Redirect("/lab/app");
        });
    }

    private static string Form(string? refusal) =>
        (refusal is null ? string.Empty : $"<div class=\"refusal\" id=\"refusal\">{E(refusal)}</div>")
        + """
        <form method="post" action="/lab/form" onsubmit="return check(this)">
          <table>
            <tr><th>证件号码</th><td><input id="zjhm" name="zjhm"></td></tr>
            <tr><th><label for="zjlx">证件类型</label></th><td><select id="zjlx" name="zjlx"><option value="">请选择</option><option value="01">居民身份证</option><option value="02">护照</option><option value="06">港澳居民来往内地通行证</option></select></td></tr>
            <tr><th><label for="bz">备注</label></th><td><textarea id="bz" name="bz" rows="3"></textarea></td></tr>
            <tr><th>加注</th><td><span id="jz-shown"></span><input type="hidden" id="jz" name="jz"><button type="button" id="add-note" onclick="var t = prompt('请输入加注内容', ''); if (t) { document.getElementById('jz').value = t; document.getElementById('jz-shown').textContent = t; }">加注</button></td></tr>
          </table>
          <input type="hidden" id="lxdh" name="lxdh">
          <iframe src="/lab/inner" title="附加信息" style="height:60px"></iframe>
          <button type="submit" id="submit">提交</button>
        </form>
        <script>
          function check(form) {
            if (form.zjhm.value.length !== 18) { alert('证件号码格式错误，请输入18位公民身份号码'); return false; }
            form.lxdh.value = document.querySelector('iframe').contentDocument.getElementById('dh').value;
            return confirm('确定提交本次申请吗？');
          }
        </script>
        """;

    /// <summary>Three rows inside a layout table (legacy pages nest tables): the row holding the searched number, and two others.</summary>
    private static string ResultsTable(string? q)
    {
        var rows = new StringBuilder();
        var numbers = new[] { "YW-0001", q, "YW-0003" }.Where(n => !string.IsNullOrEmpty(n)).ToList();
        for (var i = 0; i < numbers.Count; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"<tr><td>{i + 1}</td><td>{E(numbers[i])}</td><td>{(i == 1 ? "办理中" : "已办结")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td><button type=\"button\" onclick=\"location.href='/lab/detail?no={Uri.EscapeDataString(numbers[i]!)}'\">查看</button></td></tr>");
        }

        return "<form method=\"get\" action=\"/lab/results\"><label for=\"q\">业务编号</label><input id=\"q\" name=\"q\"></form>"
            + "<table class=\"layout\"><tr><td><table id=\"results\"><tr><th>序号</th><th>业务编号</th><th>状态</th><th>操作</th></tr>"
            + rows + "</table></td></tr></table>";
    }

    private static IResult Page(string title, string body) =>
        SystemWebApp.Page($"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{E(title)}</title></head><body>{body}</body></html>");
}
