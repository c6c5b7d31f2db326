namespace RpaRunner.Workflows.Model;

/// <summary>A department system bots drive, with the actions it offers.</summary>
public sealed class DepartmentSystem
{
    public required string Id { get; set; }

    public required string Department { get; set; }

    /// <summary>web, desktop: decides which kind of bot can drive it.</summary>
    public required string Kind { get; set; }

    /// <summary>The bot pool whose workers can run this system's actions (web, desktop-linux, …).</summary>
    public required string Pool { get; set; }

    public required LocalizedText Name { get; set; }

    public List<SystemAction> Actions { get; set; } = [];
}

/// <summary>One action of a department system: the fields a bot fills and the results it reads.</summary>
public sealed class SystemAction
{
    public required string Id { get; set; }

    public required LocalizedText Name { get; set; }

    public List<string> Inputs { get; set; } = [];

    public List<string> OptionalInputs { get; set; } = [];

    public List<string> Outputs { get; set; } = [];

    public IEnumerable<string> RequiredInputs => Inputs.Except(OptionalInputs);
}

internal sealed class SystemCatalogDocument
{
    public List<DepartmentSystem> Systems { get; set; } = [];
}
