namespace RpaRunner.Runner.Security;

/// <summary>Makes sure someone can use a runner that was started without any configured user.</summary>
public static class DevelopmentUsers
{
    /// <summary>When no users are configured, adds one for each given role with a fresh key, valid for this run only.</summary>
    public static List<(ApiUser User, string Key)> EnsureSomeone(ConfigurationManager configuration, params string[] roles) =>
        [.. Create(configuration, withPasswords: false, roles).Select(u => (u.User, u.Key))];

    /// <summary>
    /// Like <see cref="EnsureSomeone"/>, and each user also gets a password for signing in to the web UI,
    /// valid for this run only. The caller shows the keys and passwords; only their hashes are kept.
    /// </summary>
    public static List<DevelopmentUser> EnsureSomeoneWithPasswords(ConfigurationManager configuration, params string[] roles) =>
        Create(configuration, withPasswords: true, roles);

    private static List<DevelopmentUser> Create(ConfigurationManager configuration, bool withPasswords, string[] roles)
    {
        if (configuration.GetSection("Security:Users").GetChildren().Any())
        {
            return [];
        }

        roles = roles.Length == 0 ? [Roles.Admin] : roles;
        var created = new List<DevelopmentUser>();
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < roles.Length; i++)
        {
            var key = ApiKeyAuthenticationHandler.NewKey();
            var password = withPasswords ? PasswordHashing.NewPassword() : null;
            var user = new ApiUser
            {
                Name = $"{roles[i]}1",
                Role = roles[i],
                DisplayName = DisplayNameFor(roles[i]),
                ApiKeySha256 = ApiKeyAuthenticationHandler.HashKey(key),
                PasswordHash = password is null ? null : PasswordHashing.Hash(password),
            };
            settings[$"Security:Users:{i}:Name"] = user.Name;
            settings[$"Security:Users:{i}:Role"] = user.Role;
            settings[$"Security:Users:{i}:DisplayName"] = user.DisplayName;
            settings[$"Security:Users:{i}:ApiKeySha256"] = user.ApiKeySha256;
            settings[$"Security:Users:{i}:PasswordHash"] = user.PasswordHash;
            created.Add(new DevelopmentUser(user, key, password));
        }

        configuration.AddInMemoryCollection(settings);
        return created;
    }

    /// <summary>The name a run-only user is shown by (on a receipt, for the clerk who accepted the case).</summary>
    private static string DisplayNameFor(string role) => role switch
    {
        Roles.Clerk => "综合窗口 1 号",
        Roles.Operator => "运维人员 1 号",
        Roles.Designer => "流程设计员 1 号",
        _ => "管理员 1 号",
    };
}

/// <summary>A user made for one run: its API key and (for the web UI) its password, in clear for the caller to show once.</summary>
public sealed record DevelopmentUser(ApiUser User, string Key, string? Password);
