using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Store;
using RpaRunner.Sandbox.Systems;
using static RpaRunner.Sandbox.Web.Html;

namespace RpaRunner.Sandbox.Web;

/// <summary>
/// The 更正 (correction) pages, each department of its own kind. 卫健: search the record by 综窗受理编号, open it
/// with 更正, change the prefilled values, choose a 更正原因 and confirm in a dialog. 公安: look the household entry
/// up by 综窗受理编号 and 公民身份号码, then fill the 更正申请表 inside an iframe, where a value can only be changed
/// once its 更正项目 is ticked and 提交 waits for the 核对 check box. Both save into the same record.
/// </summary>
internal static class AmendPages
{
    private const string HtmlType = "text/html; charset=utf-8";

    public static void Map(WebApplication app, SandboxRuntime runtime, SystemDefinition system)
    {
        foreach (var amend in system.Actions.Where(a => a.Amends is not null))
        {
            var original = system.FindAction(amend.Amends!) ?? throw new InvalidOperationException($"{amend.Id} amends an unknown action.");
            switch (amend.AmendmentStyle)
            {
                case AmendmentStyle.SearchThenEdit:
                    MapSearchThenEdit(app, runtime, system, amend, original);
                    break;
                case AmendmentStyle.LookupThenFramedApplication:
                    MapLookupThenApplication(app, runtime, system, amend, original);
                    break;
                default:
                    throw new InvalidOperationException($"{amend.Id} has no 更正 page style.");
            }
        }
    }

    // ----------------------------------------------------------------------------------------------------------
    // 卫健: 查询 → 更正 (prefilled, 更正原因, 更正确认 dialog) → 更正结果
    // ----------------------------------------------------------------------------------------------------------

