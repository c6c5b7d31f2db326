using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Quirks;
using RpaRunner.Sandbox.Systems;

namespace RpaRunner.Sandbox.Desktop;

/// <summary>
/// What every back-end endpoint of the counter client shares: the system's quirks in front of it, HTTP Basic with
/// the counter's teller accounts, <c>GET /api/ping</c> (the client's login check at start), and the POST that enters
/// a matter (with the files the teller attached), with the lost reply of the errorAfterCommitRate quirk. Each endpoint (<see cref="CounterStoreApi"/>,
/// <see cref="ContactStoreApi"/>) maps its own matters and answers.
/// </summary>
internal static class CounterBackEnd
{
    public static void MapCommon(WebApplication app, SandboxRuntime runtime, SystemDefinition system)
    {
        app.UseMiddleware<QuirkMiddleware>(runtime, system.Id);
        app.MapGet("/api/ping", (HttpContext http) => Account(http, system) is null
            ? Unauthorized()
            : Results.Ok(new { system = system.Id, name = system.Title, action = system.Actions[0].Id }));
    }

    /// <summary>
    /// Maps a POST that enters <paramref name="action"/> from the client's JSON object: the teller's account, the
    /// action's fields, then the sandbox's form checks, business rules and store. <paramref name="answer"/> turns the
    /// result into the reply, except when the stored record loses its reply to the errorAfterCommitRate quirk.
    /// </summary>
    public static void MapSubmit(
        WebApplication app,
        string path,
        SandboxRuntime runtime,
        SystemDefinition system,
        ActionDefinition action,
        Func<JsonObject, string?> externalNo,
        Func<SubmitResult, IResult> answer) =>
        app.MapPost(path, async (HttpContext http) =>
        {
            var account = Account(http, system);
            if (account is null)
            {
                return Unauthorized();
            }

            if (await ReadObjectAsync(http) is not { } body)
            {
                return Results.BadRequest(new { error = "请求格式错误" });
            }

            if (ReadAttachments(action, body) is not { } attachments)
            {
                return Results.BadRequest(new { error = "附件格式错误" });
            }

            if (AttachmentRules.Check(action.Attachments, attachments) is { } refused)
            {
                return Results.UnprocessableEntity(new { error = refused, fields = Array.Empty<string>() });
            }

            var values = action.Fields.ToDictionary(f => f.Name, f => body[f.Name]?.ToString() ?? "");
            var result = await runtime.Processor.SubmitAsync(system, action, values, externalNo(body), account.Username, "desktop", http.RequestAborted, attachments);
            return result.Status == SubmitStatus.Accepted && LostReply(runtime, system) is { } lost ? lost : answer(result);
        });

    public static IResult Unauthorized() => Results.Json(new { error = "用户名或密码错误" }, statusCode: StatusCodes.Status401Unauthorized);

    /// <summary>The request's JSON object, or null when the body is not one (answered 400).</summary>
    private static async Task<JsonObject?> ReadObjectAsync(HttpContext http)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The files the client sends with the matter: <c>attachments</c>, a list of <c>{name, fileName, content}</c> with the
    /// content in base64, as the client reads the file the teller chose. Null (answered 400) when the list is malformed or
    /// names an attachment the matter does not take; the system's own checks (type, size) follow in <see cref="AttachmentRules"/>.
    /// </summary>
    private static List<PostedAttachment>? ReadAttachments(ActionDefinition action, JsonObject body)
    {
        var posted = new List<PostedAttachment>();
        if (body["attachments"] is null)
        {
            return posted;
        }

        if (body["attachments"] is not JsonArray items)
        {
            return null;
        }

        foreach (var item in items)
        {
            var definition = action.Attachments.FirstOrDefault(a => a.Name == item?["name"]?.ToString());
            if (definition is null || item?["content"]?.ToString() is not { } content)
            {
                return null;
            }

            try
            {
                posted.Add(new PostedAttachment(definition, Path.GetFileName(item["fileName"]?.ToString() ?? definition.Name), Convert.FromBase64String(content)));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        return posted;
    }

    /// <summary>
    /// The errorAfterCommitRate quirk, drawn once per stored record: null when the reply goes out, else the HTTP 500
    /// the client gets although the record is stored.
    /// </summary>
    private static IResult? LostReply(SandboxRuntime runtime, SystemDefinition system)
    {
        var quirks = runtime.Quirks.Get(system.Id);
        return quirks.ErrorAfterCommitRate > 0 && runtime.NextDouble() < quirks.ErrorAfterCommitRate
            ? Results.Json(new { error = "服务器内部错误" }, statusCode: StatusCodes.Status500InternalServerError)
            : null;
    }

    public static AccountDefinition? Account(HttpContext http, SystemDefinition system)
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
