using RpaRunner.Workflows.Materials;
using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Tests.Materials;

public sealed class MaterialContentTests
{
    [Fact]
    public void Sniff_RecognisesEachTypeByItsSignature()
    {
        Assert.Equal(MaterialType.Pdf, MaterialContent.Sniff("%PDF-1.7\n%âãÏÓ"u8));
        Assert.Equal(MaterialType.Jpeg, MaterialContent.Sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F']));
        Assert.Equal(MaterialType.Png, MaterialContent.Sniff([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]));
    }

    [Theory]
    [InlineData("MZ\u0090\0\u0003\0\0\0")] // a Windows executable, whatever its name says
    [InlineData("<html><body>")]
    [InlineData("PK\u0003\u0004")] // a zip (or .docx)
    [InlineData(" %PDF-1.7")] // the signature must come first
    [InlineData("")]
    public void Sniff_OtherContent_IsNoMaterialType(string content) =>
        Assert.Null(MaterialContent.Sniff(System.Text.Encoding.Latin1.GetBytes(content)));

    [Fact]
    public void Sniff_TruncatedPngSignature_IsNotPng() =>
        Assert.Null(MaterialContent.Sniff([0x89, (byte)'P', (byte)'N', (byte)'G']));
}
