using System.Text.Json;

namespace RpaRunner.Sandbox.Store;

/// <summary>A person in the shared population register (公安 is the issuing authority).</summary>
internal sealed class PersonEntry
{
    public required string IdNumber { get; set; }
    public required string Name { get; set; }
    public required string Sex { get; set; }
    public required string BirthDate { get; set; }
    public string Address { get; set; } = "";
    public string Phone { get; set; } = "";

    /// <summary>"seed" for the seeded population, otherwise the system id that created the entry.</summary>
    public required string Source { get; set; }
}

/// <summary>An enterprise in the shared register (市场监管 is the issuing authority).</summary>
internal sealed class EnterpriseEntry
{
    public required string CreditCode { get; set; }
    public required string Name { get; set; }
    public string CompanyType { get; set; } = "";
    public string RegisteredCapital { get; set; } = "";
    public string Address { get; set; } = "";
    public string LegalRepName { get; set; } = "";
    public string LegalRepIdNumber { get; set; } = "";
    public string RegistrationNo { get; set; } = "";
    public required string Source { get; set; }
}

/// <summary>One matter handled by one department system: what was entered and what the system issued.</summary>
internal sealed class BusinessRecord
{
    public long Id { get; set; }
    public required string SystemId { get; set; }
    public required string ActionId { get; set; }

    /// <summary>The department's own acceptance number (受理编号).</summary>
    public required string ReceiptNo { get; set; }

    /// <summary>综窗受理编号: the number the comprehensive window (or its bot) wrote on the form.</summary>
    public string? ExternalNo { get; set; }

    /// <summary>ID number or credit code of the applicant the matter is about.</summary>
    public required string SubjectId { get; set; }
    public string SubjectName { get; set; } = "";

    /// <summary>The main number the matter issued (certificate, child's ID, insured number...).</summary>
    public string? DocumentNo { get; set; }
    public required string InputsJson { get; set; }
    public required string OutputsJson { get; set; }
    public required string CreatedAt { get; set; }
    public required string Operator { get; set; }

    /// <summary>web or desktop.</summary>
    public required string Channel { get; set; }

    /// <summary>1 when issued; each 更正 that changed something adds one. The record stays one record.</summary>
    public int Revision { get; set; } = 1;

    /// <summary>When the last 更正 was saved (yyyy-MM-dd HH:mm:ss), or null.</summary>
    public string? UpdatedAt { get; set; }

    /// <summary>The correction history (更正记录), oldest first, as JSON of <see cref="CorrectionEntry"/>.</summary>
    public string CorrectionsJson { get; set; } = "[]";

    public IReadOnlyDictionary<string, string> Inputs => JsonSerializer.Deserialize<Dictionary<string, string>>(InputsJson) ?? [];
    public IReadOnlyDictionary<string, string> Outputs => JsonSerializer.Deserialize<Dictionary<string, string>>(OutputsJson) ?? [];
    public IReadOnlyList<CorrectionEntry> Corrections => JsonSerializer.Deserialize<List<CorrectionEntry>>(CorrectionsJson) ?? [];

    /// <summary>Every value an output ever had, newest first (a 公民身份号码 re-issued by a correction keeps its old one here).</summary>
    public IEnumerable<string> FormerOutputs(string name) =>
        Corrections.Reverse().SelectMany(c => c.Changes).Where(ch => ch.Field == name && ch.Old.Length > 0).Select(ch => ch.Old);

    /// <summary>The files (附件) stored with the record.</summary>
    public List<RecordAttachment> Attachments { get; set; } = [];

    public string Input(string name) => Inputs.TryGetValue(name, out var v) ? v : "";
    public string Output(string name) => Outputs.TryGetValue(name, out var v) ? v : "";
}

/// <summary>A file (附件) submitted with a record: the scan as the system received it, with its SHA-256.</summary>
internal sealed class RecordAttachment
{
    public long Id { get; set; }
    public long RecordId { get; set; }

    /// <summary>The attachment of the form it was given for.</summary>
    public required string Name { get; set; }
    public required string FileName { get; set; }

    /// <summary>pdf, jpeg or png, as recognised from the content.</summary>
    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>SHA-256 (hex, lower case) of the bytes received.</summary>
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
}

/// <summary>One saved 更正: which revision it produced, who and when, why, and each changed field (old → new).</summary>
internal sealed record CorrectionEntry(int Revision, string At, string Operator, string Channel, string Reason, string Note, IReadOnlyList<FieldChange> Changes);

/// <summary>A field a correction changed; codes are kept as posted (性别 1/2), labels as shown on the form.</summary>
internal sealed record FieldChange(string Field, string Label, string Old, string New);

/// <summary>Monotonic number series of one store (certificate numbers, receipts...).</summary>
internal sealed class SequenceCounter
{
    public required string Name { get; set; }
    public long Value { get; set; }
}

/// <summary>A personal housing provident fund account, kept by 公积金.</summary>
internal sealed class ProvidentAccount
{
    public required string IdNumber { get; set; }
    public required string AccountNo { get; set; }
    public required string Name { get; set; }
    public decimal Balance { get; set; }

    /// <summary>正常 (normal), 封存 (frozen), 销户 (closed after withdrawal).</summary>
    public required string Status { get; set; }
}
