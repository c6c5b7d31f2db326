using RpaRunner.Runner.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using RpaRunner.Workflows.Engine;
using RpaRunner.Workflows.Engine.Storage;
using RpaRunner.Workflows.Privacy;
using RpaRunner.Workflows.Tests.TestSupport;

namespace RpaRunner.Workflows.Tests.Privacy;

/// <summary>The engine's store holds forms, inputs, outputs and error messages only encrypted; the audit trail only masked.</summary>
public sealed class PersonalDataAtRestTests : IAsyncLifetime
{
    private EngineHarness _h = null!;

    public async Task InitializeAsync() => _h = await EngineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task TheStoredRows_HoldNoIdNumberOrName_WhileTheEngineReadsThemWhole()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        var form = (await _h.CaseAsync(code)).Form!.Value;
        var idNumber = form.GetProperty("mother").GetProperty("idNumber").GetString()!;
        var name = form.GetProperty("mother").GetProperty("name").GetString()!;

        var step = await _h.ClaimAsync(code, "birthCertificate");
        Assert.Contains(step.Inputs.Values, v => v == idNumber);
        await _h.FailAsync(step, RpaRunner.Workflows.Engine.FailureClass.Transient, $"系统提示：{name}（{idNumber}）信息待核");
        _h.Time.Advance(TimeSpan.FromMinutes(15));
        await _h.SucceedAsync(await _h.ClaimAsync(code, "birthCertificate"));

        // Every text column of the engine's tables, as it lies in the file: sealed, or masked in the audit trail.
        var raw = await RawTextAsync("cases", "steps", "step_attempts", "audit_events");
        Assert.DoesNotContain(raw, v => v.Contains(idNumber, StringComparison.Ordinal) || v.Contains(name, StringComparison.Ordinal));
        Assert.Contains(raw, v => v.StartsWith("rpa1:", StringComparison.Ordinal));

        // The engine and its queries read them as they were.
        var view = await _h.CaseAsync(code);
        Assert.Equal(idNumber, view.Form!.Value.GetProperty("mother").GetProperty("idNumber").GetString());
        var attempt = view.Steps.Single(s => s.StepId == "birthCertificate").Attempts[0];
        Assert.Contains(idNumber, attempt.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValueSealedWithAnUnknownKey_IsUnreadable_WhileTheListingAndTheRestOfTheCaseStillRead()
    {
        var code = await _h.SubmitVersionAsync("newborn", 2, SampleApplications.For("newborn", 0, _h.Today));
        var step = await _h.ClaimAsync(code, "birthCertificate");
        await _h.FailAsync(step, RpaRunner.Workflows.Engine.FailureClass.Business, "系统提示：出生日期与证明不符");

        // Another runner on the same database with a key ring that lacks the key these values were sealed with.
        await using var db = await _h.DbAsync();
        var connectionString = db.Database.GetConnectionString()!;
        var otherCipher = new PersonalDataCipher([PersonalDataCipher.NewKey()]);
        var options = new DbContextOptionsBuilder<EngineDbContext>().UseSqlite(connectionString);
        options.UsePersonalDataCipher(otherCipher);
        var factory = new PooledDbContextFactory<EngineDbContext>(options.Options);
        var other = new CaseQueries(factory, _h.Time);

        var listed = Assert.Single(await other.ListAsync(new CaseFilter()), c => c.Code == code);
        Assert.True(listed.Unreadable);
        var view = (await other.GetAsync(code))!;
        Assert.True(view.Unreadable);
        Assert.Null(view.Form);
        var failed = view.Steps.Single(s => s.StepId == "birthCertificate");
        Assert.True(failed.Unreadable);
        Assert.Equal(PersonalDataCipher.UnreadableText, failed.Error);
        Assert.Equal(PersonalDataCipher.UnreadableText, Assert.Single(failed.Inputs).Value);
        Assert.Equal(PersonalDataCipher.UnreadableText, Assert.Single(await other.WaitingForPersonAsync()).Error);
        Assert.NotNull(await other.FailuresAsync());

        // The runner that holds the key still reads every value whole.
        var own = await _h.CaseAsync(code);
        Assert.False(own.Unreadable);
        Assert.Contains("出生日期", own.Steps.Single(s => s.StepId == "birthCertificate").Error, StringComparison.Ordinal);
    }

    private async Task<List<string>> RawTextAsync(params string[] tables)
    {
        await using var db = await _h.DbAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        var values = new List<string>();
        foreach (var table in tables)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    if (reader.GetValue(i) is string text)
                    {
                        values.Add(text);
                    }
                }
            }
        }

        return values;
    }
}
