using System.Globalization;
using System.Text;

namespace RpaRunner.Sandbox.Licences;

/// <summary>
/// The document of a licence: a small, well-formed one-page PDF stating the licence's number and dates (plain ASCII
/// text, so no font needs embedding). Its bytes are the same every time for the same licence, so its SHA-256 is stable.
/// </summary>
internal static class LicenceDocument
{
    public static byte[] BirthCertificate(string certificateNo, DateOnly issueDate, DateOnly birthDate, string sex) =>
        Pdf([
            "Birth Medical Certificate (Chu Sheng Yi Xue Zheng Ming)",
            "Certificate No. " + certificateNo,
            "Date of birth " + birthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + ", sex code " + sex,
            "Issued " + issueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "Electronic licence library (sandbox)",
        ]);

    private static byte[] Pdf(IReadOnlyList<string> lines)
    {
        var text = new StringBuilder("BT /F1 12 Tf 50 780 Td 16 TL\n");
        foreach (var line in lines)
        {
            text.Append('(').Append(line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)).Append(") Tj T*\n");
        }

        text.Append("ET");
        var content = text.ToString();
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            string.Create(CultureInfo.InvariantCulture, $"<< /Length {Encoding.ASCII.GetByteCount(content)} >>\nstream\n{content}\nendstream"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
