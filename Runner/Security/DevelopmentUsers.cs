namespace RpaRunner.Runner.Security;

/// <summary>Makes sure someone can use a runner that was started without any configured user.</summary>
public static class DevelopmentUsers
{
    /// <summary>When no users are configured, adds one for each given role with a fresh key, valid for this run only.</summary>
    public static List<(ApiUser User, string Key)> EnsureSomeone(ConfigurationManager configuration, params string[] roles)
    {
        if (configuration.GetSection("Security:Users").GetChildren().Any())
        {
            return [];
        }

        roles = roles.Length == 0 ? [Roles.Admin] : roles;
        var created = new List<(ApiUser, string)>();
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < roles.Length; i++)
        {
            var key = ApiKeyAuthenticationHandler.NewKey();
            var user = new ApiUser { Name = $"{roles[i]}1", Role = roles[i], ApiKeySha256 = ApiKeyAuthenticationHandler.HashKey(key) };
            settings[$"Security:Users:{i}:Name"] = user.Name;
            settings[$"Security:Users:{i}:Role"] = user.Role;
            settings[$"Security:Users:{i}:ApiKeySha256"] = user.ApiKeySha256;
            created.Add((user, key));
        }

        configuration.AddInMemoryCollection(settings);
        return created;
    }
}
