using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

public class BankCardTests
{
    [Theory]
    [InlineData("4111111111111111")]
    [InlineData("4111 1111 1111 1111")]
    [InlineData("6011111111111117")]
    [InlineData("378282246310005")]
    [InlineData("6212260200000000006")]
    public void IsValid_LuhnValidNumbers_True(string number)
    {
        Assert.True(BankCard.IsValid(number));
    }

    [Theory]
    [InlineData("4111111111111112")]
    [InlineData("6212260200000000005")]
    [InlineData("12345678901")]
    [InlineData("12345678901234567890")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("411111111111111a")]
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_BadChecksumOrShape_False(string? number)
    {
        Assert.False(BankCard.IsValid(number));
    }

    [Fact]
    public void Normalize_RemovesSpaces()
    {
        Assert.Equal("4111111111111111", BankCard.Normalize(" 4111 1111 1111 1111 "));
    }

    [Fact]
    public void Mask_KeepsFirstAndLastFour()
    {
        Assert.Equal("4111********1111", BankCard.Mask("4111 1111 1111 1111"));
    }
}
