using System.Globalization;
using System.Text;
using RpaRunner.Sandbox.Store;
using RpaRunner.Sandbox.Systems;
using static RpaRunner.Sandbox.Web.Html;

namespace RpaRunner.Sandbox.Web;

/// <summary>The business pages of a system: multi-page forms, result (receipt) page, search page, home.</summary>
internal sealed class FormPages(SystemDefinition system, PageChrome chrome)
{
    public const string ExternalNoLabel = "综窗受理编号";
    private const string ExternalNoName = "externalNo";

    private bool V2 => chrome.V2;

    /// <summary>Element id of a field: its contract name in layout 1, a generated control id in layout 2.</summary>
    public static string FieldId(ActionDefinition action, string field, int layout) =>
        layout == 2 ? "ctl00_cph_txt" + Index(action, field) : field;

    /// <summary>Posted name of a field in a layout.</summary>
    public static string FieldName(ActionDefinition action, string field, int layout) =>
        layout == 2 ? "ctl00$cph$txt" + Index(action, field) : field;

    private static string Index(ActionDefinition action, string field) =>
        field == ExternalNoName ? "Zcslbh" : (action.Fields.Select(f => f.Name).ToList().IndexOf(field) + 1).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>Reads the posted values back to contract names, whatever layout rendered the form.</summary>
    public static (Dictionary<string, string> Values, string ExternalNo) ReadPosted(ActionDefinition action, IFormCollection form)
    {
        var layout = form["__layout"] == "2" ? 2 : 1;
        var values = new Dictionary<string, string>();
        foreach (var field in action.Fields)
        {
            var posted = form[FieldName(action, field.Name, layout)];
            values[field.Name] = string.Join(",", posted.Where(v => !string.IsNullOrEmpty(v)));
        }

        return (values, form[FieldName(action, ExternalNoName, layout)].ToString().Trim());
    }

    public IReadOnlyList<FormPage> PagesOf(ActionDefinition action) =>
        chrome.Quirks.MultiPageForms ? action.Pages : [new FormPage("业务信息", action.Fields.Select(f => f.Name).ToList())];

