using Microsoft.Extensions.Options;
using RpaRunner.Designer.Access;
using RpaRunner.Workflows;
using RpaRunner.Workflows.Engine;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Display names of the configured users (<see cref="ApiUser.DisplayName"/>) and of the units
/// (<see cref="SecurityOptions.Units"/>), read at each call so a change applies at once.
/// </summary>
public sealed class ConfiguredStaffDirectory(IOptionsMonitor<SecurityOptions> security) : IStaffDirectory
{
    /// <summary>The unit of users and cases that have none, when the configuration does not name it.</summary>
    private static readonly LocalizedText DefaultUnitName = new("本单位", "this office");

    public string? DisplayNameOf(string userName) =>
        security.CurrentValue.Users.Find(u => string.Equals(u.Name, userName, StringComparison.Ordinal))?.DisplayName is { Length: > 0 } name ? name : null;

    public LocalizedText? UnitNameOf(string? unit)
    {
        var path = string.IsNullOrEmpty(unit) ? CaseScope.DefaultUnit : unit;
        var named = security.CurrentValue.Units.Find(u => string.Equals(u.Path, path, StringComparison.Ordinal));
        if (named is { Name.Length: > 0 })
        {
            return new LocalizedText(named.Name, named.EnglishName is { Length: > 0 } english ? english : named.Name);
        }

        return path == CaseScope.DefaultUnit ? DefaultUnitName : null;
    }
}
