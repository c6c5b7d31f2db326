using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

public class LatinNameTests
{
    [Theory]
    [InlineData("JOHN SMITH")]
    [InlineData("john smith")]
    [InlineData("Anne-Marie O'Neil")]
    [InlineData("J. R. Tolkien")]
    [InlineData("José Müller")]
    [InlineData("Ng")]
    [InlineData("  Maria   de la Cruz  ")]
    [InlineData("Martin Luther King Jr.")]
    public void IsValid_LatinName_IsAccepted(string name) => Assert.True(LatinName.IsValid(name), name);

    [Theory]
    [InlineData("J")]
    [InlineData("John2")]
    [InlineData("-John")]
    [InlineData("John-")]
    [InlineData("John--Smith")]
    [InlineData("John_Smith")]
    [InlineData("张John")]
    [InlineData("Иван Петров")]
    [InlineData("John <b>")]
    [InlineData(".John")]
    public void IsValid_NotALatinName_IsRefused(string name) => Assert.False(LatinName.IsValid(name), name);

    [Fact]
    public void IsValid_TooLong_IsRefused()
    {
        Assert.True(LatinName.IsValid(new string('a', LatinName.MaxLength)));
        Assert.False(LatinName.IsValid(new string('a', LatinName.MaxLength + 1)));
    }

    [Fact]
    public void Normalize_CollapsesSpacesAndTypographicApostrophes()
    {
        Assert.Equal("Anne O'Neil", LatinName.Normalize("  Anne \t O\u2019Neil "));
    }

    [Fact]
    public void Mask_KeepsTheFirstLetterOfEachWord()
    {
        Assert.Equal("J*** S****", LatinName.Mask("John Smith"));
    }
}
