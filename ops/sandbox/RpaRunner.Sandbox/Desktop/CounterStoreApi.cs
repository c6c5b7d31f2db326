using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Systems;

namespace RpaRunner.Sandbox.Desktop;

/// <summary>
/// The local endpoint the 公积金 counter client (a GTK window) talks to: the centre's back end, writing into
/// the same store as the 公积金 web platform. HTTP Basic with the counter's teller accounts.
/// </summary>
internal static class CounterStoreApi
{
    public static void Map(WebApplication app, SandboxRuntime runtime, SystemDefinition system)
    {
        app.UseMiddleware<QuirkMiddleware>(runtime, system.Id);
        var action = system.Actions[0];

        app.MapGet("/api/ping", (HttpContext http) => Account(http, system) is null
            ? Results.Json(new { error = "用户名或密码错误" }, statusCode: StatusCodes.Status401Unauthorized)
            : Results.Ok(new { system = system.Id, name = system.Title, action = action.Id }));

        app.MapGet("/api/withdrawals", async (HttpContext http, string? externalNo, string? idNumber) =>
        {
            if (Account(http, system) is null)
            {
                return Results.Json(new { error = "用户名或密码错误" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            if (string.IsNullOrWhiteSpace(externalNo) && string.IsNullOrWhiteSpace(idNumber))
            {
                return Results.BadRequest(new { error = "请至少输入一个查询条件" });
            }

            var records = await runtime.SearchAsync(system.Id, externalNo?.Trim(), idNumber?.Trim().ToUpperInvariant(), action.Id);
            return Results.Ok(records.Select(r => new
            {
                r.ReceiptNo, r.ExternalNo, idNumber = r.SubjectId, name = r.SubjectName,
                withdrawalNo = r.Output("withdrawalNo"), amount = r.Output("amount"), r.CreatedAt,
            }));
        });

        app.MapPost("/api/withdrawals", async (HttpContext http) =>
        {
            var account = Account(http, system);
            if (account is null)
            {
                return Results.Json(new { error = "用户名或密码错误" }, statusCode: StatusCodes.Status401Unauthorized);
            }

            if (await JsonNode.ParseAsync(http.Request.Body) is not JsonObject body)
            {
                return Results.BadRequest(new { error = "请求格式错误" });
            }

            var values = action.Fields.ToDictionary(f => f.Name, f => body[f.Name]?.ToString() ?? "");
            var result = await runtime.Processor.SubmitAsync(system, action, values, body["externalNo"]?.ToString(), account.Username, "desktop", http.RequestAborted);
            if (result.Status != SubmitStatus.Accepted)
            {
                return Results.UnprocessableEntity(new { error = result.ErrorText, fields = result.Errors.Select(e => e.Field) });
            }

            var quirks = runtime.Quirks.Get(system.Id);
            if (quirks.ErrorAfterCommitRate > 0 && runtime.NextDouble() < quirks.ErrorAfterCommitRate)
            {
                return Results.Json(new { error = "服务器内部错误" }, statusCode: StatusCodes.Status500InternalServerError);
            }

            var r = result.Record!;
            return Results.Ok(new { r.ReceiptNo, r.ExternalNo, withdrawalNo = r.Output("withdrawalNo"), amount = r.Output("amount") });
        });
    }

    private static AccountDefinition? Account(HttpContext http, SystemDefinition system)
    {
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header) || header.Scheme != "Basic" || header.Parameter is null)
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : system.Accounts.FirstOrDefault(a => a.Username == decoded[..colon] && a.Password == decoded[(colon + 1)..]);
    }
}