    public string Form(ActionDefinition action, int page, IReadOnlyDictionary<string, string> values, string externalNo, IEnumerable<string> errors)
    {
        var layout = V2 ? 2 : 1;
        var pages = PagesOf(action);
        page = Math.Clamp(page, 0, pages.Count - 1);
        var current = pages[page];
        var sb = new StringBuilder();
        sb.Append(V2 ? "<ol class=\"breadcrumb\"><li>首页</li><li>" : "<div class=\"crumb\">当前位置：首页 &gt; ")
          .Append(E(action.MenuGroup)).Append(V2 ? "</li><li class=\"active\">" : " &gt; ").Append(E(action.Title)).Append(V2 ? "</li></ol>" : "</div>");
        sb.Append("<form method=\"post\" action=\"/biz/").Append(action.Key).Append("\" id=\"").Append(V2 ? "aspnetForm" : "bizForm")
          .Append(action.Attachments.Count > 0 ? "\" enctype=\"multipart/form-data" : "")
          .Append("\" autocomplete=\"off\" novalidate><input type=\"hidden\" name=\"__layout\" value=\"").Append(layout)
          .Append("\"><input type=\"hidden\" name=\"__page\" value=\"").Append(page).Append("\">");
        sb.Append(PageChrome.ErrorBox(V2, errors));
        if (pages.Count > 1)
        {
            sb.Append(V2 ? "<ul class=\"wizard\">" : "<div class=\"steps\">");
            for (var i = 0; i < pages.Count; i++)
            {
                var label = string.Create(CultureInfo.InvariantCulture, $"第{i + 1}步 {pages[i].Title}");
                sb.Append(V2 ? $"<li class=\"{(i == page ? "active" : "")}\">{E(label)}</li>" : $"<span class=\"step{(i == page ? " step-on" : "")}\">{E(label)}</span>");
            }

            sb.Append(V2 ? "</ul>" : "</div>");
        }

        // Values of the other pages travel as hidden fields, as in the legacy systems' wizards.
        foreach (var field in action.Fields.Where(f => !current.Fields.Contains(f.Name)))
        {
            foreach (var v in SplitMulti(field, values.TryGetValue(field.Name, out var hv) ? hv : ""))
            {
                sb.Append("<input type=\"hidden\" name=\"").Append(FieldName(action, field.Name, layout)).Append("\" value=\"").Append(E(v)).Append("\">");
            }
        }

        if (page != 0)
        {
            sb.Append("<input type=\"hidden\" name=\"").Append(FieldName(action, ExternalNoName, layout)).Append("\" value=\"").Append(E(externalNo)).Append("\">");
        }

        sb.Append(V2 ? $"<div class=\"panel\"><div class=\"panel-heading\">{E(current.Title)}</div><div class=\"panel-body\">" : $"<fieldset><legend>{E(current.Title)}</legend><table class=\"form-table\">");
        if (page == 0)
        {
            var externalField = new FieldDefinition(ExternalNoName, ExternalNoLabel, FieldKind.Text, Required: false, Hint: "综合窗口受理编号（选填）");
            sb.Append(Row(action, externalField, externalNo));
        }

        foreach (var name in current.Fields)
        {
            var field = action.Field(name);
            sb.Append(Row(action, field, values.TryGetValue(name, out var v) ? v : ""));
        }

        if (page == pages.Count - 1)
        {
            foreach (var attachment in action.Attachments)
            {
                sb.Append(AttachmentRow(attachment));
            }
        }

        sb.Append(V2 ? "</div></div>" : "</table></fieldset>");
        sb.Append(V2 ? "<div class=\"form-actions\">" : "<div class=\"buttons\">");
        if (page > 0)
        {
            sb.Append(V2 ? "<input type=\"submit\" name=\"__nav\" value=\"上一步\" id=\"ctl00_btnPrev\" class=\"btn btn-default\">" : "<button type=\"submit\" name=\"__nav\" value=\"prev\" id=\"btnPrev\" class=\"btn\">上一步</button>");
        }

        if (page < pages.Count - 1)
        {
            sb.Append(V2 ? "<input type=\"submit\" name=\"__nav\" value=\"下一步\" id=\"ctl00_btnNext\" class=\"btn btn-primary\">" : "<button type=\"submit\" name=\"__nav\" value=\"next\" id=\"btnNext\" class=\"btn\">下一步</button>");
        }
        else if (chrome.Quirks.ConfirmModal)
        {
            sb.Append(V2 ? "<input type=\"button\" value=\"提交\" id=\"ctl00_btnSave\" class=\"btn btn-primary\" data-confirm>" : "<button type=\"button\" id=\"btnSubmit\" class=\"btn\" data-confirm>提交</button>");
        }
        else
        {
            sb.Append(V2 ? "<input type=\"submit\" name=\"__nav\" value=\"提交\" id=\"ctl00_btnSave\" class=\"btn btn-primary\">" : "<button type=\"submit\" name=\"__nav\" value=\"submit\" id=\"btnSubmit\" class=\"btn\">提交</button>");
        }

        sb.Append("</div></form>");
        if (chrome.Quirks.ConfirmModal)
        {
            sb.Append(V2
                ? "<div class=\"layui-layer-shade\" data-modal style=\"display:none\"><div class=\"layui-layer\" role=\"dialog\" aria-modal=\"true\" aria-label=\"信息确认\"><div class=\"layui-layer-title\">信息确认</div><div class=\"layui-layer-content\">请核对填写的信息，确认提交吗？提交后不可修改。</div><div class=\"layui-layer-btn\"><a class=\"layui-layer-btn0\" href=\"javascript:void(0)\" role=\"button\" data-modal-ok>确定</a><a class=\"layui-layer-btn1\" href=\"javascript:void(0)\" role=\"button\" data-modal-cancel>取消</a></div></div></div>"
                : "<div class=\"modal-mask\" id=\"confirmMask\" data-modal style=\"display:none\"><div class=\"modal\" role=\"dialog\" aria-modal=\"true\" aria-label=\"信息确认\"><div class=\"modal-title\">信息确认</div><div class=\"modal-body\">请核对填写的信息，确认提交吗？提交后不可修改。</div><div class=\"modal-buttons\"><button type=\"button\" id=\"btnOk\" data-modal-ok>确定</button><button type=\"button\" id=\"btnCancel\" data-modal-cancel>取消</button></div></div></div>");
        }

        return sb.ToString();
    }

