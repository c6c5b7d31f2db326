using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Store;
using RpaRunner.Sandbox.Systems;

namespace RpaRunner.Sandbox.Inspection;

/// <summary>
/// The key-protected inspection API of the sandbox (header X-Inspection-Key): what landed in each system and
/// how often, reset, and the quirks of each system. Its own port, so no department page can reach it.
/// </summary>
internal static class InspectionApi
{
    public const string KeyHeader = "X-Inspection-Key";

    public static void Map(WebApplication app, SandboxRuntime runtime, string key, Func<IReadOnlyList<SandboxSystemEndpoint>> endpoints)
    {
        var expected = Encoding.UTF8.GetBytes(key);
        app.Use(async (context, next) =>
        {
            var given = Encoding.UTF8.GetBytes(context.Request.Headers[KeyHeader].ToString());
            if (!CryptographicOperations.FixedTimeEquals(given, expected))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                await context.Response.WriteAsJsonAsync(new { error = $"Missing or wrong {KeyHeader} header." });
                return;
            }

            await next(context);
        });

        app.MapGet("/systems", () => endpoints().Select(e => Describe(e, runtime.System(e.Id))));
        app.MapGet("/systems/{id}", (string id) => Known(runtime, id) ? Results.Ok(Describe(endpoints().First(e => e.Id == id), runtime.System(id))) : UnknownSystem(id));

        app.MapGet("/systems/{id}/records", async (string id, string? externalNo, string? subjectId, string? actionId) =>
        {
            if (!Known(runtime, id))
            {
                return UnknownSystem(id);
            }

            var records = await runtime.SearchAsync(id, externalNo, subjectId, actionId);
            var ids = records.Select(r => r.Id).ToList();
            var attachments = (await runtime.Stores.ForSystem(id).ReadAsync(db => db.Attachments.AsNoTracking().Where(a => ids.Contains(a.RecordId))
                    .OrderBy(a => a.Id).Select(a => new { a.RecordId, a.Name, a.FileName, a.ContentType, a.Size, a.Sha256 }).ToListAsync()))
                .ToLookup(a => a.RecordId);
            return Results.Ok(records.Select(r => ToJson(r, attachments[r.Id].Select(a => new { a.Name, a.FileName, a.ContentType, a.Size, a.Sha256 }))));
        });

        app.MapGet("/systems/{id}/records/count", async (string id, string? externalNo, string? subjectId, string? actionId) =>
            Known(runtime, id) ? Results.Ok(new { count = (await runtime.SearchAsync(id, externalNo, subjectId, actionId)).Count }) : UnknownSystem(id));