    private static void MapSearchThenEdit(WebApplication app, SandboxRuntime runtime, SystemDefinition system, ActionDefinition amend, ActionDefinition original)
    {
        var path = "/biz/" + amend.Key;
        var identifier = Identifier(amend, original);

        app.MapGet(path, (HttpContext http, string? externalNo, string? documentNo) =>
            SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                externalNo = externalNo?.Trim() ?? "";
                documentNo = documentNo?.Trim().ToUpperInvariant() ?? "";
                string? error = null;
                List<BusinessRecord>? records = null;
                if (http.Request.Query.ContainsKey("externalNo"))
                {
                    if (externalNo.Length == 0)
                    {
                        error = "请输入综窗受理编号";
                    }
                    else
                    {
                        records = await runtime.SearchAsync(system.Id, externalNo, documentNo, original.Id);
                    }
                }

                var html = WeijianSearch(amend, original, identifier, path, externalNo, documentNo, records, error);
                return Work(runtime, quirks, chrome, session, amend.Title, html);
            }));

        app.MapGet(path + "/edit/{receiptNo}", (HttpContext http, string receiptNo) =>
            SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var record = await FindAsync(runtime, system, original, receiptNo);
                if (record is null)
                {
                    return Results.NotFound();
                }

                var html = WeijianEdit(chrome, system, amend, original, path, record, CurrentValues(amend, original, record), "", "", []);
                return Work(runtime, quirks, chrome, session, amend.Title, html);
            }));

        app.MapPost(path + "/edit/{receiptNo}", async (HttpContext http, string receiptNo) =>
        {
            var form = await http.Request.ReadFormAsync();
            return await SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var record = await FindAsync(runtime, system, original, receiptNo);
                if (record is null)
                {
                    return Results.NotFound();
                }

                var values = amend.Fields.ToDictionary(f => f.Name, f => form[f.Name].ToString());
                var reason = form["amendReason"].ToString().Trim();
                var note = form["amendNote"].ToString().Trim();
                IResult Again(IEnumerable<string> errors) =>
                    Work(runtime, quirks, chrome, session, amend.Title, WeijianEdit(chrome, system, amend, original, path, record, values, reason, note, errors));

                var problem = ReasonProblem(amend, reason, note);
                if (problem is not null)
                {
                    return Again([problem]);
                }

                return await SaveAsync(runtime, quirks, system, amend, receiptNo, values, reason, note, session.Username, $"{path}/result", Again, http.RequestAborted);
            });
        });

        app.MapGet(path + "/result/{receiptNo}", (HttpContext http, string receiptNo, int? rev) =>
            SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var record = await FindAsync(runtime, system, original, receiptNo);
                if (record is null)
                {
                    return Results.NotFound();
                }

                var correction = rev is null ? null : record.Corrections.FirstOrDefault(c => c.Revision == rev);
                return Work(runtime, quirks, chrome, session, amend.Title, WeijianResult(amend, original, path, record, correction));
            }));
    }

    private static string WeijianSearch(ActionDefinition amend, ActionDefinition original, FieldDefinition identifier, string path, string externalNo, string documentNo, List<BusinessRecord>? records, string? error)
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"crumb\">当前位置：首页 &gt; ").Append(E(amend.MenuGroup)).Append(" &gt; ").Append(E(amend.Title)).Append("</div>");
        sb.Append(Steps(0, "查询记录", "填写更正信息", "更正完成"));
        sb.Append("<form method=\"get\" action=\"").Append(path).Append("\" id=\"amendSearchForm\">");
        sb.Append(PageChrome.ErrorBox(false, error is null ? [] : [error]));
        sb.Append("<fieldset><legend>查询待更正的").Append(E(original.Title.Replace("签发", "", StringComparison.Ordinal).Replace("办理", "", StringComparison.Ordinal))).Append("</legend><table class=\"form-table\">");
        sb.Append("<tr><th><span class=\"req\">*</span><label for=\"qExternalNo\">").Append(FormPages.ExternalNoLabel).Append("</label></th><td><input id=\"qExternalNo\" name=\"externalNo\" value=\"").Append(E(externalNo)).Append("\"></td></tr>");
        sb.Append("<tr><th><label for=\"qDocumentNo\">").Append(E(identifier.Label)).Append("</label></th><td><input id=\"qDocumentNo\" name=\"documentNo\" value=\"").Append(E(documentNo)).Append("\"><span class=\"hint\">选填，填写后须与记录一致</span></td></tr>");
        sb.Append("</table></fieldset><div class=\"buttons\"><button type=\"submit\" id=\"btnQuery\" class=\"btn\">查询</button></div></form>");
        if (records is null)
        {
            return sb.ToString();
        }

        if (records.Count == 0)
        {
            return sb.Append("<div class=\"empty\" role=\"status\">未查询到可更正的记录，请核对综窗受理编号和").Append(E(identifier.Label)).Append("</div>").ToString();
        }

        sb.Append("<div class=\"total\" role=\"status\">共查询到 ").Append(records.Count).Append(" 条记录</div>");
        sb.Append("<table class=\"grid\" id=\"amendGrid\"><thead><tr><th>受理编号</th><th>").Append(FormPages.ExternalNoLabel).Append("</th><th>").Append(E(identifier.Label))
          .Append("</th><th>").Append(E(original.Field(original.SubjectNameField).Label)).Append("</th><th>办理时间</th><th>版本</th><th>操作</th></tr></thead><tbody>");
        foreach (var r in records)
        {
            sb.Append("<tr><td>").Append(E(r.ReceiptNo)).Append("</td><td>").Append(E(r.ExternalNo)).Append("</td><td>").Append(E(r.Output(identifier.Name)))
              .Append("</td><td>").Append(E(r.SubjectName)).Append("</td><td>").Append(E(r.CreatedAt)).Append("</td><td>").Append(Version(r.Revision))
              .Append("</td><td><a class=\"amend-link\" href=\"").Append(path).Append("/edit/").Append(E(r.ReceiptNo)).Append("\">更正</a></td></tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }

    private static string WeijianEdit(PageChrome chrome, SystemDefinition system, ActionDefinition amend, ActionDefinition original, string path, BusinessRecord record,
        Dictionary<string, string> values, string reason, string note, IEnumerable<string> errors)
    {
        var pages = new FormPages(system, chrome);
        var sb = new StringBuilder();
        sb.Append("<div class=\"crumb\">当前位置：首页 &gt; ").Append(E(amend.MenuGroup)).Append(" &gt; ").Append(E(amend.Title)).Append("</div>");
        sb.Append(Steps(1, "查询记录", "填写更正信息", "更正完成"));
        sb.Append("<form method=\"post\" action=\"").Append(path).Append("/edit/").Append(E(record.ReceiptNo)).Append("\" id=\"amendForm\" autocomplete=\"off\" novalidate>");
        sb.Append(PageChrome.ErrorBox(false, errors));
        sb.Append("<fieldset><legend>原记录</legend><table class=\"form-table info\">")
          .Append("<tr><th>受理编号</th><td>").Append(E(record.ReceiptNo)).Append("</td></tr>")
          .Append("<tr><th>").Append(FormPages.ExternalNoLabel).Append("</th><td>").Append(E(record.ExternalNo)).Append("</td></tr>")
          .Append("<tr><th>办理时间</th><td>").Append(E(record.CreatedAt)).Append("</td></tr>")
          .Append("<tr><th>当前版本</th><td id=\"curRevision\">").Append(Version(record.Revision)).Append(record.UpdatedAt is null ? "" : $"（最近更正 {E(record.UpdatedAt)}）").Append("</td></tr>")
          .Append("</table></fieldset>");
        foreach (var page in amend.Pages)
        {
            sb.Append("<fieldset><legend>").Append(E(page.Title)).Append("</legend><table class=\"form-table\">");
            foreach (var field in page.Fields.Select(amend.Field))
            {
                var locked = original.Fields.All(o => o.Name != field.Name);
                var value = values.TryGetValue(field.Name, out var v) ? v : "";
                sb.Append("<tr><th>").Append(field.Required ? "<span class=\"req\">*</span>" : "").Append("<label for=\"").Append(field.Name).Append("\">").Append(E(field.Label)).Append("</label></th><td>")
                  .Append(pages.Input(field, field.Name, field.Name, value, locked ? " readonly" : ""))
                  .Append(locked ? "<span class=\"hint\">编号不予更正</span>" : "").Append("</td></tr>");
            }

            sb.Append("</table></fieldset>");
        }

        sb.Append("<fieldset><legend>更正信息</legend><table class=\"form-table\">")
          .Append("<tr><th><span class=\"req\">*</span><label for=\"amendReason\">更正原因</label></th><td>").Append(ReasonSelect("amendReason", amend, reason, "")).Append("</td></tr>")
          .Append("<tr><th><label for=\"amendNote\">更正说明</label></th><td><textarea id=\"amendNote\" name=\"amendNote\" rows=\"3\">").Append(E(note)).Append("</textarea><span class=\"hint\">更正原因为“其他”时必填</span></td></tr>")
          .Append("</table></fieldset>");
        sb.Append("<div class=\"buttons\">")
          .Append(chrome.Quirks.ConfirmModal
              ? "<button type=\"button\" id=\"btnAmend\" class=\"btn\" data-confirm>保存更正</button>"
              : "<button type=\"submit\" id=\"btnAmend\" class=\"btn\">保存更正</button>")
          .Append("<a class=\"btn btn-plain\" href=\"").Append(path).Append("?externalNo=").Append(Uri.EscapeDataString(record.ExternalNo ?? "")).Append("\">返回</a></div></form>");
        if (chrome.Quirks.ConfirmModal)
        {
            sb.Append("<div class=\"modal-mask\" data-modal style=\"display:none\"><div class=\"modal\" role=\"dialog\" aria-modal=\"true\" aria-label=\"更正确认\">")
              .Append("<div class=\"modal-title\">更正确认</div><div class=\"modal-body\">").Append(E(original.Outputs[0].Label.Replace("编号", "", StringComparison.Ordinal)))
              .Append("信息更正后将生成新的版本，原信息记入更正记录，不可撤销。确认提交更正吗？</div>")
              .Append("<div class=\"modal-buttons\"><button type=\"button\" id=\"btnAmendOk\" data-modal-ok>确定</button><button type=\"button\" id=\"btnAmendCancel\" data-modal-cancel>取消</button></div></div></div>");
        }

        sb.Append(History(original, record));
        return sb.ToString();
    }

    private static string WeijianResult(ActionDefinition amend, ActionDefinition original, string path, BusinessRecord record, CorrectionEntry? correction)
    {
        var sb = new StringBuilder();
        sb.Append("<div class=\"crumb\">当前位置：首页 &gt; ").Append(E(amend.MenuGroup)).Append(" &gt; ").Append(E(amend.Title)).Append("</div>");
        sb.Append(Steps(2, "查询记录", "填写更正信息", "更正完成"));
        sb.Append("<div class=\"result-ok\" role=\"status\" id=\"amendResult\">").Append(correction is null ? "信息无变化，未作更正" : "更正成功").Append("</div>");
        if (correction is null)
        {
            sb.Append("<div class=\"msg-info\">提交的信息与当前记录一致，未生成新的更正记录。</div>");
        }

        sb.Append("<table class=\"result-table\" id=\"resultTable\">")
          .Append("<tr><th>受理编号</th><td id=\"out_receiptNo\">").Append(E(record.ReceiptNo)).Append("</td></tr>")
          .Append("<tr><th>业务类型</th><td id=\"out_actionTitle\">").Append(E(amend.Title)).Append("</td></tr>")
          .Append("<tr><th>").Append(FormPages.ExternalNoLabel).Append("</th><td id=\"out_externalNo\">").Append(E(record.ExternalNo)).Append("</td></tr>");
        foreach (var output in original.Outputs)
        {
            sb.Append("<tr><th>").Append(E(output.Label)).Append("</th><td id=\"out_").Append(output.Name).Append("\">").Append(E(record.Output(output.Name))).Append("</td></tr>");
        }

        sb.Append("<tr><th>记录版本</th><td id=\"out_revision\">").Append(Version(record.Revision)).Append("</td></tr>");
        if (correction is not null)
        {
            sb.Append("<tr><th>更正时间</th><td id=\"out_amendedAt\">").Append(E(correction.At)).Append("</td></tr>")
              .Append("<tr><th>更正原因</th><td>").Append(E(correction.Reason)).Append(correction.Note.Length > 0 ? "（" + E(correction.Note) + "）" : "").Append("</td></tr>");
        }

        sb.Append("</table>");
        if (correction is not null)
        {
            sb.Append("<fieldset class=\"changes\"><legend>本次更正内容</legend>").Append(ChangeTable(original, correction.Changes, "changeGrid")).Append("</fieldset>");
        }

        return sb.Append("<div class=\"buttons\"><button type=\"button\" class=\"btn\" onclick=\"window.print()\">打印更正证明</button> <a class=\"btn\" href=\"")
          .Append(path).Append("\">继续更正</a></div>").ToString();
    }

    // ----------------------------------------------------------------------------------------------------------
    // 公安: ①查询户籍信息 → ②更正申请表 (iframe, 更正项目, 核对确认) → ③办结
    // ----------------------------------------------------------------------------------------------------------

    /// <summary>更正项目 of the 公安 form: code, label, and the fields ticking it unlocks.</summary>
    private static readonly (string Code, string Label, string[] Fields)[] GonganItems =
    [
        ("xm", "更正姓名", ["childName"]),
        ("xb", "更正性别", ["childSex"]),
        ("csrq", "更正出生日期", ["birthDate"]),
        ("fm", "更正父母身份信息", ["motherIdNumber", "fatherIdNumber"]),
        ("dz", "更正户籍地址", ["householdAddress"]),
    ];

    private static void MapLookupThenApplication(WebApplication app, SandboxRuntime runtime, SystemDefinition system, ActionDefinition amend, ActionDefinition original)
    {
        var path = "/biz/" + amend.Key;
        var identifier = Identifier(amend, original);

        app.MapGet(path, (HttpContext http, string? zcslbh, string? gmsfhm) =>
            SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                zcslbh = zcslbh?.Trim() ?? "";
                gmsfhm = gmsfhm?.Trim().ToUpperInvariant() ?? "";
                string? error = null;
                BusinessRecord? found = null;
                if (http.Request.Query.ContainsKey("zcslbh") || http.Request.Query.ContainsKey("gmsfhm"))
                {
                    if (zcslbh.Length == 0 || gmsfhm.Length == 0)
                    {
                        error = $"{FormPages.ExternalNoLabel}和{identifier.Label}均须填写";
                    }
                    else
                    {
                        // The number may be one a correction has since replaced (曾用公民身份号码).
                        found = (await runtime.SearchAsync(system.Id, zcslbh, null, original.Id))
                            .FirstOrDefault(r => r.Output(identifier.Name) == gmsfhm || r.FormerOutputs(identifier.Name).Contains(gmsfhm));
                        error = found is null ? $"未查询到符合条件的户口登记记录，请核对{FormPages.ExternalNoLabel}和{identifier.Label}" : null;
                    }
                }

                var html = GonganLookup(amend, original, identifier, path, zcslbh, gmsfhm, found, error);
                return Work(runtime, quirks, chrome, session, amend.Title, html);
            }));

        app.MapGet(path + "/apply/{receiptNo}", (HttpContext http, string receiptNo) =>
            SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var record = await FindAsync(runtime, system, original, receiptNo);
                if (record is null)
                {
                    return Results.NotFound();
                }

                var sb = new StringBuilder();
                sb.Append(GonganSteps(1));
                sb.Append("<div class=\"gz-panel\"><div class=\"gz-panel-title\">户口登记项目更正申请 — ").Append(E(record.Input("childName"))).Append('（').Append(E(record.Output(identifier.Name))).Append("）</div>")
                  .Append("<iframe id=\"gzFrame\" name=\"gzFrame\" class=\"gz-frame\" title=\"户口登记项目更正申请表\" src=\"").Append(path).Append("/form/").Append(E(record.ReceiptNo)).Append("\"></iframe>")
                  .Append("<div class=\"gz-actions\"><a class=\"btn btn-plain\" href=\"").Append(path).Append("?zcslbh=").Append(Uri.EscapeDataString(record.ExternalNo ?? ""))
                  .Append("&amp;gmsfhm=").Append(Uri.EscapeDataString(record.Output(identifier.Name))).Append("\">返回查询</a></div></div>");
                return Work(runtime, quirks, chrome, session, amend.Title, sb.ToString());
            }));

        app.MapGet(path + "/form/{receiptNo}", (HttpContext http, string receiptNo) =>
            SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var record = await FindAsync(runtime, system, original, receiptNo);
                return record is null
                    ? Results.NotFound()
                    : SystemWebApp.Page(chrome.Document("户口登记项目更正申请表", GonganForm(chrome, system, amend, original, path, record, CurrentValues(amend, original, record), new HashSet<string>(), "", "", []), announce: false));
            }));

        app.MapPost(path + "/form/{receiptNo}", async (HttpContext http, string receiptNo) =>
        {
            var form = await http.Request.ReadFormAsync();
            return await SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var record = await FindAsync(runtime, system, original, receiptNo);
                if (record is null)
                {
                    return Results.NotFound();
                }

                // Only the values of ticked 更正项目 count; the others stay as registered (their controls are disabled).
                var ticked = form["gzxm"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToHashSet(StringComparer.Ordinal);
                var values = CurrentValues(amend, original, record);
                foreach (var field in GonganItems.Where(i => ticked.Contains(i.Code)).SelectMany(i => i.Fields))
                {
                    values[field] = form[field].ToString();
                }

                values["birthCertificateNo"] = form["birthCertificateNo"].ToString();
                var reason = form["sqyy"].ToString().Trim();
                var note = form["gzsm"].ToString().Trim();
                IResult Again(IEnumerable<string> errors) =>
                    SystemWebApp.Page(chrome.Document("户口登记项目更正申请表", GonganForm(chrome, system, amend, original, path, record, values, ticked, reason, note, errors), announce: false));

                var problem = ticked.Count == 0 ? "请至少勾选一项更正项目"
                    : form["hdqr"] != "1" ? "请勾选“本人已核对以上更正内容”后再提交"
                    : ReasonProblem(amend, reason, note);
                if (problem is not null)
                {
                    return Again([problem]);
                }

                return await SaveAsync(runtime, quirks, system, amend, receiptNo, values, reason, note, session.Username, $"{path}/done", Again, http.RequestAborted);
            });
        });

        app.MapGet(path + "/done/{receiptNo}", (HttpContext http, string receiptNo, int? rev) =>
            SystemWebApp.AuthenticatedAsync(http, runtime, system, async (session, quirks, chrome) =>
            {
                var record = await FindAsync(runtime, system, original, receiptNo);
                if (record is null)
                {
                    return Results.NotFound();
                }

                var correction = rev is null ? null : record.Corrections.FirstOrDefault(c => c.Revision == rev);
                return SystemWebApp.Page(chrome.Document("户口登记项目更正办结", GonganDone(original, identifier, record, correction), announce: false));
            }));
    }

    private static string GonganSteps(int current)
    {
        string[] labels = ["查询户籍信息", "填写更正申请", "办结"];
        var sb = new StringBuilder("<div class=\"gz-steps\">");
        for (var i = 0; i < labels.Length; i++)
        {
            sb.Append("<span class=\"gz-step").Append(i == current ? " gz-on" : i < current ? " gz-done" : "").Append("\"><b>").Append(i + 1).Append("</b>").Append(labels[i]).Append("</span>");
        }

        return sb.Append("</div>").ToString();
    }

    private static string GonganLookup(ActionDefinition amend, ActionDefinition original, FieldDefinition identifier, string path, string zcslbh, string gmsfhm, BusinessRecord? found, string? error)
    {
        var sb = new StringBuilder();
        sb.Append(GonganSteps(0));
        sb.Append("<div class=\"gz-panel\"><div class=\"gz-panel-title\">户籍信息查询</div><form method=\"get\" action=\"").Append(path).Append("\" id=\"gzQueryForm\">");
        sb.Append(PageChrome.ErrorBox(false, error is null ? [] : [error]));
        sb.Append("<div class=\"gz-row\"><label for=\"gzCxZcslbh\">").Append(FormPages.ExternalNoLabel).Append("</label><input id=\"gzCxZcslbh\" name=\"zcslbh\" value=\"").Append(E(zcslbh)).Append("\"></div>")
          .Append("<div class=\"gz-row\"><label for=\"gzCxGmsfhm\">").Append(E(identifier.Label)).Append("</label><input id=\"gzCxGmsfhm\" name=\"gmsfhm\" value=\"").Append(E(gmsfhm)).Append("\" placeholder=\"18位公民身份号码\"></div>")
          .Append("<div class=\"gz-actions\"><input type=\"submit\" id=\"btnGzCx\" class=\"btn\" value=\"查询\"></div></form></div>");
        if (found is null)
        {
            return sb.ToString();
        }

        var current = found.Output(identifier.Name);
        sb.Append("<div class=\"gz-panel\" id=\"gzHjxx\"><div class=\"gz-panel-title\">户籍信息</div>");
        if (current != gmsfhm)
        {
            var when = found.Corrections.LastOrDefault(c => c.Changes.Any(ch => ch.Field == identifier.Name && ch.Old == gmsfhm))?.At ?? "";
            sb.Append("<div class=\"msg-info\" role=\"status\">该公民身份号码已于 ").Append(E(when)).Append(" 更正为 ").Append(E(current)).Append("</div>");
        }

        sb.Append("<dl class=\"gz-info\">");
        foreach (var (label, value) in new[]
        {
            (identifier.Label, current),
            ("姓名", found.Input("childName")),
            ("性别", Shown(original, "childSex", found.Input("childSex"))),
            ("出生日期", found.Input("birthDate")),
            (original.Field("birthCertificateNo").Label, found.Input("birthCertificateNo")),
            (original.Field("motherIdNumber").Label, found.Input("motherIdNumber")),
            (original.Field("fatherIdNumber").Label, found.Input("fatherIdNumber")),
            (original.Field("householdAddress").Label, found.Input("householdAddress")),
            ("登记时间", found.CreatedAt),
            ("记录版本", Version(found.Revision)),
        })
        {
            sb.Append("<dt>").Append(E(label)).Append("</dt><dd>").Append(E(value)).Append("</dd>");
        }

        sb.Append("</dl><div class=\"gz-actions\"><a id=\"btnSqgz\" class=\"btn\" href=\"").Append(path).Append("/apply/").Append(E(found.ReceiptNo)).Append("\">申请更正</a></div></div>");
        return sb.Append(History(original, found)).ToString();
    }

    private static string GonganForm(PageChrome chrome, SystemDefinition system, ActionDefinition amend, ActionDefinition original, string path, BusinessRecord record,
        Dictionary<string, string> values, HashSet<string> ticked, string reason, string note, IEnumerable<string> errors)
    {
        var pages = new FormPages(system, chrome);
        string Value(string name) => values.TryGetValue(name, out var v) ? v : "";
        bool Open(string field) => GonganItems.Any(i => ticked.Contains(i.Code) && i.Fields.Contains(field));
        string Cell(string field)
        {
            var f = amend.Field(field);
            return $"<th>{(f.Required ? "<span class=\"req\">*</span>" : "")}<label for=\"{f.Name}\">{E(f.Label)}</label></th><td>{pages.Input(f, f.Name, f.Name, Value(f.Name), Open(field) ? "" : " disabled")}</td>";
        }

        var sb = new StringBuilder("<div class=\"gz-doc\">");
        sb.Append("<form method=\"post\" action=\"").Append(path).Append("/form/").Append(E(record.ReceiptNo)).Append("\" id=\"gzForm\" autocomplete=\"off\" novalidate>");
        sb.Append(PageChrome.ErrorBox(false, errors));
        sb.Append("<input type=\"hidden\" name=\"childIdNumber\" value=\"").Append(E(record.Output("childIdNumber"))).Append("\">");
        sb.Append("<table class=\"gz-table\"><caption>更正项目（勾选后方可修改对应登记内容）</caption><tr><td class=\"gz-items\">");
        foreach (var (code, label, fields) in GonganItems)
        {
            sb.Append("<span class=\"check\"><input type=\"checkbox\" id=\"gzxm_").Append(code).Append("\" name=\"gzxm\" value=\"").Append(code).Append("\" data-enable=\"")
              .Append(string.Join(' ', fields)).Append('"').Append(ticked.Contains(code) ? " checked" : "").Append("><label for=\"gzxm_").Append(code).Append("\">").Append(E(label)).Append("</label></span>");
        }

        sb.Append("</td></tr></table>");
        sb.Append("<table class=\"gz-table\"><caption>更正后登记内容</caption>")
          .Append("<tr><th>").Append("公民身份号码").Append("</th><td class=\"gz-fixed\">").Append(E(record.Output("childIdNumber"))).Append("</td><th>记录版本</th><td class=\"gz-fixed\">").Append(Version(record.Revision)).Append("</td></tr>")
          .Append("<tr>").Append(Cell("childName")).Append(Cell("childSex")).Append("</tr>")
          .Append("<tr>").Append(Cell("birthDate")).Append(Cell("householdAddress")).Append("</tr>")
          .Append("<tr>").Append(Cell("motherIdNumber")).Append(Cell("fatherIdNumber")).Append("</tr>")
          .Append("</table>");
        var certificate = amend.Field("birthCertificateNo");
        sb.Append("<table class=\"gz-table\"><caption>更正依据</caption><tr><th><span class=\"req\">*</span><label for=\"birthCertificateNo\">").Append(E(certificate.Label))
          .Append("</label></th><td>").Append(pages.Input(certificate, certificate.Name, certificate.Name, Value(certificate.Name))).Append("</td>")
          .Append("<th><span class=\"req\">*</span><label for=\"sqyy\">更正原因</label></th><td>").Append(ReasonSelect("sqyy", amend, reason, "")).Append("</td></tr>")
          .Append("<tr><th><label for=\"gzsm\">更正说明</label></th><td colspan=\"3\"><textarea id=\"gzsm\" name=\"gzsm\" rows=\"2\">").Append(E(note)).Append("</textarea></td></tr></table>");
        sb.Append("<div class=\"gz-confirm\"><input type=\"checkbox\" id=\"chkHdqr\" name=\"hdqr\" value=\"1\" data-enable=\"btnGzTj\"><label for=\"chkHdqr\">本人已核对以上更正内容，确认无误</label></div>")
          .Append("<div class=\"gz-actions\"><input type=\"submit\" id=\"btnGzTj\" class=\"btn\" value=\"提交更正申请\" disabled></div></form></div>");
        return sb.ToString();
    }

    private static string GonganDone(ActionDefinition original, FieldDefinition identifier, BusinessRecord record, CorrectionEntry? correction)
    {
        var sb = new StringBuilder("<div class=\"gz-doc\">");
        sb.Append(GonganSteps(2));
        sb.Append("<div class=\"gz-result\" role=\"status\" id=\"gzResult\">").Append(correction is null ? "登记项目无变化，无需更正" : "更正申请已办结").Append("</div>");
        sb.Append("<table class=\"gz-table\" id=\"gzjgTable\"><caption>办结信息</caption>")
          .Append("<tr><th>受理编号</th><td id=\"gzjgSlbh\">").Append(E(record.ReceiptNo)).Append("</td><th>").Append(FormPages.ExternalNoLabel).Append("</th><td id=\"gzjgZcslbh\">").Append(E(record.ExternalNo)).Append("</td></tr>")
          .Append("<tr><th>").Append(E(identifier.Label)).Append("</th><td id=\"gzjgGmsfhm\">").Append(E(record.Output(identifier.Name))).Append("</td><th>记录版本</th><td id=\"gzjgBb\">").Append(Version(record.Revision)).Append("</td></tr>")
          .Append("<tr><th>办结时间</th><td>").Append(E(correction?.At ?? record.UpdatedAt ?? record.CreatedAt)).Append("</td><th>更正原因</th><td>").Append(E(correction?.Reason ?? "")).Append("</td></tr></table>");
        var reissued = correction?.Changes.FirstOrDefault(c => c.Field == identifier.Name);
        if (reissued is not null)
        {
            sb.Append("<div class=\"msg-info\">公民身份号码已由 ").Append(E(reissued.Old)).Append(" 变更为 ").Append(E(reissued.New)).Append("，请通知申请人换领居民户口簿。</div>");
        }

        if (correction is not null)
        {
            sb.Append("<table class=\"gz-table\"><caption>更正内容</caption><tr><td>").Append(ChangeTable(original, correction.Changes, "gzjgBgnr")).Append("</td></tr></table>");
        }

        return sb.Append("</div>").ToString();
    }

    // ----------------------------------------------------------------------------------------------------------

    /// <summary>The field that names the record: an output of the original action (the number it issued).</summary>
    private static FieldDefinition Identifier(ActionDefinition amend, ActionDefinition original) =>
        amend.Fields.First(f => original.Fields.All(o => o.Name != f.Name) && original.Outputs.Any(o => o.Name == f.Name));

    /// <summary>The record's values under the amend action's field names (identifiers come from its outputs).</summary>
    private static Dictionary<string, string> CurrentValues(ActionDefinition amend, ActionDefinition original, BusinessRecord record) =>
        amend.Fields.ToDictionary(f => f.Name, f => original.Fields.Any(o => o.Name == f.Name) ? record.Input(f.Name) : record.Output(f.Name));

    private static Task<BusinessRecord?> FindAsync(SandboxRuntime runtime, SystemDefinition system, ActionDefinition original, string receiptNo) =>
        runtime.Stores.ForSystem(system.Id).ReadAsync(db => db.Records.AsNoTracking().FirstOrDefaultAsync(r => r.ReceiptNo == receiptNo && r.ActionId == original.Id));

    private static IResult Work(SandboxRuntime runtime, SystemQuirks quirks, PageChrome chrome, WebSession session, string title, string html) =>
        SystemWebApp.Page(chrome.Work(session, title, html, SystemWebApp.Announce(runtime, quirks), runtime.NextRandom));

    /// <summary>The lost-reply quirk: the correction is saved, the answer is a 500.</summary>
    /// <summary>
    /// Saves a correction by the same rules as issuing; a refusal shows the form again with the messages, a success
    /// (or "no change") goes to the result page — unless the lost-reply quirk swallows the answer.
    /// </summary>
    private static async Task<IResult> SaveAsync(
        SandboxRuntime runtime, SystemQuirks quirks, SystemDefinition system, ActionDefinition amend, string receiptNo, Dictionary<string, string> values,
        string reason, string note, string username, string resultPath, Func<IEnumerable<string>, IResult> again, CancellationToken cancellationToken)
    {
        var result = await runtime.Processor.AmendAsync(system, amend, receiptNo, values, ReasonLabel(amend, reason), note, username, "web", cancellationToken);
        if (result.Status != SubmitStatus.Accepted)
        {
            return again(result.Status == SubmitStatus.Invalid ? result.Errors.Select(e => e.Message) : [result.Message!]);
        }

        return LostReply(runtime, quirks)
            ?? Results.Redirect(result.Correction is null ? $"{resultPath}/{receiptNo}?unchanged=1" : $"{resultPath}/{receiptNo}?rev={result.Correction.Revision}");
    }

    private static IResult? LostReply(SandboxRuntime runtime, SystemQuirks quirks) =>
        quirks.ErrorAfterCommitRate > 0 && runtime.NextDouble() < quirks.ErrorAfterCommitRate
            ? Results.Content(QuirkMiddleware.ServerErrorPage(), HtmlType, statusCode: StatusCodes.Status500InternalServerError)
            : null;

    private static string? ReasonProblem(ActionDefinition amend, string reason, string note)
    {
        if (amend.AmendmentReasons.All(o => o.Code != reason))
        {
            return "请选择更正原因";
        }

        return reason.StartsWith('9') && note.Length == 0 ? "更正原因为“其他”时须填写更正说明" : null;
    }

    private static string ReasonLabel(ActionDefinition amend, string code) => amend.AmendmentReasons.FirstOrDefault(o => o.Code == code)?.Label ?? code;

    private static string ReasonSelect(string id, ActionDefinition amend, string selected, string attributes)
    {
        var sb = new StringBuilder($"<select id=\"{id}\" name=\"{id}\"{attributes}><option value=\"\">--请选择--</option>");
        foreach (var o in amend.AmendmentReasons)
        {
            sb.Append("<option value=\"").Append(E(o.Code)).Append('"').Append(o.Code == selected ? " selected" : "").Append('>').Append(E(o.Label)).Append("</option>");
        }

        return sb.Append("</select>").ToString();
    }

    private static string Steps(int current, params string[] labels)
    {
        var sb = new StringBuilder("<div class=\"steps\">");
        for (var i = 0; i < labels.Length; i++)
        {
            sb.Append("<span class=\"step").Append(i == current ? " step-on" : "").Append("\">").Append(E(string.Create(CultureInfo.InvariantCulture, $"{i + 1}. {labels[i]}"))).Append("</span>");
        }

        return sb.Append("</div>").ToString();
    }

    private static string Version(int revision) => string.Create(CultureInfo.InvariantCulture, $"第{revision}版");

    /// <summary>A code shown as its label (性别 1 → 男); other values as they are.</summary>
    private static string Shown(ActionDefinition action, string field, string value) =>
        action.Fields.FirstOrDefault(f => f.Name == field)?.Options?.FirstOrDefault(o => o.Code == value)?.Label ?? value;

    private static string ChangeTable(ActionDefinition original, IReadOnlyList<FieldChange> changes, string id)
    {
        var sb = new StringBuilder($"<table class=\"grid\" id=\"{id}\"><thead><tr><th>更正项目</th><th>更正前</th><th>更正后</th></tr></thead><tbody>");
        foreach (var c in changes)
        {
            sb.Append("<tr><td>").Append(E(c.Label)).Append("</td><td>").Append(E(Shown(original, c.Field, c.Old))).Append("</td><td>").Append(E(Shown(original, c.Field, c.New))).Append("</td></tr>");
        }

        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>The record's 更正记录: every saved correction, newest first.</summary>
    private static string History(ActionDefinition original, BusinessRecord record)
    {
        var corrections = record.Corrections;
        if (corrections.Count == 0)
        {
            return "";
        }

        var sb = new StringBuilder("<fieldset class=\"history\"><legend>更正记录</legend><table class=\"grid\" id=\"historyGrid\"><thead><tr><th>版本</th><th>更正时间</th><th>经办人</th><th>更正原因</th><th>更正内容</th></tr></thead><tbody>");
        foreach (var c in corrections.Reverse())
        {
            var what = string.Join("；", c.Changes.Select(ch => $"{ch.Label}：{Shown(original, ch.Field, ch.Old)} → {Shown(original, ch.Field, ch.New)}"));
            sb.Append("<tr><td>").Append(Version(c.Revision)).Append("</td><td>").Append(E(c.At)).Append("</td><td>").Append(E(c.Operator)).Append("</td><td>").Append(E(c.Reason))
              .Append("</td><td>").Append(E(what)).Append("</td></tr>");
        }

        return sb.Append("</tbody></table></fieldset>").ToString();
    }
}
