using System.Text.Json.Serialization;
using RpaRunner.Workflows.Forms;

namespace RpaRunner.Workflows.Model;

/// <summary>
/// One "一件事" bundle: the unified form an applicant fills in once, and the cross-department steps
/// that bots perform from it. Stored as versioned JSON under Workflows/Bundles; a case pins one version.
/// </summary>
public sealed class BundleDefinition
{
    [JsonPropertyName("$schema")]
    public string? Schema { get; set; }

    public required string Id { get; set; }

    public required int Version { get; set; }

    public required LocalizedText Name { get; set; }

    /// <summary>Two or three capital letters that start every case code of this bundle (e.g. NB).</summary>
    public required string CasePrefix { get; set; }

    public string? LeadDepartment { get; set; }

    public LocalizedText? Description { get; set; }

    public required FormDefinition Form { get; set; }

    public List<StepDefinition> Steps { get; set; } = [];

    /// <summary>一次告知: the materials (scans) the applicant hands in, and the matters that need each.</summary>
    public List<MaterialDefinition> Materials { get; set; } = [];

    public StepDefinition? FindStep(string stepId) => Steps.Find(s => s.Id == stepId);

    public MaterialDefinition? FindMaterial(string materialId) => Materials.Find(m => m.Id == materialId);
}

/// <summary>One matter (事项) of a bundle, performed by one action of one department system.</summary>
public sealed class StepDefinition
{
    public required string Id { get; set; }

    public required LocalizedText Matter { get; set; }

    /// <summary>实施编码: the matter's national implementing code (GB/T 39554.1), shown on the receipt; optional.</summary>
    public string? MatterCode { get; set; }

    public required string Department { get; set; }

    public required string System { get; set; }

    public required string Action { get; set; }

    /// <summary>Action input name → where its value comes from.</summary>
    public Dictionary<string, InputSource> Inputs { get; set; } = [];

    /// <summary>The action outputs this step keeps for later steps and for the applicant's receipt.</summary>
    public List<string> Outputs { get; set; } = [];

    public List<string> DependsOn { get; set; } = [];

    /// <summary>The step runs only when this holds; otherwise it is skipped.</summary>
    public StepCondition? Condition { get; set; }

    /// <summary>承诺时限: the committed time limit of the matter, in working days.</summary>
    public decimal? TimeLimitDays { get; set; }

    public RetryPolicy Retry { get; set; } = new();
}

/// <summary>
/// Where an action input comes from: a path (<c>form.section.field</c> or <c>steps.stepId.output</c>)
/// or a constant. In JSON a plain string is a path; <c>{"value": ...}</c> is a constant;
/// <c>{"path": ..., "when": condition}</c> is a path whose value is passed only when the condition holds (a
/// father's document number fills a citizen-ID input only when that document is the resident ID);
/// <c>{"path": ..., "when": condition, "otherwise": path}</c> takes the other path's value when the condition does not
/// hold (the certificate number from the 电子证照库 when it was found there, otherwise the one 卫健 issued).
/// </summary>
[JsonConverter(typeof(InputSourceJsonConverter))]
public sealed record InputSource(string? Path, System.Text.Json.Nodes.JsonNode? Value)
{
    public static InputSource FromPath(string path) => new(path, null);

    public bool IsConstant => Path is null;

    /// <summary>The input receives its value only when this holds; otherwise it is left empty (or takes <see cref="Otherwise"/>).</summary>
    public StepCondition? When { get; init; }

    /// <summary>Where the value comes from when <see cref="When"/> does not hold; only with a <see cref="When"/>.</summary>
    public string? Otherwise { get; init; }
}

/// <summary>
/// A condition on the form and earlier outputs: <c>{"path": ..., "equals": ...}</c>,
/// <c>{"path": ..., "in": [...]}</c>, <c>{"path": ..., "notEmpty": true}</c>, or a combination with
/// <c>all</c>, <c>any</c> and <c>not</c>.
/// </summary>
public sealed class StepCondition
{
    public string? Path { get; set; }

    [JsonPropertyName("equals")]
    public System.Text.Json.JsonElement? EqualTo { get; set; }

    public List<System.Text.Json.JsonElement>? In { get; set; }

    public bool? NotEmpty { get; set; }

    public List<StepCondition>? All { get; set; }

    public List<StepCondition>? Any { get; set; }

    public StepCondition? Not { get; set; }
}

/// <summary>How transient failures of a step are retried before a person is asked.</summary>
public sealed class RetryPolicy
{
    public int MaxAttempts { get; set; } = 5;

    public double InitialDelaySeconds { get; set; } = 5;

    public double MaxDelaySeconds { get; set; } = 600;

    public double BackoffFactor { get; set; } = 2;
}
