using RpaRunner.Sandbox.Identifiers;

namespace RpaRunner.Sandbox.Tests.Identifiers;

public class IdentifierTests
{
    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("11010519491231002x", true)]
    [InlineData("110105194912310021", false)]
    [InlineData("110105194913310028", false)]
    [InlineData("11010519491231002", false)]
    public void CitizenIdNumber_IsValid_ChecksCharacterAndDate(string value, bool expected) =>
        Assert.Equal(expected, CitizenIdNumber.IsValid(value));

    [Fact]
    public void CitizenIdNumber_Compose_GivesValidNumberWhoseParityIsTheSex()
    {
        var male = CitizenIdNumber.Compose("430102", new DateOnly(2026, 10, 8), 13);
        var female = CitizenIdNumber.Compose("430102", new DateOnly(2026, 10, 8), 14);
        Assert.True(CitizenIdNumber.IsValid(male));
        Assert.True(CitizenIdNumber.IsValid(female));
        Assert.Equal("1", CitizenIdNumber.SexCode(male));
        Assert.Equal("2", CitizenIdNumber.SexCode(female));
        Assert.StartsWith("43010220261008013", male, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("91350100M000100Y43", true)]
    [InlineData("91350100M000100Y44", false)]
    [InlineData("91350100M000100I43", false)]
    [InlineData("91350100M000100Y56", false)]
    [InlineData("000000000000000000", false)]
    [InlineData("94350100M000100Y4R", false)]
    public void CreditCode_IsValid_FollowsGb32100(string value, bool expected) => Assert.Equal(expected, CreditCode.IsValid(value));

    [Fact]
    public void CreditCode_Compose_AddsBothCheckCharacters()
    {
        Assert.Equal('4', CreditCode.OrganisationCheckCharacter("M000100Y"));
        Assert.Equal("91350100M000100Y43", CreditCode.Compose("350100", "M000100Y"));
    }

    [Fact]
    public void RegistrationNumber_CheckDigit_IsIso7064Mod1110()
    {
        var first14 = "43010000010000";
        var full = first14 + RegistrationNumber.CheckDigit(first14);
        Assert.True(RegistrationNumber.IsValid(full));
        var wrong = first14 + (char)('0' + ((full[14] - '0' + 1) % 10));
        Assert.False(RegistrationNumber.IsValid(wrong));
    }

    [Theory]
    [InlineData("6222021234567890128", true)]
    [InlineData("6222021234567890123", false)]
    [InlineData("62220212345", false)]
    public void BankCardNumber_IsValid_UsesLuhn(string value, bool expected) => Assert.Equal(expected, BankCardNumber.IsValid(value));
}
