using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaRunner.Runner.Demo;
using RpaRunner.Runner.Security;
using RpaRunner.Runner.Tests.TestSupport;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Tests.Api;

/// <summary>
/// One embedded runner shared by the tests of a class, with one company-setup case submitted and completed, so route
/// values can name a real case and its steps while nothing runs in the background.
/// </summary>
public sealed class ApiRunner : IAsyncLifetime
{
    public RunnerFixture Runner { get; private set; } = null!;

    /// <summary>A completed case: every action on it is refused, so a request against it must not change anything.</summary>
    public string CompletedCase { get; private set; } = null!;

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    public async Task InitializeAsync()
    {
        Runner = await RunnerFixture.StartAsync();
        using var clerk = Runner.Client(Roles.Clerk);
        CompletedCase = await RunnerFixture.SubmitAsync(clerk, "company-setup", SampleApplications.CompanySetup(90, Today));
        var done = await RunnerFixture.WaitForCaseAsync(clerk, CompletedCase, TimeSpan.FromSeconds(60));
        Assert.Equal("completed", done["status"]!.GetValue<string>());
    }

    public async Task DisposeAsync() => await Runner.DisposeAsync();

    public HttpClient Client(string? role) => Runner.Client(role);

    /// <summary>What the store holds: cases and audit rows (a refused request must add to neither).</summary>
    public async Task<(int Cases, int AuditRows)> CountStoredAsync()
    {
        await using var db = await Runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
        return (await db.Cases.CountAsync(), await db.AuditEvents.CountAsync());
    }

    public async Task<CaseRecord?> CaseAsync(string code)
    {
        await using var db = await Runner.Services.GetRequiredService<IDbContextFactory<EngineDbContext>>().CreateDbContextAsync();
        return await db.Cases.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code);
    }

    public static async Task<string> CaseCodeOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["caseCode"]!.GetValue<string>();
}
