using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Store;
using RpaRunner.Sandbox.Systems;

namespace RpaRunner.Sandbox.Desktop;

/// <summary>
/// The back end of the counter client's 联系方式变更登记 dialog (gongjijin-contact): <c>POST /api/contacts</c>
/// stores the details as a new record every time it is called. There is deliberately no duplicate check and no
/// search endpoint: the dialog stands for a system that cannot be searched, so an entry made twice really is there
/// twice, and only the inspection API (counted by ID number) shows it.
/// </summary>
internal static class ContactStoreApi
{
    public static void Map(WebApplication app, SandboxRuntime runtime, SystemDefinition system)
    {
        CounterBackEnd.MapCommon(app, runtime, system);
        var action = system.Actions[0];

        CounterBackEnd.MapSubmit(app, "/api/contacts", runtime, system, action, _ => null, result => result.Status switch
        {
            SubmitStatus.Invalid => Results.BadRequest(new { error = result.ErrorText, fields = result.Errors.Select(e => e.Field) }),
            SubmitStatus.Rejected => Results.UnprocessableEntity(new { error = result.ErrorText, fields = Array.Empty<string>() }),
            _ => Stored(result.Record!),
        });
    }

    private static IResult Stored(BusinessRecord r) =>
        Results.Ok(new { r.ReceiptNo, idNumber = r.SubjectId, name = r.SubjectName, phone = r.Input("phone"), r.CreatedAt });
}
