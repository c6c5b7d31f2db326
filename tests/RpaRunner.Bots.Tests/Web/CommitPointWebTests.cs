using RpaRunner.Bots.Runtime;

namespace RpaRunner.Bots.Tests.Web;

/// <summary>
/// The commit point on a web system in real Chromium: the 卫健 system stores the birth certificate and then answers
/// the submit with HTTP 500 (the lost reply). The attempt is an unknown outcome — not retried on the spot — and the
/// engine's lookup finds the one record.
/// </summary>
[Collection(SandboxBotCollection.Name)]
public sealed class CommitPointWebTests(SandboxBotFixture fixture)
{
    private Dictionary<string, string?> Birth()
    {
        var mother = fixture.Sandbox.Population.WithRole("mother").ElementAt(3);
        var father = fixture.Sandbox.Population.People.First(p => p.IdNumber == mother.SpouseIdNumber);
        return new()
        {
            ["childName"] = "叶提交", ["childSex"] = "2", ["birthDate"] = "2026-11-18", ["birthPlace"] = "湖南省妇幼保健院",
            ["motherName"] = mother.Name, ["motherIdNumber"] = mother.IdNumber, ["fatherName"] = father.Name, ["fatherIdNumber"] = father.IdNumber,
        };
    }

    [Fact]
    public async Task AServerErrorAfterTheRecordWasSaved_IsAnUnknownOutcome_WithEvidence_AndTheLookupFindsTheOneRecord()
    {
        var key = $"NB20261130{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}:birthCertificate";
        var birth = Birth();
        fixture.Sandbox.SetQuirks("weijian", q => q.ErrorAfterCommitRate = 1);
        BotStepContext context;
        try
        {
            context = await fixture.FailAsync<OutcomeUnknownException>("weijian.issueBirthCertificate", key, birth);
        }
        finally
        {
            fixture.Sandbox.SetQuirks("weijian", q => q.ErrorAfterCommitRate = 0);
        }

        Assert.Contains("screenshot", context.Evidence.Keys);
        Assert.Contains("trace", context.Evidence.Keys);
        Assert.Equal(1, await fixture.CountAsync("weijian", key));

        var (found, _, leaseChecks) = await fixture.RunAsync("weijian.issueBirthCertificate", key, birth, attempt: 2, verify: true);
        Assert.True(found.FoundExisting);
        Assert.Matches("^[A-Z][0-9]{9}$", found.Outputs["birthCertificateNo"]);
        Assert.Equal(0, leaseChecks); // a lookup writes nothing, so it never reaches the commit point
        Assert.Equal(1, await fixture.CountAsync("weijian", key));
    }

    [Fact]
    public async Task ALookupOfARecordThatIsNotThere_SaysSo_AndEntersNothing()
    {
        var key = $"NB20261130{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}:birthCertificate";
        var (result, _, leaseChecks) = await fixture.RunAsync("weijian.issueBirthCertificate", key, Birth(), verify: true);
        Assert.True(result.NotFound);
        Assert.Equal(0, leaseChecks);
        Assert.Equal(0, await fixture.CountAsync("weijian", key));
    }
}
