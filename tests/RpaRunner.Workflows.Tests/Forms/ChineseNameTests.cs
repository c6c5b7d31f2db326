using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

public class ChineseNameTests
{
    [Theory]
    [InlineData("张三")]
    [InlineData("欧阳娜娜")]
    [InlineData("买买提·艾力")]
    [InlineData("阿依古丽・吐尔逊")]
    [InlineData("张𠀀")]
    [InlineData("李〇")]
    [InlineData("㐀㐁")]
    public void IsValid_ChineseNames_True(string name)
    {
        Assert.True(ChineseName.IsValid(name));
    }

    [Theory]
    [InlineData("张")]
    [InlineData("Zhang San")]
    [InlineData("张3")]
    [InlineData("张 三")]
    [InlineData("·张三")]
    [InlineData("张三·")]
    [InlineData("买买提··艾力")]
    [InlineData("张<三>")]
    [InlineData("")]
    [InlineData(null)]
    public void IsValid_NotChineseNames_False(string? name)
    {
        Assert.False(ChineseName.IsValid(name));
    }

    [Fact]
    public void IsValid_ThirtyCharactersAllowed_ThirtyOneNot()
    {
        Assert.True(ChineseName.IsValid(new string('张', 30)));
        Assert.False(ChineseName.IsValid(new string('张', 31)));
    }

    [Fact]
    public void Normalize_TurnsLookAlikeDotsIntoMiddleDot()
    {
        Assert.Equal("阿依古丽·吐尔逊", ChineseName.Normalize(" 阿依古丽・吐尔逊 "));
    }

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("张小明", "张**")]
    [InlineData("欧阳娜娜", "欧阳**")]
    [InlineData("欧阳修", "欧阳*")]
    [InlineData("买买提·艾力", "买**·**")]
    [InlineData("", "")]
    public void Mask_KeepsSurname(string name, string expected)
    {
        Assert.Equal(expected, ChineseName.Mask(name));
    }
}
