using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using MiniExcelLibs;
using RpaRunner.Designer.Access;
using RpaRunner.Designer.Components;
using RpaRunner.Designer.Console;
using RpaRunner.Runner.Security;
using RpaRunner.Workflows.Calendar;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Api;

/// <summary>
/// Downloads for operators: the filtered case list and one case's audit trail, as CSV (UTF-8 with a byte order mark,
/// so Excel reads the Chinese) or Excel (.xlsx), with Chinese column headers and labels. Nothing personal is in clear:
/// the list carries no form data at all, and audit details are stored masked (<c>AuditDetailMasking</c>). Both keep to
/// the caller's units, and exporting a case's trail is itself recorded in it.
/// </summary>
public static class CaseExports
{
    /// <summary>The most cases one list export holds; narrow the filters for more.</summary>
    public const int MaxListRows = 10_000;

    private static readonly string[] Formats = ["csv", "xlsx"];

    /// <summary>The console's download links: the same exports under a path the UI's sign-in cookie opens (the API's paths take keys only).</summary>
    public const string ConsolePath = Designer.Console.CaseListLinks.ExportPath;

    public static void MapCaseExports(this RouteGroupBuilder cases, IEndpointRouteBuilder app)
    {
        var console = app.MapGroup(ConsolePath).ExcludeFromDescription();
        console.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadAudit);
        console.MapGet("/{code}/audit", AuditAsync).RequireAuthorization(Policies.ReadAudit);
        cases.MapGet("/export", ListAsync).RequireAuthorization(Policies.ReadAudit)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary($"The case list filtered as by GET /api/cases (same parameters, without paging) as `format=csv` or `format=xlsx`, Chinese headers, at most {MaxListRows} cases; no personal data.");
        cases.MapGet("/{code}/audit/export", AuditAsync).RequireAuthorization(Policies.ReadAudit)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The case's audit trail as `format=csv` or `format=xlsx`, Chinese headers, personal data masked; the export is recorded in the trail.");
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem>> ListAsync(
        HttpRequest request, ClaimsPrincipal user, CaseQueries queries, BundleCatalog bundles, BureauClock clock, CancellationToken cancellationToken)
    {
        var search = CaseSearchQuery.Parse(name => request.Query[name].ToString(), out var errors);
        if (FormatOf(request, errors) is not { } format)
        {
            return TypedResults.ValidationProblem(errors, title: "The export's query is not valid. / 导出条件有误。");
        }

        var ui = UiText.Chinese;
        var rows = new List<IReadOnlyList<string>>();
        var scope = user.Scope();
        for (var page = 1; rows.Count < MaxListRows; page++)
        {
            var found = await queries.SearchAsync(search with { Page = page, PageSize = CaseSearch.MaxPageSize }, scope, cancellationToken);
            rows.AddRange(found.Items.Select(c => (IReadOnlyList<string>)[
                c.Code,
                bundles.Find(c.BundleId, c.BundleVersion) is { } bundle ? ui.T(bundle.Name) : c.BundleId,
                ConsoleLabels.StatusOf(ui, c.Status),
                clock.Format(c.SubmittedAt),
                c.DeadlineAt is null ? string.Empty : clock.Format(c.DeadlineAt),
                ConsoleLabels.FlagOf(ui, c.Flag),
                $"{c.Progress.Done}/{c.Progress.Total}",
                c.Unit,
                c.SubmittedBy,
            ]));
            if (page * CaseSearch.MaxPageSize >= found.Total)
            {
                break;
            }
        }

        string[] headers = ["办件编码", "一件事", "状态", "受理时间", "承诺办结时限", "红黄牌", "进度（已办/事项）", "受理单位", "受理人"];
        return File(format, $"cases-{clock.Today:yyyyMMdd}", "办件列表", headers, rows.Take(MaxListRows));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> AuditAsync(
        string code, HttpRequest request, ClaimsPrincipal user, CaseQueries queries, CaseEngine engine, BundleCatalog bundles, BureauClock clock, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (FormatOf(request, errors) is not { } format)
        {
            return TypedResults.ValidationProblem(errors, title: "The export's query is not valid. / 导出条件有误。");
        }

        var scope = user.Scope();
        if (await queries.GetAsync(code, scope, cancellationToken) is not { } view)
        {
            return TypedResults.Problem(title: $"No case {code}.", statusCode: StatusCodes.Status404NotFound, extensions: new Dictionary<string, object?> { ["code"] = "case.unknown" });
        }

        await engine.RecordAuditExportAsync(code, user.Identity!.Name!, format, scope, cancellationToken);
        var trail = await queries.AuditOfAsync(code, scope, cancellationToken) ?? [];
        var ui = UiText.Chinese;
        var bundle = bundles.Find(view.BundleId, view.BundleVersion);
        var rows = trail.Select(e => (IReadOnlyList<string>)[
            e.Id.ToString(CultureInfo.InvariantCulture),
            e.Seq?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            clock.Format(e.At),
            ConsoleLabels.AuditKind(ui, e.Kind),
            e.Actor,
            e.StepId is null ? string.Empty : bundle?.FindStep(e.StepId) is { } step ? ui.T(step.Matter) : e.StepId,
            e.Detail is { } detail ? JsonSerializer.Serialize(detail, s_readable) : string.Empty,
            e.Hash ?? string.Empty,
        ]);
        string[] headers = ["编号", "封存序号", "时间", "事件", "操作人", "事项", "详情（已脱敏）", "封存哈希"];
        return File(format, $"audit-{code}", "留痕", headers, rows);
    }

    private static readonly JsonSerializerOptions s_readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string? FormatOf(HttpRequest request, Dictionary<string, string[]> errors)
    {
        var format = request.Query["format"].ToString().Trim().ToLowerInvariant();
        if (!Formats.Contains(format))
        {
            errors["format"] = ["format must be csv or xlsx / 格式须为 csv 或 xlsx"];
        }

        return errors.Count == 0 ? format : null;
    }

    private static FileContentHttpResult File(string format, string stem, string sheet, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows) => format == "xlsx"
        ? TypedResults.File(Xlsx(sheet, headers, rows), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", stem + ".xlsx")
        : TypedResults.File(Csv(headers, rows), "text/csv; charset=utf-8", stem + ".csv");

    /// <summary>CSV for Excel and scripts alike: a byte order mark, every cell quoted as needed, and a cell that would start a formula escaped.</summary>
    internal static byte[] Csv(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true)))
        using (var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }))
        {
            foreach (var row in rows.Prepend(headers))
            {
                foreach (var cell in row)
                {
                    csv.WriteField(cell);
                }

                csv.NextRecord();
            }
        }

        return buffer.ToArray();
    }

    internal static byte[] Xlsx(string sheet, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        using var buffer = new MemoryStream();
        var table = rows.Select(row => (IDictionary<string, object>)headers.Select((h, i) => (h, Value: (object)(i < row.Count ? row[i] : string.Empty)))
            .ToDictionary(c => c.h, c => c.Value));
        buffer.SaveAs(table, sheetName: sheet, excelType: ExcelType.XLSX);
        return buffer.ToArray();
    }
}
