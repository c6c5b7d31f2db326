using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Runner.Demo;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Notifications;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Notifications;

/// <summary>
/// Each transition writes the notifications of the events it makes into the outbox, in its own transaction, derived
/// from its audit rows: in order, for the webhooks that asked for them, with no personal data in the body.
/// </summary>
public sealed class NotificationOutboxTests : IAsyncLifetime
{
    private static readonly NotificationTargets Targets = new([
        new NotificationTarget("platform", NotificationEvents.All.ToHashSet()),
        new NotificationTarget("archive", new HashSet<string> { NotificationEvents.CaseCompleted }),
    ]);

    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync(notifications: Targets);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ACaseRunToTheEnd_QueuesItsEventsInOrder_ForEachWebhookThatAskedForThem()
    {
        var code = await _h.SubmitAsync("newborn");
        await _h.RunToEndAsync();

        var rows = await RowsAsync(code);
        var platform = rows.Where(r => r.Webhook == "platform").ToList();
        var steps = (await _h.CaseAsync(code)).Steps.Count(s => s.Status == StepStatus.Succeeded);
        Assert.Equal(NotificationEvents.CaseAccepted, platform[0].EventType);
        Assert.Equal(NotificationEvents.CaseCompleted, platform[^1].EventType);
        Assert.Equal(steps, platform.Count(r => r.EventType == NotificationEvents.StepSucceeded));
        Assert.Equal(platform.Count, platform.Select(r => r.EventId).Distinct().Count());
        Assert.All(platform, r => Assert.Equal(OutboxState.Pending, r.State));

        var archive = Assert.Single(rows, r => r.Webhook == "archive");
        Assert.Equal(NotificationEvents.CaseCompleted, archive.EventType);
        Assert.Equal(platform[^1].EventId, archive.EventId);
    }

    [Fact]
    public async Task ThePayload_CarriesTheMatterAndVisibleOutputs_ButNoPersonalData()
    {
        var form = SampleApplications.For("newborn", 0, _h.Today);
        var code = await _h.SubmitAsync("newborn", form);
        var ran = await _h.RunToEndAsync();

        var payloads = (await RowsAsync(code)).Where(r => r.Webhook == "platform").Select(r => r.PayloadJson).ToList();
        var household = JsonNode.Parse(payloads.Single(p => p.Contains("\"gongan\"", StringComparison.Ordinal) && p.Contains(NotificationEvents.StepSucceeded, StringComparison.Ordinal)))!;
        Assert.Equal(code, household["caseCode"]!.GetValue<string>());
        Assert.Equal("newborn", household["bundle"]!["id"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(household["step"]!["matter"]!["zh"]!.GetValue<string>()));
        // The platform knows the matter by its implementing code (实施编码), as the bundle gives it.
        Assert.Equal(_h.Catalog.Find("newborn")!.FindStep("household")!.MatterCode, household["step"]!["matterCode"]!.GetValue<string>());
        Assert.Null(household["outputs"]); // the child's ID number is the only output, and personal

        var birth = JsonNode.Parse(payloads.Single(p => p.Contains("birthCertificateNo", StringComparison.Ordinal)))!;
        Assert.False(string.IsNullOrEmpty(birth["outputs"]!["birthCertificateNo"]!.GetValue<string>()));

        var childId = (await _h.StepAsync(code, ran.Single(s => s.Action == "gongan.registerBirth").StepId)).Outputs!["childIdNumber"];
        var personal = PersonalValues(form).Append(childId).Where(v => v is { Length: >= 2 }).ToList();
        Assert.Contains(childId, personal);
        Assert.All(payloads, p => Assert.All(personal, v => Assert.DoesNotContain(v!, p, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ADepartmentsRefusal_IsNotified_WithItsMaskedReason_ButACaptchaIsNot()
    {
        var code = await _h.SubmitAsync("company-setup");
        await _h.FailAsync(await _h.ClaimAsync(code, "registration"), FailureClass.Business, "注册资本不符合要求");
        var other = await _h.SubmitAsync("company-setup", SampleApplications.For("company-setup", 1, _h.Today));
        await _h.FailAsync(await _h.ClaimAsync(other, "registration"), FailureClass.NeedsPerson, "captcha");

        var refused = Assert.Single(await RowsAsync(code), r => r.Webhook == "platform" && r.EventType == NotificationEvents.StepRefused);
        Assert.Equal("注册资本不符合要求", JsonNode.Parse(refused.PayloadJson)!["reason"]!.GetValue<string>());
        Assert.DoesNotContain(await RowsAsync(other), r => r.EventType != NotificationEvents.CaseAccepted);
    }

    [Fact]
    public async Task WithoutWebhooks_NothingIsQueued()
    {
        await using var plain = await EngineHarness.CreateAsync();
        var code = await plain.SubmitAsync("newborn");
        await plain.RunToEndAsync();
        await using var db = await plain.DbAsync();
        Assert.False(await db.Outbox.AnyAsync(m => m.CaseCode == code));
    }

    private async Task<List<OutboxMessageRecord>> RowsAsync(string code)
    {
        await using var db = await _h.DbAsync();
        return await db.Outbox.AsNoTracking().Where(m => m.CaseCode == code).OrderBy(m => m.Id).ToListAsync();
    }

    private static IEnumerable<string?> PersonalValues(JsonObject form) =>
        form.SelectMany(section => section.Value is JsonObject fields ? fields : [])
            .Where(f => f.Key.Contains("name", StringComparison.OrdinalIgnoreCase) || f.Key.Contains("idNumber", StringComparison.OrdinalIgnoreCase) || f.Key.Contains("mobile", StringComparison.OrdinalIgnoreCase) || f.Key.Contains("phone", StringComparison.OrdinalIgnoreCase))
            .Select(f => f.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null);
}
