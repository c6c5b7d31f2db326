using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

public class CreditCodeTests
{
    [Fact]
    public void TryParse_ContextExample_IsValidWithItsParts()
    {
        Assert.True(CreditCode.TryParse("91350100M000100Y43", out var code, out var error));

        Assert.Null(error);
        Assert.Equal("91350100M000100Y43", code.Value);
        Assert.Equal('9', code.RegistrationAuthority);
        Assert.Equal('1', code.OrganizationType);
        Assert.Equal("350100", code.RegionCode);
        Assert.Equal("M000100Y4", code.OrganizationCode);
    }

    [Fact]
    public void ComputeCheckCharacter_ContextExample_Is3()
    {
        Assert.Equal('3', CreditCode.ComputeCheckCharacter("91350100M000100Y4"));
    }

    [Fact]
    public void ComputeCheckCharacter_SumDivisibleBy31_MapsToZero()
    {
        Assert.Equal('0', CreditCode.ComputeCheckCharacter("00000000000000000"));
    }

    [Fact]
    public void TryParse_AllZeros_PassesTheCheckCharacterButHasNoRegistrationAuthority()
    {
        Assert.False(CreditCode.TryParse("000000000000000000", out _, out var error));

        Assert.Equal("creditCode.authority", error);
    }

    [Fact]
    public void TryParse_OrganisationCodeWithWrongCheckCharacter_ReportsOrgCode()
    {
        // The MOD 31 check of the whole code holds; the organisation code M000100Y5 should end in 4.
        Assert.Equal('6', CreditCode.ComputeCheckCharacter("91350100M000100Y5"));
        Assert.False(CreditCode.TryParse("91350100M000100Y56", out _, out var error));

        Assert.Equal("creditCode.orgCode", error);
    }

    [Theory]
    [InlineData("M000100Y", '4')]
    [InlineData("MA4L0UBX", '5')]
    [InlineData("00000000", '0')]
    [InlineData("40000000", 'X')]
    public void ComputeOrganizationCheckCharacter_FollowsGb11714(string first8, char expected)
    {
        Assert.Equal(expected, CreditCode.ComputeOrganizationCheckCharacter(first8));
    }

    [Fact]
    public void TryParse_TypeTheAuthorityDoesNotIssue_ReportsOrganizationType()
    {
        // Market supervision (9) issues enterprises (1), individual businesses (2) and cooperatives (3) only.
        var first17 = "94350100M000100Y4";
        var code = first17 + CreditCode.ComputeCheckCharacter(first17);

        Assert.False(CreditCode.TryParse(code, out _, out var error));
        Assert.Equal("creditCode.organizationType", error);
    }

    [Fact]
    public void TryParse_UnknownAuthority_ReportsAuthority()
    {
        var first17 = "B1350100M000100Y4";
        var code = first17 + CreditCode.ComputeCheckCharacter(first17);

        Assert.False(CreditCode.TryParse(code, out _, out var error));
        Assert.Equal("creditCode.authority", error);
    }

    [Theory]
    [InlineData('9', '1', "430100", "MA4L0UBX")]
    [InlineData('5', '2', "110000", "50000000")]
    [InlineData('1', '2', "100000", "40000000")]
    [InlineData('N', '2', "430121", "MA4L0002")]
    public void Compose_BuildsCodesThatParse(char authority, char type, string region, string body)
    {
        var code = CreditCode.Compose(authority, type, region, body);

        Assert.True(CreditCode.TryParse(code, out var parsed, out var error), $"{code}: {error}");
        Assert.Equal(body, parsed.OrganizationCode[..8]);
    }

    [Fact]
    public void TryParse_LowerCase_IsNormalisedToUpperCase()
    {
        Assert.True(CreditCode.TryParse(" 91350100m000100y43 ", out var code, out _));

        Assert.Equal("91350100M000100Y43", code.Value);
    }

    [Theory]
    [InlineData("91350100M000100Y44")]
    [InlineData("91350100M000100Y4A")]
    [InlineData("91350100M000101Y43")]
    public void TryParse_WrongCheckCharacter_ReportsChecksum(string text)
    {
        Assert.False(CreditCode.TryParse(text, out _, out var error));

        Assert.Equal("creditCode.checksum", error);
    }

    [Theory]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    [InlineData("91350100M000100I43")]
    [InlineData("91350100M000100O43")]
    [InlineData("91350100M000100S43")]
    [InlineData("91350100M000100V43")]
    [InlineData("91350100M000100Z43")]
    [InlineData("91350100M00010-Y43")]
    [InlineData(null)]
    public void TryParse_BadShapeOrCharacter_ReportsFormat(string? text)
    {
        Assert.False(CreditCode.TryParse(text, out _, out var error));

        Assert.Equal("creditCode.format", error);
    }

    [Fact]
    public void ComputeCheckCharacter_GeneratedCodes_RoundTrip()
    {
        foreach (var body in new[] { "91430100MA4L00003", "52110000500000007", "1210000040000000X" })
        {
            var code = body + CreditCode.ComputeCheckCharacter(body);
            Assert.True(CreditCode.TryParse(code, out _, out var error), $"{code}: {error}");
        }
    }

    [Fact]
    public void ComputeCheckCharacter_ForbiddenCharacter_Throws()
    {
        Assert.Throws<ArgumentException>(() => CreditCode.ComputeCheckCharacter("91350100I000100Y4"));
    }
}
