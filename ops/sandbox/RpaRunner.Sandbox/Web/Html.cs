using System.Net;

namespace RpaRunner.Sandbox.Web;

internal static class Html
{
    public static string E(string? value) => WebUtility.HtmlEncode(value ?? "");
}
