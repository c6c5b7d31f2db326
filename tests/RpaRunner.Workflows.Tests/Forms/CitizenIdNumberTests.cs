using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

public class CitizenIdNumberTests
{
    [Fact]
    public void TryParse_ContextExample_IsValidWithItsParts()
    {
        Assert.True(CitizenIdNumber.TryParse("11010519491231002X", out var id, out var error));

        Assert.Null(error);
        Assert.Equal("11010519491231002X", id.Value);
        Assert.Equal("110105", id.RegionCode);
        Assert.Equal(new DateOnly(1949, 12, 31), id.BirthDate);
        Assert.Equal(Sex.Female, id.Sex);
    }

    [Fact]
    public void ComputeCheckCharacter_ContextExample_IsX()
    {
        Assert.Equal('X', CitizenIdNumber.ComputeCheckCharacter("11010519491231002"));
    }

    [Fact]
    public void TryParse_LowerCaseX_IsNormalisedToUpperCase()
    {
        Assert.True(CitizenIdNumber.TryParse(" 11010519491231002x ", out var id, out _));

        Assert.Equal("11010519491231002X", id.Value);
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("110105194912310020")]
    public void TryParse_WrongCheckCharacter_ReportsChecksum(string text)
    {
        Assert.False(CitizenIdNumber.TryParse(text, out _, out var error));

        Assert.Equal("id.checksum", error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("11010519491231002")]
    [InlineData("11010519491231002XX")]
    [InlineData("1101051949123100AX")]
    [InlineData("11010519491231002Y")]
    [InlineData("１１010519491231002X")]
    public void TryParse_BadShape_ReportsFormat(string? text)
    {
        Assert.False(CitizenIdNumber.TryParse(text, out _, out var error));

        Assert.Equal("id.format", error);
    }

    [Theory]
    [InlineData("00")]
    [InlineData("10")]
    [InlineData("16")]
    [InlineData("99")]
    [InlineData("84")]
    public void TryParse_UnknownProvince_ReportsRegion(string province)
    {
        var text = FormTestData.Id(province + "0105", "19491231", "002");

        Assert.False(CitizenIdNumber.TryParse(text, out _, out var error));

        Assert.Equal("id.region", error);
    }

    [Theory]
    [InlineData("20231301")]
    [InlineData("20230230")]
    [InlineData("20230001")]
    [InlineData("18991231")]
    public void TryParse_ImpossibleOrTooEarlyBirthDate_ReportsBirthDate(string birthDate)
    {
        var text = FormTestData.Id("110105", birthDate, "002");

        Assert.False(CitizenIdNumber.TryParse(text, out _, out var error));

        Assert.Equal("id.birthDate", error);
    }

    [Fact]
    public void TryParse_LeapDay_IsValid()
    {
        Assert.True(CitizenIdNumber.TryParse(FormTestData.Id("110105", "20000229", "002"), out var id, out _));

        Assert.Equal(new DateOnly(2000, 2, 29), id.BirthDate);
    }

    [Fact]
    public void TryParse_BirthDateAfterToday_ReportsBirthDateOnlyWhenTodayIsGiven()
    {
        var text = FormTestData.Id("110105", "20261202", "002");

        Assert.False(CitizenIdNumber.TryParse(text, new DateOnly(2026, 12, 1), out _, out var error));
        Assert.Equal("id.birthDate", error);
        Assert.True(CitizenIdNumber.TryParse(text, new DateOnly(2026, 12, 2), out _, out _));
        Assert.True(CitizenIdNumber.TryParse(text, out _, out _));
    }

    [Theory]
    [InlineData("001", Sex.Male)]
    [InlineData("002", Sex.Female)]
    [InlineData("019", Sex.Male)]
    [InlineData("998", Sex.Female)]
    public void Sex_FollowsParityOfSeventeenthDigit(string sequence, Sex expected)
    {
        Assert.True(CitizenIdNumber.TryParse(FormTestData.Id("430102", "19800101", sequence), out var id, out _));

        Assert.Equal(expected, id.Sex);
    }

    [Theory]
    [InlineData("2026-03-14", 35)]
    [InlineData("2026-03-15", 36)]
    [InlineData("1990-03-15", 0)]
    public void AgeOn_CountsCompletedYears(string on, int expected)
    {
        Assert.True(CitizenIdNumber.TryParse(FormTestData.Id("110105", "19900315", "002"), out var id, out _));

        Assert.Equal(expected, id.AgeOn(DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void AgeOn_LeapDayBirth_TurnsOlderOnFirstOfMarch()
    {
        Assert.True(CitizenIdNumber.TryParse(FormTestData.Id("110105", "20080229", "002"), out var id, out _));

        Assert.Equal(17, id.AgeOn(new DateOnly(2026, 2, 28)));
        Assert.Equal(18, id.AgeOn(new DateOnly(2026, 3, 1)));
    }

    [Fact]
    public void Mask_KeepsFirstSixAndLastFour()
    {
        Assert.Equal("110105********002X", CitizenIdNumber.Mask("11010519491231002X"));
        Assert.Equal("****", CitizenIdNumber.Mask("1234"));
        Assert.Equal(string.Empty, CitizenIdNumber.Mask(null));
    }

    [Theory]
    [InlineData("1101051949123100")]
    [InlineData("1101051949123100A")]
    public void ComputeCheckCharacter_NotSeventeenDigits_Throws(string text)
    {
        Assert.Throws<ArgumentException>(() => CitizenIdNumber.ComputeCheckCharacter(text));
    }

    [Fact]
    public void ToString_IsTheValue()
    {
        Assert.True(CitizenIdNumber.TryParse("11010519491231002X", out var id, out _));

        Assert.Equal("11010519491231002X", id.ToString());
    }
}
