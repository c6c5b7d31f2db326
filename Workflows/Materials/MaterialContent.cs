using RpaRunner.Workflows.Model;

namespace RpaRunner.Workflows.Materials;

/// <summary>
/// Recognises a material's file type by its content (the signature its format begins with), never by the file name
/// or the content type a client claims, so a renamed executable is not taken for a scan.
/// </summary>
public static class MaterialContent
{
    private static readonly byte[] PdfSignature = "%PDF-"u8.ToArray();
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The number of leading bytes <see cref="Sniff"/> needs.</summary>
    public const int SignatureLength = 8;

    /// <summary>The type the content is, or null when it is none of the types a material may have.</summary>
    public static MaterialType? Sniff(ReadOnlySpan<byte> content) =>
        content.StartsWith(PdfSignature) ? MaterialType.Pdf
        : content.StartsWith(JpegSignature) ? MaterialType.Jpeg
        : content.StartsWith(PngSignature) ? MaterialType.Png
        : null;

    /// <summary>The media type a material of this type is served as.</summary>
    public static string MediaType(MaterialType type) => type switch
    {
        MaterialType.Pdf => "application/pdf",
        MaterialType.Jpeg => "image/jpeg",
        MaterialType.Png => "image/png",
        _ => "application/octet-stream",
    };

    /// <summary>What people call the type.</summary>
    public static string Label(MaterialType type) => type switch
    {
        MaterialType.Pdf => "PDF",
        MaterialType.Jpeg => "JPEG",
        MaterialType.Png => "PNG",
        _ => type.ToString(),
    };

    /// <summary>The file name extension of a type, for a stored file's name.</summary>
    public static string Extension(MaterialType type) => type switch
    {
        MaterialType.Pdf => ".pdf",
        MaterialType.Jpeg => ".jpg",
        MaterialType.Png => ".png",
        _ => string.Empty,
    };
}
