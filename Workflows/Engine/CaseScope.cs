using System.Text.RegularExpressions;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Workflows.Engine;

/// <summary>
/// The organisation units whose cases someone may see and act on: the one home of that rule. Units are paths, a
/// district and the halls beneath it (<c>furong</c>, <c>furong/hall-1</c>); a case belongs to the unit of whoever
/// submitted it. A person sees the cases of their own unit and of every unit beneath it; an admin (and the runner's
/// own command line) sees all. A case outside the scope is treated as if it did not exist, so nobody learns that it
/// does. Users and cases without a unit belong to <see cref="DefaultUnit"/>.
/// </summary>
public sealed partial class CaseScope
{
    /// <summary>The unit of users and cases for which none is configured: a runner without units is one unit.</summary>
    public const string DefaultUnit = "default";

    /// <summary>The longest unit path (the width of the stored column).</summary>
    public const int MaxUnitLength = 128;

    private const char Separator = '/';

    private CaseScope(string? unit) => Unit = unit;

    /// <summary>Every case of every unit: admins, and the runner's own doors that act for the whole bureau (command line, batch).</summary>
    public static CaseScope All { get; } = new(null);

    /// <summary>The unit whose cases (and those of the units beneath it) are in scope; null for <see cref="All"/>.</summary>
    public string? Unit { get; }

    public bool IsAll => Unit is null;

    /// <summary>The cases of <paramref name="unit"/> and of the units beneath it (no unit: <see cref="DefaultUnit"/>).</summary>
    public static CaseScope Of(string? unit) => new(UnitOrDefault(unit));

    /// <summary>The unit a user or case without one belongs to.</summary>
    public static string UnitOrDefault(string? unit) => string.IsNullOrWhiteSpace(unit) ? DefaultUnit : unit.Trim();

    /// <summary>
    /// A unit path: segments of lower-case letters, digits, '-' and '_' (each starting with a letter or digit)
    /// joined by '/', at most <see cref="MaxUnitLength"/> characters.
    /// </summary>
    public static bool IsWellFormed(string? unit) => unit is { Length: > 0 and <= MaxUnitLength } && UnitPath().IsMatch(unit);

    /// <summary>Whether a case of <paramref name="caseUnit"/> lies in this scope: the same unit or one beneath it.</summary>
    public bool Includes(string? caseUnit)
    {
        if (Unit is null)
        {
            return true;
        }

        var unit = UnitOrDefault(caseUnit);
        return unit == Unit || (unit.Length > Unit.Length && unit[Unit.Length] == Separator && unit.StartsWith(Unit, StringComparison.Ordinal));
    }

    /// <summary>The cases of this scope, as a query the database answers (an index on the unit serves it).</summary>
    internal IQueryable<CaseRecord> Filter(IQueryable<CaseRecord> cases)
    {
        if (Unit is null)
        {
            return cases;
        }

        var unit = Unit;
        var beneath = Unit + Separator;
        return cases.Where(c => c.Unit == unit || c.Unit.StartsWith(beneath));
    }

    /// <summary>The steps of the cases of this scope.</summary>
    internal IQueryable<StepRecord> Filter(IQueryable<StepRecord> steps)
    {
        if (Unit is null)
        {
            return steps;
        }

        var unit = Unit;
        var beneath = Unit + Separator;
        return steps.Where(s => s.Case!.Unit == unit || s.Case.Unit.StartsWith(beneath));
    }

    public override string ToString() => Unit ?? "*";

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex UnitPath();
}
