using RpaRunner.Sandbox.Hosting;
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
        CounterBackEnd.MapCommon(app, runtime, system);
        var action = system.Actions[0];

        app.MapGet("/api/withdrawals", async (HttpContext http, string? externalNo, string? idNumber) =>
        {
            if (CounterBackEnd.Account(http, system) is null)
            {
                return CounterBackEnd.Unauthorized();
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

        CounterBackEnd.MapSubmit(app, "/api/withdrawals", runtime, system, action, body => body["externalNo"]?.ToString(), result =>
        {
            if (result.Status != SubmitStatus.Accepted)
            {
                return Results.UnprocessableEntity(new { error = result.ErrorText, fields = result.Errors.Select(e => e.Field) });
            }

            var r = result.Record!;
            return Results.Ok(new { r.ReceiptNo, r.ExternalNo, withdrawalNo = r.Output("withdrawalNo"), amount = r.Output("amount") });
        });
    }
}
