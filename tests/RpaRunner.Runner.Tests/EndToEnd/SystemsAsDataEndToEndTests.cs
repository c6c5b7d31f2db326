using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Tests.Shared;

namespace RpaRunner.Runner.Tests.EndToEnd;

/// <summary>
/// A designer brings a department system nobody here wrote — a small permit register served by this test, not one of
/// the sandbox's systems — through the API alone: the system, its action's contract and its scripts as a draft,
/// refused while a commit-point rule is broken, published, used by a new bundle published the same way, and a case
/// that runs against it in real Chromium and enters exactly one record. No C# of the product changes, no restart.
/// </summary>
public sealed class SystemsAsDataEndToEndTests : IAsyncLifetime
{
    private const string SystemId = TestSystems.PermitSystem;
    private const string ActionId = TestSystems.PermitAction;
    private readonly PermitRegister _register = new();
    private RunnerFixture _runner = null!;

    public async Task InitializeAsync()
    {
        await _register.StartAsync();
        // No simulation: the web bot drives the register in Chromium.
        _runner = await RunnerFixture.StartAsync(null, "--Simulation:Enabled=false", "--Engine:LeaseDuration=00:01:00", "--WebBots:StepTimeout=00:00:15");
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _register.DisposeAsync();
    }

    [Fact]
    public async Task ANewSystemAddedThroughTheApi_IsUsedByANewBundle_AndACaseEntersOneRecordThere()
    {
        using var designer = _runner.Client(Roles.Designer);
        using var clerk = _runner.Client(Roles.Clerk);

        // A clerk may read the catalog but not change it.
        var package = TestSystems.PermitRegisterPackage(_register.Address, withSearch: false);
        var refused = await clerk.PutAsJsonAsync($"/api/systems/{SystemId}/draft", package);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // The draft is saved although unfinished, and says what is wrong: it could not settle an unknown outcome.
        var saved = await designer.PutAsJsonAsync($"/api/systems/{SystemId}/draft?expectedRevision=0", package);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var draft = (await saved.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, draft["revision"]!.GetValue<int>());
        Assert.Contains(draft["problems"]!.AsArray(), p => p!.GetValue<string>().Contains("searchBeforeCreate", StringComparison.Ordinal));
        var notYet = await designer.PostAsJsonAsync($"/api/systems/{SystemId}/publish", new { note = "first try" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notYet.StatusCode);
        Assert.Contains("searchBeforeCreate", await notYet.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Fixed and published: version 1, in the running catalog at once.
        saved = await designer.PutAsJsonAsync($"/api/systems/{SystemId}/draft?expectedRevision=1", TestSystems.PermitRegisterPackage(_register.Address, withSearch: true));
        Assert.Empty((await saved.Content.ReadFromJsonAsync<JsonObject>())!["problems"]!.AsArray());
        var published = await designer.PostAsJsonAsync($"/api/systems/{SystemId}/publish", new { note = "街道许可登记系统接入" });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(1, (await published.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>());
        var systems = (await clerk.GetFromJsonAsync<JsonArray>("/api/systems"))!;
        Assert.Contains(systems, s => s!["id"]!.GetValue<string>() == SystemId);

        // A new bundle uses it, published through the API as well.
        var bundle = await designer.PostAsJsonAsync("/api/bundles", TestSystems.StreetPermitBundle());
        Assert.True(bundle.IsSuccessStatusCode, await bundle.Content.ReadAsStringAsync());

        var code = await RunnerFixture.SubmitAsync(clerk, "street-permit", new JsonObject
        {
            ["applicant"] = new JsonObject { ["idNumber"] = "11010519491231002X", ["name"] = "张三" },
        });
        var done = await RunnerFixture.WaitForCaseAsync(clerk, code, TimeSpan.FromSeconds(90), c => c["status"]!.GetValue<string>() is "completed" or "failed" or "needsAttention");
        Assert.Equal("completed", done["status"]!.GetValue<string>());

        var step = done["steps"]!.AsArray().Single(s => s!["stepId"]!.GetValue<string>() == "permit")!;
        var record = Assert.Single(_register.RecordsFor(step["idempotencyKey"]!.GetValue<string>()));
        Assert.Equal("张三", record.Name);
        Assert.Equal("11010519491231002X", record.IdNumber);
        Assert.Equal(record.PermitNo, step["outputs"]!["permitNo"]!.GetValue<string>());
    }

    [Fact]
    public async Task APublishedChange_ShowsInVersionsAndDiff_AndARollbackRestoresTheOlderVersion()
    {
        using var designer = _runner.Client(Roles.Designer);
        await designer.PutAsJsonAsync($"/api/systems/{SystemId}/draft?expectedRevision=0", TestSystems.PermitRegisterPackage(_register.Address, withSearch: true));
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"/api/systems/{SystemId}/publish", new { note = "接入" })).StatusCode);

        var changed = TestSystems.PermitRegisterPackage(_register.Address, withSearch: true);
        changed["system"]!["name"]!["zh"] = "街道办事处许可登记系统（新版）";
        await designer.PutAsJsonAsync($"/api/systems/{SystemId}/draft?expectedRevision=0", changed);
        // Two designers at once: the one who started from an older revision is told, not silently overwritten.
        var stale = await designer.PutAsJsonAsync($"/api/systems/{SystemId}/draft?expectedRevision=0", changed);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"/api/systems/{SystemId}/publish", new { note = "改名" })).StatusCode);

        var diff = (await designer.GetFromJsonAsync<JsonArray>($"/api/systems/{SystemId}/diff?from=1&to=2"))!;
        var change = Assert.Single(diff);
        Assert.Equal("system.name.zh", change!["path"]!.GetValue<string>());

        var rollback = await designer.PostAsJsonAsync($"/api/systems/{SystemId}/rollback", new { version = 1, reason = "新名称未经批准" });
        Assert.Equal(3, (await rollback.Content.ReadFromJsonAsync<JsonObject>())!["version"]!.GetValue<int>());
        var versions = (await designer.GetFromJsonAsync<JsonArray>($"/api/systems/{SystemId}/versions"))!;
        Assert.Equal([3, 2, 1], versions.Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(1, versions[0]!["restoredFrom"]!.GetValue<int>());
        var current = (await designer.GetFromJsonAsync<JsonObject>($"/api/systems/{SystemId}/package"))!;
        Assert.Equal("街道办事处许可登记系统", current["system"]!["name"]!["zh"]!.GetValue<string>());
    }

    [Fact]
    public async Task ARecordingSavedToTheRunner_BecomesTheActionsScriptInTheSystemsDraft_UnderItsRevision()
    {
        using var designer = _runner.Client(Roles.Designer);
        var sink = new RpaRunner.Runner.Cli.RecordedScriptCatalogSink(designer);
        var recorded = """{ "action": "rencai.receiveArchive", "steps": [ { "goto": "/biz/receiveArchive" } ], "outputs": {} }""";

        var where = await sink.SaveAsync(new RpaRunner.Bots.Recorder.RecordedDraft("rencai", "rencai.receiveArchive", recorded, []), CancellationToken.None);

        Assert.Contains("rencai", where, StringComparison.Ordinal);
        var draft = (await designer.GetFromJsonAsync<JsonObject>("/api/systems/rencai/draft"))!;
        Assert.Equal(1, draft["revision"]!.GetValue<int>());
        Assert.Equal("/biz/receiveArchive", draft["package"]!["scripts"]!["rencai.receiveArchive"]!["steps"]![0]!["goto"]!.GetValue<string>());
        // The recording is a draft with what it still lacks named (here the search), not a published script.
        Assert.Contains(draft["problems"]!.AsArray(), p => p!.GetValue<string>().Contains("searchBeforeCreate", StringComparison.Ordinal));
        var shipped = (await designer.GetFromJsonAsync<JsonObject>("/api/systems/rencai/package"))!;
        Assert.NotNull(shipped["scripts"]!["rencai.receiveArchive"]!["searchBeforeCreate"]);
    }

    [Fact]
    public async Task AChangeThatBreaksABundleInUse_IsRefusedWithTheBundleNamed()
    {
        using var designer = _runner.Client(Roles.Designer);
        await designer.PutAsJsonAsync($"/api/systems/{SystemId}/draft?expectedRevision=0", TestSystems.PermitRegisterPackage(_register.Address, withSearch: true));
        await designer.PostAsJsonAsync($"/api/systems/{SystemId}/publish", new { });
        Assert.True((await designer.PostAsJsonAsync("/api/bundles", TestSystems.StreetPermitBundle())).IsSuccessStatusCode);

        // Renaming an input the bundle maps would leave its cases without a value for the system.
        var broken = TestSystems.PermitRegisterPackage(_register.Address, withSearch: true);
        broken["system"]!["actions"]![0]!["inputs"]![0]!["id"] = "holderName";
        broken["scripts"]![ActionId]!["steps"]![2]!["value"] = "{{inputs.holderName}}";
        await designer.PutAsJsonAsync($"/api/systems/{SystemId}/draft?expectedRevision=0", broken);
        var refused = await designer.PostAsJsonAsync($"/api/systems/{SystemId}/publish", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("street-permit", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A sub-district office's permit register: a form, a search by 受理编号, and a result page. Nothing of the sandbox.</summary>
    private sealed class PermitRegister : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, Permit> _permits = new();
        private WebApplication? _app;
        private int _next;

        public Uri Address { get; private set; } = null!;

        public IReadOnlyList<Permit> RecordsFor(string externalNo) => [.. _permits.Values.Where(p => p.ExternalNo == externalNo)];

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            _app = builder.Build();
            _app.MapGet("/permits/new", () => Page("许可登记", """
                <form method="post" action="/permits">
                  <label for="externalNo">受理编号</label><input id="externalNo" name="externalNo">
                  <label for="holderName">申请人姓名</label><input id="holderName" name="holderName">
                  <label for="holderId">身份证号码</label><input id="holderId" name="holderId">
                  <button id="submit" type="submit">提交</button>
                </form>
                """));
            _app.MapPost("/permits", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                var no = $"JD-{Interlocked.Increment(ref _next):0000}";
                _permits[no] = new Permit(no, form["externalNo"].ToString(), form["holderName"].ToString(), form["holderId"].ToString());
                return Results.Redirect($"/permits/{no}");
            });
            _app.MapGet("/permits/{no}", (string no) => _permits.TryGetValue(no, out var permit)
                ? Page("登记结果", $"""<p class="ok">登记成功</p><p>许可编号：<span id="permitNo">{permit.PermitNo}</span></p>""")
                : Results.NotFound());
            _app.MapGet("/permits", (string? externalNo) =>
            {
                var found = _permits.Values.Where(p => p.ExternalNo == externalNo).ToList();
                return Page("查询", found.Count == 0
                    ? """<p class="empty">未找到</p>"""
                    : string.Concat(found.Select(p => $"""<p>{p.PermitNo} <a href="/permits/{p.PermitNo}">查看</a></p>""")));
            });
            await _app.StartAsync();
            Address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }

        private static IResult Page(string title, string body) =>
            Results.Content($"<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>", "text/html; charset=utf-8");
    }

    private sealed record Permit(string PermitNo, string ExternalNo, string Name, string IdNumber);
}
