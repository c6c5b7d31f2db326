using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RpaRunner.Bots.Licence;
using RpaRunner.Bots.Resilience;
using RpaRunner.Bots.Runtime;
using RpaRunner.Bots.Web;
using RpaRunner.Sandbox.Hosting;
using RpaRunner.Sandbox.Licences;
using RpaRunner.Sandbox.Register;
using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Engine.Contracts;

namespace RpaRunner.Bots.Tests.Licence;

/// <summary>The certificate-library bot against the sandbox 电子证照库 over HTTP: found, not issued, down, refused credentials.</summary>
public sealed class LicenceBotActionTests : IAsyncLifetime
{
    private SandboxHost _sandbox = null!;

    public async Task InitializeAsync() => _sandbox = await SandboxHost.StartAsync(new SandboxOptions { RandomSeed = 5 });

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task RunAsync_Issued_ReturnsTheLicenceAndItsDocumentWithTheLibrarysSha256()
    {
        var mother = Mother(0);
        var (licence, error) = await _sandbox.HospitalIssuesBirthCertificateAsync(Certificate(mother, "龙小满"));
        Assert.True(licence is not null, error);
        using var sut = CreateSut();
        var context = Context(mother, "龙小满");

        var result = await sut.RunAsync(context, CancellationToken.None);

        Assert.Equal("true", result.Outputs["found"]);
        Assert.Equal(licence!.LicenceNo, result.Outputs["licenceNo"]);
        Assert.Equal(licence.Issuer, result.Outputs["issuer"]);
        Assert.Equal(licence.IssueDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), result.Outputs["issueDate"]);
        var document = Assert.IsType<FetchedDocument>(result.Document);
        Assert.Equal(licence.Sha256, document.Sha256);
        Assert.Equal(licence.Sha256, Convert.ToHexStringLower(SHA256.HashData(document.Content)));
        Assert.Contains(licence.LicenceNo, document.Source, StringComparison.Ordinal);
        Assert.Contains(_sandbox.Licences.Served(), s => s.Kind == "document" && s.LicenceNo == licence.LicenceNo && s.Sha256 == licence.Sha256 && s.Status == 200);
    }

    [Fact]
    public async Task RunAsync_NotIssued_SucceedsWithFoundFalseAndNoDocument()
    {
        var mother = Mother(1);
        using var sut = CreateSut();
        var context = Context(mother, "龙小未");

        var result = await sut.RunAsync(context, CancellationToken.None);

        Assert.Equal("false", result.Outputs["found"]);
        Assert.False(result.Outputs.ContainsKey("licenceNo"));
        Assert.Null(result.Document);
        Assert.Contains(context.Notes, n => n.Contains("备用流程", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_IssuedForAnotherChildOfTheMother_IsNotTakenForThisOne()
    {
        var mother = Mother(2);
        var (licence, error) = await _sandbox.HospitalIssuesBirthCertificateAsync(Certificate(mother, "龙大哥", birthDate: "2026-09-01"));
        Assert.True(licence is not null, error);
        using var sut = CreateSut();

        var result = await sut.RunAsync(Context(mother, "龙小妹"), CancellationToken.None);

        Assert.Equal("false", result.Outputs["found"]);
        Assert.Null(result.Document);
    }

    [Fact]
    public async Task RunAsync_LibraryDown_IsTransient()
    {
        _sandbox.Licences.GoDown(TimeSpan.FromMinutes(1));
        using var sut = CreateSut();

        var failure = await Assert.ThrowsAsync<TransientBotException>(() => sut.RunAsync(Context(Mother(3), "龙小停"), CancellationToken.None));

        Assert.Contains("503", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LibraryUnreachable_IsTransient()
    {
        using var sut = CreateSut(baseUrl: "http://127.0.0.1:9/");

        await Assert.ThrowsAsync<TransientBotException>(() => sut.RunAsync(Context(Mother(3), "龙小断"), CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_WrongSecret_GoesToAPersonWithoutTheSecretInTheMessage()
    {
        using var sut = CreateSut(secret: "wrong-secret-value");

        var failure = await Assert.ThrowsAsync<NeedsPersonException>(() => sut.RunAsync(Context(Mother(4), "龙小错"), CancellationToken.None));

        Assert.Contains("401", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", failure.Message, StringComparison.Ordinal);
    }

    private SeedPerson Mother(int index) => _sandbox.Population.WithRole("mother").ElementAt(index);

    private Dictionary<string, string> Certificate(SeedPerson mother, string childName, string birthDate = "2026-10-08")
    {
        var father = _sandbox.Population.People.First(p => p.IdNumber == mother.SpouseIdNumber);
        return new()
        {
            ["childName"] = childName, ["childSex"] = "2", ["birthDate"] = birthDate, ["birthPlace"] = "长沙市妇幼保健院",
            ["motherName"] = mother.Name, ["motherIdNumber"] = mother.IdNumber, ["fatherName"] = father.Name, ["fatherIdNumber"] = father.IdNumber,
        };
    }

    private static BotStepContext Context(SeedPerson mother, string childName) => new(new RunStep
    {
        StepRecordId = Guid.NewGuid(),
        DispatchToken = Guid.NewGuid(),
        CaseCode = "NB-TEST",
        StepId = "fetchBirthCertificate",
        BundleId = "newborn",
        System = "dzzz",
        Action = "dzzz.fetchLicence",
        Pool = "web",
        Attempt = 1,
        IdempotencyKey = "NB-TEST:fetchBirthCertificate",
        Inputs = new() { ["holderIdNumber"] = mother.IdNumber, ["licenceType"] = LicenceLibrary.BirthCertificateType, ["childName"] = childName, ["childBirthDate"] = "2026-10-08" },
        LeaseExpiresAt = DateTimeOffset.MaxValue,
    }, "test-worker", _ => Task.CompletedTask);

    private LicenceBotAction CreateSut(string? baseUrl = null, string? secret = null)
    {
        var services = new ServiceCollection().AddOptions();
        services.Configure<DepartmentSystemEndpoint>("dzzz", o =>
        {
            o.BaseUrl = baseUrl ?? _sandbox.LicenceLibraryUrl.ToString();
            o.Username = _sandbox.Licences.AppKey;
            o.Password = secret ?? _sandbox.Licences.AppSecret;
        });
        var provider = services.BuildServiceProvider();
        return new LicenceBotAction(
            SystemCatalog.LoadEmbedded(),
            new SystemResilience(NullLogger<SystemResilience>.Instance, TimeProvider.System),
            provider.GetRequiredService<IOptionsMonitor<DepartmentSystemEndpoint>>(),
            Options.Create(new LicenceBotOptions { Timeout = TimeSpan.FromSeconds(5) }),
            TimeProvider.System,
            NullLogger<LicenceBotAction>.Instance);
    }
}
