using Microsoft.Extensions.Options;
using RpaRunner.Designer.Access;

namespace RpaRunner.Runner.Security;

/// <summary>Display names of the configured users (<see cref="ApiUser.DisplayName"/>), read at each call so a change applies at once.</summary>
public sealed class ConfiguredStaffDirectory(IOptionsMonitor<SecurityOptions> security) : IStaffDirectory
{
    public string? DisplayNameOf(string userName) =>
        security.CurrentValue.Users.Find(u => string.Equals(u.Name, userName, StringComparison.Ordinal))?.DisplayName is { Length: > 0 } name ? name : null;
}
