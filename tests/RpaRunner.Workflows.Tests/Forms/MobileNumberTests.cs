using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

public class MobileNumberTests
{
    [Theory]
    [InlineData("13812345678", "13812345678")]
    [InlineData("+8613812345678", "13812345678")]
    [InlineData("+86 138 1234 5678", "13812345678")]
    [InlineData(" 199-1234-5678 ", "19912345678")]
    public void TryNormalize_ValidNumbers_StripsPrefixAndSeparators(string text, string expected)
    {
        Assert.True(MobileNumber.TryNormalize(text, out var normalized));

        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("12812345678")]
    [InlineData("23812345678")]
    [InlineData("1381234567")]
    [InlineData("138123456789")]
    [InlineData("1381234567a")]
    [InlineData("１３８１２３４５６７８")]
    [InlineData("+8513812345678")]
    [InlineData("")]
    [InlineData(null)]
    public void TryNormalize_InvalidNumbers_False(string? text)
    {
        Assert.False(MobileNumber.TryNormalize(text, out var normalized));

        Assert.Equal(string.Empty, normalized);
    }

    [Fact]
    public void Mask_KeepsFirstThreeAndLastFour()
    {
        Assert.Equal("138****1234", MobileNumber.Mask("13800001234"));
        Assert.Equal("138****1234", MobileNumber.Mask("+86 138 0000 1234"));
    }
}
