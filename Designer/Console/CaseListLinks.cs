using Microsoft.AspNetCore.WebUtilities;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Designer.Console;

/// <summary>
/// The addresses of the console's case list and its downloads, built from a search (<see cref="CaseSearchQuery"/>):
/// a full ID number or mobile number is never put into one.
/// </summary>
public static class CaseListLinks
{
    public const string ListPath = "/console/cases";

    /// <summary>Where the console's downloads are served: the UI's sign-in cookie opens them (the API's paths take keys only).</summary>
    public const string ExportPath = "/console/export/cases";

    public static string List(CaseSearch search) => QueryHelpers.AddQueryString(ListPath, CaseSearchQuery.ToParameters(search)!);

    public static string Export(CaseSearch search, string format) =>
        QueryHelpers.AddQueryString(ExportPath, CaseSearchQuery.ToParameters(search, withPaging: false).Append(new("format", format))!);

    public static string AuditExport(string caseCode, string format) => $"{ExportPath}/{Uri.EscapeDataString(caseCode)}/audit?format={format}";
}
