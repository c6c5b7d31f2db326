using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Forms;

public class IdentityDocumentTests
{
    private static readonly DateOnly Today = new(2026, 11, 30);

    [Theory]
    [InlineData(DocumentType.ResidentId, "11010519491231002x", "11010519491231002X")]
    [InlineData(DocumentType.HkMacaoResidencePermit, "810000199001011230", "810000199001011230")]
    [InlineData(DocumentType.HkMacaoResidencePermit, "820000198802021241", "820000198802021241")]
    [InlineData(DocumentType.TaiwanResidencePermit, "83000019751231035x", "83000019751231035X")]
    [InlineData(DocumentType.ForeignPermanentResidence, "91184019850312001X", "91184019850312001X")]
    [InlineData(DocumentType.ForeignPermanentResidence, "usa118503120012", "USA118503120012")]
    [InlineData(DocumentType.Passport, "E12345678", "E12345678")]
    [InlineData(DocumentType.Passport, " 533401872 ", "533401872")]
    [InlineData(DocumentType.Passport, "AB123", "AB123")]
    [InlineData(DocumentType.HkMacaoPermit, "H12345678", "H12345678")]
    [InlineData(DocumentType.HkMacaoPermit, "m1234567890", "M1234567890")]
    [InlineData(DocumentType.TaiwanPermit, "01234567", "01234567")]
    public void TryParse_ValidNumber_IsAcceptedAndNormalised(DocumentType type, string text, string expected)
    {
        Assert.True(IdentityDocument.TryParse(type, text, Today, out var document, out var error), error);

        Assert.Equal(expected, document.Number);
        Assert.Equal(type, document.Type);
    }

    [Theory]
    [InlineData(DocumentType.HkMacaoResidencePermit, "81000019900101123", "document.format")]
    [InlineData(DocumentType.HkMacaoResidencePermit, "83000019751231035X", "document.region")]
    [InlineData(DocumentType.HkMacaoResidencePermit, "11010519491231002X", "document.region")]
    [InlineData(DocumentType.HkMacaoResidencePermit, "810000199001011231", "document.checksum")]
    [InlineData(DocumentType.TaiwanResidencePermit, "810000199001011230", "document.region")]
    [InlineData(DocumentType.TaiwanResidencePermit, "830000197513310350", "document.birthDate")]
    [InlineData(DocumentType.ForeignPermanentResidence, "81184019850312001X", "document.format")]
    [InlineData(DocumentType.ForeignPermanentResidence, "90184019850312001X", "document.region")]
    [InlineData(DocumentType.ForeignPermanentResidence, "91184019851312001X", "document.birthDate")]
    [InlineData(DocumentType.ForeignPermanentResidence, "911840198503120010", "document.checksum")]
    [InlineData(DocumentType.ForeignPermanentResidence, "US1118503120012", "document.format")]
    [InlineData(DocumentType.ForeignPermanentResidence, "USA998503120012", "document.region")]
    [InlineData(DocumentType.ForeignPermanentResidence, "USA118513120012", "document.birthDate")]
    [InlineData(DocumentType.ForeignPermanentResidence, "USA11850312001", "document.format")]
    [InlineData(DocumentType.Passport, "E123", "document.format")]
    [InlineData(DocumentType.Passport, "E123456789012345678", "document.format")]
    [InlineData(DocumentType.Passport, "E1234-5678", "document.format")]
    [InlineData(DocumentType.HkMacaoPermit, "K12345678", "document.format")]
    [InlineData(DocumentType.HkMacaoPermit, "H123456789", "document.format")]
    [InlineData(DocumentType.TaiwanPermit, "0123456", "document.format")]
    [InlineData(DocumentType.TaiwanPermit, "T1234567", "document.format")]
    public void TryParse_InvalidNumber_ReportsItsCode(DocumentType type, string text, string expected)
    {
        Assert.False(IdentityDocument.TryParse(type, text, Today, out _, out var error));

        Assert.Equal(expected, error);
    }

    [Fact]
    public void TryParse_ResidentId_KeepsTheCitizenIdCodes()
    {
        Assert.False(IdentityDocument.TryParse(DocumentType.ResidentId, "110105194912310021", Today, out _, out var error));

        Assert.Equal("id.checksum", error);
    }

    [Fact]
    public void TryParse_PermanentResidence2023_CarriesBirthDateAndSex()
    {
        Assert.True(IdentityDocument.TryParse(DocumentType.ForeignPermanentResidence, "91184019850312001X", Today, out var male, out _));
        Assert.True(IdentityDocument.TryParse(DocumentType.ForeignPermanentResidence, "931840200002290022", Today, out var female, out _));

        Assert.Equal((new DateOnly(1985, 3, 12), Sex.Male), (male.BirthDate, male.Sex));
        Assert.Equal((new DateOnly(2000, 2, 29), Sex.Female), (female.BirthDate, female.Sex));
    }

    [Fact]
    public void TryParse_ResidencePermit_CarriesBirthDateAndSex()
    {
        Assert.True(IdentityDocument.TryParse(DocumentType.TaiwanResidencePermit, "83000019751231035X", Today, out var permit, out _));

        Assert.Equal((new DateOnly(1975, 12, 31), Sex.Male), (permit.BirthDate, permit.Sex));
    }

    [Theory]
    [InlineData(DocumentType.Passport, "E12345678")]
    [InlineData(DocumentType.ForeignPermanentResidence, "USA118503120012")]
    [InlineData(DocumentType.HkMacaoPermit, "H12345678")]
    [InlineData(DocumentType.TaiwanPermit, "01234567")]
    public void TryParse_DocumentWithoutEncodedData_HasNoBirthDateOrSex(DocumentType type, string text)
    {
        Assert.True(IdentityDocument.TryParse(type, text, Today, out var document, out _));

        Assert.Null(document.BirthDate);
        Assert.Null(document.Sex);
    }

    [Fact]
    public void TryParse_PermanentResidence2023BornAfterToday_ReportsBirthDate()
    {
        Assert.False(IdentityDocument.TryParse(DocumentType.ForeignPermanentResidence, "91184020270101001" + CitizenIdNumber.ComputeCheckCharacter("91184020270101001"), Today, out _, out var error));

        Assert.Equal("document.birthDate", error);
    }

    [Fact]
    public void DocumentTypes_CodesRoundTripAndOnlyForeignDocumentsAllowLatinNames()
    {
        foreach (var option in DocumentTypes.Options)
        {
            Assert.True(DocumentTypes.TryParse(option.Code, out var type));
            Assert.Equal(option.Code, DocumentTypes.Code(type));
        }

        Assert.Equal(7, DocumentTypes.Options.Count);
        Assert.Equal(
            [DocumentType.ForeignPermanentResidence, DocumentType.Passport],
            Enum.GetValues<DocumentType>().Where(DocumentTypes.AllowsLatinName));
    }
}