        app.MapGet("/systems/{id}/counts", async (string id, string? by) =>
        {
            if (!Known(runtime, id))
            {
                return UnknownSystem(id);
            }

            var records = await runtime.SearchAsync(id, null, null, null);
            Func<BusinessRecord, string?> keyOf = by switch
            {
                null or "externalNo" => r => r.ExternalNo,
                "subjectId" => r => r.SubjectId,
                "documentNo" => r => r.DocumentNo,
                _ => _ => null,
            };
            if (by is not (null or "externalNo" or "subjectId" or "documentNo"))
            {
                return Results.BadRequest(new { error = "by must be externalNo, subjectId or documentNo." });
            }

            return Results.Ok(records.Select(keyOf).Where(k => !string.IsNullOrEmpty(k)).GroupBy(k => k!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
        });

        app.MapPost("/reset", async () =>
        {
            await runtime.ClearRecordsAsync(null);
            runtime.Quirks.ResetAll();
            foreach (var s in runtime.Systems)
            {
                runtime.Sessions(s.Id).ExpireAll();
            }

            return Results.Ok(new { reset = "all" });
        });
        app.MapPost("/systems/{id}/reset", async (string id) =>
        {
            if (!Known(runtime, id))
            {
                return UnknownSystem(id);
            }

            await runtime.ClearRecordsAsync(id);
            return Results.Ok(new { reset = id });
        });

        app.MapGet("/systems/{id}/quirks", (string id) => Known(runtime, id) ? Results.Ok(runtime.Quirks.Get(id)) : UnknownSystem(id));
        app.MapMethods("/systems/{id}/quirks", ["PUT", "PATCH"], async (string id, HttpRequest request) =>
        {
            if (!Known(runtime, id))
            {
                return UnknownSystem(id);
            }

            if (await JsonNode.ParseAsync(request.Body) is not JsonObject patch)
            {
                return Results.BadRequest(new { error = "Send a JSON object of quirks to change." });
            }

            var (quirks, error) = runtime.Quirks.Patch(id, patch);
            return error is null ? Results.Ok(quirks) : Results.BadRequest(new { error });
        });
        app.MapDelete("/systems/{id}/quirks", (string id) =>
        {
            if (!Known(runtime, id))
            {
                return UnknownSystem(id);
            }

            runtime.Quirks.Reset(id);
            return Results.Ok(runtime.Quirks.Get(id));
        });
        // Test-only: the text of the captcha the system showed last, so a test can answer a bot's question as a person would.
        app.MapGet("/systems/{id}/captcha", (string id) =>
            Known(runtime, id) ? Results.Ok(new { answer = runtime.Sessions(id).LatestCaptcha }) : UnknownSystem(id));
        app.MapPost("/systems/{id}/sessions/expire", (string id) =>
            Known(runtime, id) ? Results.Ok(new { expired = runtime.Sessions(id).ExpireAll() }) : UnknownSystem(id));

        app.MapGet("/register/persons", async (string? source) => await runtime.Register.ListPersonsAsync(source));
        app.MapGet("/register/persons/{idNumber}", async (string idNumber) =>
            await runtime.Register.FindPersonAsync(idNumber.ToUpperInvariant()) is { } p ? Results.Ok(p) : Results.NotFound());
        app.MapGet("/register/enterprises", async (string? source) => await runtime.Register.ListEnterprisesAsync(source));
        app.MapGet("/population", () => runtime.Register.Seed);
    }

    private static bool Known(SandboxRuntime runtime, string id) => runtime.Systems.Any(s => s.Id == id);

    private static IResult UnknownSystem(string id) => Results.NotFound(new { error = $"Unknown system '{id}'." });

    /// <summary>A record as the inspection API shows it, with each stored file's name, type, size and SHA-256 (not its bytes).</summary>
    private static object ToJson(BusinessRecord r, IEnumerable<object> attachments) => new
    {
        r.Id, r.SystemId, r.ActionId, r.ReceiptNo, r.ExternalNo, r.SubjectId, r.SubjectName, r.DocumentNo,
        inputs = r.Inputs, outputs = r.Outputs, r.CreatedAt, r.Operator, r.Channel,
        r.Revision, r.UpdatedAt, corrections = r.Corrections, attachments,
    };

    private static object Describe(SandboxSystemEndpoint e, SystemDefinition s) => new
    {
        e.Id, e.Department, e.Name, e.Kind, baseUrl = e.BaseUrl.ToString(), e.CookieName,
        robot = new { username = e.RobotUsername, password = e.RobotPassword },
        accounts = s.Accounts.Select(a => new { a.Username, a.Password, a.DisplayName, a.Robot }),
        actions = s.Actions.Select(a => new
        {
            a.Id, a.Title, a.MenuGroup, path = "/biz/" + a.Key, a.Amends,
            pages = a.Pages.Select(p => new { p.Title, p.Fields }),
            fields = a.Fields.Select(f => new
            {
                f.Name, f.Label, kind = f.Kind.ToString(), f.Required,
                options = f.Options?.Select(o => new { o.Code, o.Label }),
            }),
            outputs = a.Outputs.Select(o => new { o.Name, o.Label }),
            attachments = a.Attachments.Select(t => new { t.Name, t.Label, t.Types, t.MaxBytes, t.Required }),
        }),
    };
}
