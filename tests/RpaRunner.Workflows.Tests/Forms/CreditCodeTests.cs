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
        Assert.True(CreditCode.TryParse("000000000000000000", out _, out _));
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
        foreach (var body in new[] { "91430100MA4L00001", "52110000500000001", "12100000400000000" })
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
