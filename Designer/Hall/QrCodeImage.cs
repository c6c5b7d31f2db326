using QRCoder;

namespace RpaRunner.Designer.Hall;

/// <summary>A QR code as a PNG data URI: an image the strict content security policy allows (img-src data:), no script.</summary>
public static class QrCodeImage
{
    public static string DataUri(string text) =>
        "data:image/png;base64," + Convert.ToBase64String(PngByteQRCodeHelper.GetQRCode(text, QRCodeGenerator.ECCLevel.M, 4));
}
