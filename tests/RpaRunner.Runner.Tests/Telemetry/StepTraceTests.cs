using System.Diagnostics;
using System.Text.Json.Nodes;
using OpenTelemetry.Trace;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Workflows.Telemetry;

namespace RpaRunner.Runner.Tests.Telemetry;

/// <summary>The spans of a running runner, caught by an in-memory exporter: one trace per step attempt, ids only.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class StepTraceTests : IAsyncLifetime
{
    private readonly SpanList _spans = new();
    private RunnerFixture _runner = null!;

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync() =>
        _runner = await RunnerFixture.StartAsync(null, services => services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans)));

    public async Task DisposeAsync() => await _runner.DisposeAsync();

    [Fact]
    public async Task EachAttempt_IsOneTrace_FromDispatchThroughTheBotToItsReport_AndNoSpanHoldsPersonalData()
    {
        using var clerk = _runner.Client(Roles.Clerk);
        var form = SampleApplications.Newborn(7, Today);
        var code = await RunnerFixture.SubmitAsync(clerk, "newborn", form);
        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", done["status"]!.GetValue<string>());

        // Pages that carry personal data in their query string.
        var phone = form["mother"]!["phone"]!.GetValue<string>();
        var motherName = form["mother"]!["name"]!.GetValue<string>();
        using (var anonymous = _runner.Client(null))
        {
            await anonymous.GetAsync($"/progress?code={code}&phone4={phone[^4..]}");
        }

        using (var op = _runner.Client(Roles.Operator))
        {
            await op.GetAsync($"/api/cases?q={Uri.EscapeDataString(form["mother"]!["idNumber"]!.GetValue<string>())}");
            await op.GetAsync($"/api/cases?q={Uri.EscapeDataString(motherName)}");
        }

        var spans = await SpansAsync(s => s.DisplayName.StartsWith("GET", StringComparison.Ordinal) && Text(s).Contains("/progress", StringComparison.Ordinal));
        var steps = done["steps"]!.AsArray().Select(s => s!["stepId"]!.GetValue<string>()).ToList();

        var submit = Assert.Single(spans, s => s.Source.Name == RpaTelemetry.Name && s.OperationName == "rpa.case.submit" && Tag(s, RpaTelemetry.Tags.CaseCode) == code);
        Assert.Equal("newborn", Tag(submit, RpaTelemetry.Tags.BundleId));

        var bots = spans.Where(s => s.OperationName == "rpa.bot.attempt" && Tag(s, RpaTelemetry.Tags.CaseCode) == code).ToList();
        Assert.Equal(steps.Order(), bots.Select(b => Tag(b, RpaTelemetry.Tags.StepId)!).Order());
        Assert.Equal(bots.Count, bots.Select(b => b.TraceId).Distinct().Count());
        foreach (var bot in bots)
        {
            Assert.Equal("succeeded", Tag(bot, RpaTelemetry.Tags.Outcome));
            var trace = spans.Where(s => s.TraceId == bot.TraceId).ToList();

            // The root: the dispatcher's span of this attempt, with the step's ids.
            var dispatch = Assert.Single(trace, s => s.OperationName == "rpa.step.dispatch");
            Assert.Equal(default, dispatch.ParentSpanId);
            Assert.Equal(Tag(bot, RpaTelemetry.Tags.StepId), Tag(dispatch, RpaTelemetry.Tags.StepId));

            // Linked to the claim round that took it, which is a trace of its own.
            var link = Assert.Single(dispatch.Links);
            var claim = Assert.Single(spans, s => s.OperationName == "rpa.steps.claim" && s.SpanId == link.Context.SpanId);
            Assert.NotEqual(bot.TraceId, claim.TraceId);
            Assert.True(int.Parse(Tag(claim, RpaTelemetry.Tags.Count)!, System.Globalization.CultureInfo.InvariantCulture) >= 1);

            // MassTransit carried the context to the worker and back: the engine's report span is in the same trace.
            Assert.Contains(trace, s => s.Source.Name == "MassTransit");
            var report = Assert.Single(trace, s => s.OperationName == "rpa.step.report");
            Assert.Equal("succeeded", Tag(report, RpaTelemetry.Tags.Outcome));
            Assert.True(report.StartTimeUtc >= bot.StartTimeUtc);
        }

        // No personal data: no form value (names, ID numbers, phone, addresses) in any span's name, tags or events,
        // and no query string (the progress page's code and last four phone digits, the case search's q).
        var personal = Leaves(form).Where(v => v.Length >= 6 || v.Any(c => c > 127)).Distinct().ToList();
        Assert.Contains(motherName, personal);
        Assert.Contains(phone, personal);
        foreach (var span in spans)
        {
            var text = Text(span);
            Assert.All(personal, value => Assert.DoesNotContain(value, text, StringComparison.Ordinal));
            Assert.DoesNotContain("phone4=", text, StringComparison.Ordinal);
            Assert.DoesNotContain("q=", text, StringComparison.Ordinal);
        }

        // The dispatcher's polls that claimed nothing are not exported.
        Assert.DoesNotContain(spans, s => s.OperationName == "rpa.steps.claim" && Tag(s, RpaTelemetry.Tags.Count) == "0");

        // The pages were traced, without their query strings.
        Assert.Contains(spans, s => Text(s).Contains("/progress", StringComparison.Ordinal));
        Assert.Contains(spans, s => Tag(s, "url.path") == "/api/cases");
    }

    /// <summary>Waits until the exporter holds a span that <paramref name="until"/> accepts (the spans end on other threads), then copies them.</summary>
    private async Task<List<Activity>> SpansAsync(Func<Activity, bool> until)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
        while (!_spans.Snapshot().Any(until) && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        // The engine's report spans end just after the case completes: one more moment for the last of them.
        await Task.Delay(300);
        return _spans.Snapshot();
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static string Text(Activity span) => string.Join(" | ",
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? string.Empty }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}")));

    private static IEnumerable<string> Leaves(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Leaves(p.Value)),
        JsonArray a => a.SelectMany(Leaves),
        JsonValue v => [v.ToString()],
        _ => [],
    };

    /// <summary>The exporter's list: it adds spans as they end, on any thread.</summary>
    private sealed class SpanList : System.Collections.ObjectModel.Collection<Activity>
    {
        public List<Activity> Snapshot()
        {
            lock (Items)
            {
                return [.. Items];
            }
        }

        protected override void InsertItem(int index, Activity item)
        {
            lock (Items)
            {
                base.InsertItem(index, item);
            }
        }
    }
}