    /// <summary>An attachment's file input (附件), named by the attachment, with the types and size the system takes.</summary>
    private string AttachmentRow(AttachmentDefinition attachment)
    {
        var id = "att_" + attachment.Name;
        var required = attachment.Required ? "<span class=\"req\">*</span>" : "";
        var hint = string.Create(CultureInfo.InvariantCulture, $"<span class=\"hint\">支持 {string.Join("、", attachment.Types.Select(t => t.ToUpperInvariant()))}，不超过 {attachment.MaxBytes / (1024 * 1024)}MB</span>");
        var input = $"<input type=\"file\" id=\"{id}\" name=\"{id}\" accept=\"{AttachmentRules.Accept(attachment)}\"{(V2 ? " class=\"form-control\"" : "")}>";
        var label = $"<label for=\"{id}\">{E(attachment.Label)}</label>";
        return V2
            ? $"<div class=\"form-group\">{label}{required}<div class=\"control\">{input}{hint}</div></div>"
            : $"<tr><th>{required}{label}</th><td>{input}{hint}</td></tr>";
    }

    /// <summary>The files posted for the action's attachments (an empty file input posts nothing).</summary>
    public static IReadOnlyList<PostedAttachment> ReadAttachments(ActionDefinition action, IFormCollection form)
    {
        var posted = new List<PostedAttachment>();
        foreach (var attachment in action.Attachments)
        {
            if (form.Files.GetFile("att_" + attachment.Name) is { } file && (file.Length > 0 || file.FileName.Length > 0))
            {
                using var buffer = new MemoryStream();
                using (var stream = file.OpenReadStream())
                {
                    stream.CopyTo(buffer);
                }

                posted.Add(new PostedAttachment(attachment, Path.GetFileName(file.FileName), buffer.ToArray()));
            }
        }

        return posted;
    }

    private static string[] SplitMulti(FieldDefinition field, string value) =>
        field.Kind == FieldKind.MultiCode ? value.Split(',', StringSplitOptions.RemoveEmptyEntries) : [value];

    private string Row(ActionDefinition action, FieldDefinition field, string value)
    {
        var layout = V2 ? 2 : 1;
        var id = FieldId(action, field.Name, layout);
        var name = FieldName(action, field.Name, layout);
        var required = field.Required ? "<span class=\"req\">*</span>" : "";
        var input = Input(field, id, name, value);
        var hint = field.Hint is null ? "" : $"<span class=\"hint\">{E(field.Hint)}</span>";
        var label = field.Kind == FieldKind.MultiCode && chrome.Quirks.CodeDropdowns
            ? $"<span class=\"group-label\" id=\"{id}_label\">{E(field.Label)}</span>"
            : $"<label for=\"{id}\">{E(field.Label)}</label>";
        return V2
            ? $"<div class=\"form-group\">{label}{required}<div class=\"control\">{input}{hint}</div></div>"
            : $"<tr><th>{required}{label}</th><td>{input}{hint}</td></tr>";
    }

    /// <summary>The control of a field as the quirks shape it; <paramref name="attributes"/> (e.g. " disabled") go into its tag.</summary>
    public string Input(FieldDefinition field, string id, string name, string value, string attributes = "")
    {
        var css = V2 ? " class=\"form-control\"" : "";
        var q = chrome.Quirks;
        switch (field.Kind)
        {
            case FieldKind.Date when q.DatePickers:
                return $"<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{E(value)}\" readonly class=\"Wdate{(V2 ? " form-control" : "")}\" data-dp placeholder=\"点击选择日期\"{attributes}>";
            case FieldKind.Date:
                return $"<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{E(value)}\"{css} placeholder=\"yyyy-MM-dd\"{attributes}>";
            case FieldKind.Code when q.CodeDropdowns:
                var options = new StringBuilder("<option value=\"\">--请选择--</option>");
                foreach (var o in field.Options!)
                {
                    options.Append("<option value=\"").Append(E(o.Code)).Append('"').Append(o.Code == value ? " selected" : "").Append('>').Append(E(o.Label)).Append("</option>");
                }

                return $"<select id=\"{id}\" name=\"{name}\"{css}{attributes}>{options}</select>";
            case FieldKind.Code:
            case FieldKind.MultiCode when !q.CodeDropdowns:
                var labels = string.Join("、", field.Options!.Select(o => o.Label));
                var shown = string.Join("、", value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => field.Options!.FirstOrDefault(o => o.Code == v)?.Label ?? v));
                return $"<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{E(shown)}\"{css} placeholder=\"{E(labels)}\"{attributes}>";
            case FieldKind.MultiCode:
                var boxes = new StringBuilder($"<span class=\"checks\" role=\"group\" aria-labelledby=\"{id}_label\">");
                var chosen = value.Split(',');
                foreach (var o in field.Options!)
                {
                    boxes.Append("<span class=\"check\"><input type=\"checkbox\" id=\"").Append(id).Append('_').Append(o.Code).Append("\" name=\"").Append(name)
                         .Append("\" value=\"").Append(o.Code).Append('"').Append(chosen.Contains(o.Code) ? " checked" : "").Append("><label for=\"").Append(id).Append('_')
                         .Append(o.Code).Append("\">").Append(E(o.Label)).Append("</label></span>");
                }

                return boxes.Append("</span>").ToString();
            case FieldKind.TextArea:
                return $"<textarea id=\"{id}\" name=\"{name}\" rows=\"4\"{css}{attributes}>{E(value)}</textarea>";
            default:
                var placeholder = field.Kind switch
                {
                    FieldKind.IdNumber => "18位公民身份号码",
                    FieldKind.CreditCode => "18位统一社会信用代码",
                    FieldKind.Mobile => "11位手机号码",
                    _ => "",
                };
                return $"<input type=\"text\" id=\"{id}\" name=\"{name}\" value=\"{E(value)}\"{css}{(placeholder.Length > 0 ? $" placeholder=\"{placeholder}\"" : "")}{attributes}>";
        }
    }

    /// <summary>The receipt page: the department's numbers for the matter just handled or found.</summary>
    public string Result(ActionDefinition action, BusinessRecord record, bool justCreated)
    {
        var rows = new List<(string Label, string Value, string Field)>
        {
            ("受理编号", record.ReceiptNo, "receiptNo"),
            ("业务类型", action.Title, "actionTitle"),
            (ExternalNoLabel, record.ExternalNo ?? "", "externalNo"),
        };
        rows.AddRange(action.Outputs.Select(o => (o.Label, record.Output(o.Name), o.Name)));
        rows.Add(("办理时间", record.CreatedAt, "createdAt"));
        if (record.Revision > 1)
        {
            rows.Add(("记录版本", string.Create(CultureInfo.InvariantCulture, $"第{record.Revision}版（{record.UpdatedAt} 更正）"), "revision"));
        }
        var sb = new StringBuilder();
        var heading = justCreated ? "办理成功" : "办理结果";
        if (V2)
        {
            sb.Append("<div class=\"panel panel-success\"><div class=\"panel-heading\" role=\"status\">").Append(heading).Append("</div><div class=\"panel-body\"><dl class=\"dl-horizontal\">");
            var i = 0;
            foreach (var (label, value, _) in rows)
            {
                sb.Append("<dt>").Append(E(label)).Append("</dt><dd id=\"ctl00_cph_lbl").Append(i++.ToString("00", CultureInfo.InvariantCulture)).Append("\">").Append(E(value)).Append("</dd>");
            }

            sb.Append("</dl></div></div>");
        }
        else
        {
            sb.Append("<div class=\"result-ok\" role=\"status\">").Append(heading).Append("</div><table class=\"result-table\" id=\"resultTable\">");
            foreach (var (label, value, field) in rows)
            {
                sb.Append("<tr><th>").Append(E(label)).Append("</th><td id=\"out_").Append(field).Append("\">").Append(E(value)).Append("</td></tr>");
            }

            sb.Append("</table>");
        }

        sb.Append(V2 ? "<div class=\"form-actions\">" : "<div class=\"buttons\">")
          .Append("<button type=\"button\" class=\"btn\" onclick=\"window.print()\">打印回执</button> ")
          .Append("<a class=\"btn\" href=\"/biz/").Append(action.Key).Append("\">继续办理</a></div>");
        return sb.ToString();
    }

    public string Search(string externalNo, string subjectId, string actionId, IReadOnlyList<BusinessRecord>? records, string? error)
    {
        var sb = new StringBuilder();
        var ids = V2 ? ("ctl00_cph_txtQZcslbh", "ctl00_cph_txtQZjhm", "ctl00_cph_ddlQYwlx", "ctl00_cph_btnQuery") : ("qExternalNo", "qSubjectId", "qAction", "btnQuery");
        sb.Append("<form method=\"get\" action=\"/search\" id=\"").Append(V2 ? "searchForm2" : "searchForm").Append("\">");
        sb.Append(PageChrome.ErrorBox(V2, error is null ? [] : [error]));
        var options = new StringBuilder("<option value=\"\">全部</option>");
        foreach (var a in system.Actions.Where(a => a.Amends is null))
        {
            options.Append("<option value=\"").Append(a.Id).Append('"').Append(a.Id == actionId ? " selected" : "").Append('>').Append(E(a.Title)).Append("</option>");
        }

        if (V2)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<div class=\"search-bar\"><div class=\"form-group\"><label for=\"{ids.Item1}\">{ExternalNoLabel}</label><input id=\"{ids.Item1}\" name=\"externalNo\" class=\"form-control\" value=\"{E(externalNo)}\"></div>")
              .Append(CultureInfo.InvariantCulture, $"<div class=\"form-group\"><label for=\"{ids.Item2}\">证件号码</label><input id=\"{ids.Item2}\" name=\"subjectId\" class=\"form-control\" value=\"{E(subjectId)}\" placeholder=\"身份证号/统一社会信用代码/证照编号\"></div>")
              .Append(CultureInfo.InvariantCulture, $"<div class=\"form-group\"><label for=\"{ids.Item3}\">业务类型</label><select id=\"{ids.Item3}\" name=\"actionId\" class=\"form-control\">{options}</select></div>")
              .Append(CultureInfo.InvariantCulture, $"<input type=\"submit\" id=\"{ids.Item4}\" class=\"btn btn-primary\" value=\"查询\"></div></form>");
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture, $"<table class=\"form-table search\"><tr><th><label for=\"{ids.Item1}\">{ExternalNoLabel}</label></th><td><input id=\"{ids.Item1}\" name=\"externalNo\" value=\"{E(externalNo)}\"></td>")
              .Append(CultureInfo.InvariantCulture, $"<th><label for=\"{ids.Item2}\">证件号码</label></th><td><input id=\"{ids.Item2}\" name=\"subjectId\" value=\"{E(subjectId)}\" placeholder=\"身份证号/统一社会信用代码/证照编号\"></td></tr>")
              .Append(CultureInfo.InvariantCulture, $"<tr><th><label for=\"{ids.Item3}\">业务类型</label></th><td><select id=\"{ids.Item3}\" name=\"actionId\">{options}</select></td><td colspan=\"2\"><button type=\"submit\" id=\"{ids.Item4}\" class=\"btn\">查询</button></td></tr></table></form>");
        }

        if (records is null)
        {
            return sb.ToString();
        }

        if (records.Count == 0)
        {
            sb.Append("<div class=\"empty\" role=\"status\">未查询到相关记录</div>");
            return sb.ToString();
        }

        sb.Append("<div class=\"total\" role=\"status\">共查询到 ").Append(records.Count).Append(" 条记录</div>");
        sb.Append(V2 ? "<table class=\"table table-striped\" id=\"ctl00_cph_gvList\">" : "<table class=\"grid\" id=\"resultGrid\">");
        sb.Append("<thead><tr><th>受理编号</th><th>业务类型</th><th>").Append(ExternalNoLabel).Append("</th><th>证件号码</th><th>姓名/名称</th><th>办理结果</th><th>办理时间</th><th>操作</th></tr></thead><tbody>");
        foreach (var r in records)
        {
            var action = system.Actions.FirstOrDefault(a => a.Id == r.ActionId);
            var outputs = string.Join("", (action?.Outputs ?? []).Select(o => $"<div class=\"out\"><span class=\"out-label\">{E(o.Label)}</span>：<span class=\"out-value\">{E(r.Output(o.Name))}</span></div>"));
            sb.Append("<tr><td>").Append(E(r.ReceiptNo)).Append("</td><td>").Append(E(action?.Title ?? r.ActionId)).Append("</td><td>").Append(E(r.ExternalNo))
              .Append("</td><td>").Append(E(r.SubjectId)).Append("</td><td>").Append(E(r.SubjectName)).Append("</td><td>").Append(outputs).Append("</td><td>")
              .Append(E(r.CreatedAt)).Append("</td><td><a href=\"/biz/").Append(action?.Key ?? "").Append("/result/").Append(E(r.ReceiptNo)).Append("\">查看</a></td></tr>");
        }

        sb.Append("</tbody></table>");
        return sb.ToString();
    }

    public string Home(WebSession session, string today)
    {
        var links = string.Join("", system.Actions.Select(a => $"<li>{E(a.MenuGroup)} - {E(a.Title)}</li>"));
        return V2
            ? $"<div class=\"jumbotron\"><p>欢迎您，{E(session.DisplayName)}！今天是 {E(today)}。</p><p>请通过上方菜单选择要办理的业务。</p></div><div class=\"panel\"><div class=\"panel-heading\">本系统业务</div><ul class=\"list\">{links}</ul></div>"
            : $"<div class=\"welcome\">欢迎您，<b>{E(session.DisplayName)}</b>！今天是 {E(today)}。请从左侧菜单选择要办理的业务。</div><div class=\"notice\"><div class=\"notice-title\">本系统业务</div><ul>{links}</ul></div>";
    }
}
