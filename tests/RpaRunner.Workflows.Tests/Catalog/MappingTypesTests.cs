using RpaRunner.Workflows.Catalog;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Tests.Catalog;

public sealed class MappingTypesTests
{
    private static FormField Field(string id, FieldType type, string? pattern = null) =>
        new() { Id = id, Label = new(id, id), Type = type, Pattern = pattern };

    [Fact]
    public void Fit_DateIntoBankCard_IsAMismatch()
    {
        var fit = MappingTypes.Fit(Field("birthDate", FieldType.Date), Field("bankCardNo", FieldType.BankCard));
        Assert.Equal(TypeFitKind.Mismatch, fit.Kind);
        Assert.Equal("日期不能填入银行卡号字段", fit.Note.Zh);
    }

    [Fact]
    public void Fit_NameIntoApprovalNumber_IsAMismatch()
    {
        var fit = MappingTypes.Fit(Field("fatherName", FieldType.ChineseName), Field("retirementApprovalNo", FieldType.Text, "^[0-9A-Z]{4,32}$"));
        Assert.Equal(TypeFitKind.Mismatch, fit.Kind);
    }

    [Fact]
    public void Fit_TextIntoText_IsTheSame()
    {
        Assert.Equal(TypeFitKind.Same, MappingTypes.Fit(Field("a", FieldType.Text), Field("b", FieldType.Text)).Kind);
    }

    [Theory]
    [InlineData(FieldType.ChineseName, FieldType.Text)]
    [InlineData(FieldType.Date, FieldType.Text)]
    [InlineData(FieldType.Integer, FieldType.Money)]
    public void Fit_CompatibleByFormat_IsAcceptedWithANote(FieldType from, FieldType to)
    {
        var fit = MappingTypes.Fit(Field("from", from), Field("companyName", to));
        Assert.Equal(TypeFitKind.ByFormat, fit.Kind);
        Assert.False(fit.IsError);
        Assert.Contains("格式填入", fit.Note.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CreditCodeIntoACode_IsCompatibleByFormat()
    {
        var fit = MappingTypes.Fit(Field("creditCode", FieldType.CreditCode), Field("sealFilingNo", FieldType.Text));
        Assert.Equal(TypeFitKind.ByFormat, fit.Kind);
    }
}
