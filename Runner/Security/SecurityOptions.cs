namespace RpaRunner.Runner.Security;

/// <summary>Who may call the API (configuration section "Security").</summary>
public sealed class SecurityOptions
{
    public List<ApiUser> Users { get; set; } = [];

    /// <summary>The names people know the organisation units by (a unit is otherwise shown as its path).</summary>
    public List<UnitName> Units { get; set; } = [];
}

/// <summary>What an organisation unit is called: <c>furong/hall-1</c> → 芙蓉区政务服务中心一厅.</summary>
public sealed class UnitName
{
    /// <summary>The unit's path, as in <see cref="ApiUser.Unit"/>.</summary>
    public required string Path { get; set; }

    public required string Name { get; set; }

    /// <summary>The name in English; the Chinese name when none is given.</summary>
    public string? EnglishName { get; set; }
}

/// <summary>A user or system account. Only the SHA-256 of its API key and a salted hash of its password are stored.</summary>
public sealed class ApiUser
{
    public required string Name { get; set; }

    public required string Role { get; set; }

    /// <summary>The name people know the user by (printed on a receipt as the clerk who accepted the case); optional.</summary>
    public string? DisplayName { get; set; }

    /// <summary>
    /// The organisation unit the user works in, a path such as <c>furong</c> (a district) or <c>furong/hall-1</c> (a
    /// hall in it): the user sees and acts on the cases of that unit and the units beneath it, and cases they submit
    /// belong to it. Admins see every unit. None: <see cref="Workflows.Engine.CaseScope.DefaultUnit"/>.
    /// </summary>
    public string? Unit { get; set; }

    /// <summary>Lower-case hex SHA-256 of the API key.</summary>
    public required string ApiKeySha256 { get; set; }

    /// <summary>
    /// PBKDF2 hash of the password for signing in to the web UI (<see cref="PasswordHashing"/> format), or
    /// null when the account only calls the API.
    /// </summary>
    public string? PasswordHash { get; set; }
}
