namespace RpaRunner.Designer.Access;

/// <summary>
/// The roles of the people who use the UI (the same names as the runner's API roles) and the page
/// policies built on them. The host registers the policies; pages name them in [Authorize].
/// </summary>
public static class UiPolicies
{
    public const string DesignerRole = "designer";
    public const string ClerkRole = "clerk";
    public const string OperatorRole = "operator";
    public const string AdminRole = "admin";

    /// <summary>Bundle designer: workflow designers and admins.</summary>
    public const string Design = "ui.design";

    /// <summary>Hall: clerks at the window and admins.</summary>
    public const string Hall = "ui.hall";

    /// <summary>Console: operators and admins.</summary>
    public const string Console = "ui.console";

    /// <summary>
    /// 更正办件: amend a case's unified form. Clerks (the applicant corrects at the window, 补正), operators and admins.
    /// </summary>
    public const string Amend = "ui.amend";

    /// <summary>Which roles each policy admits.</summary>
    public static IReadOnlyDictionary<string, string[]> Roles { get; } = new Dictionary<string, string[]>
    {
        [Design] = [DesignerRole, AdminRole],
        [Hall] = [ClerkRole, AdminRole],
        [Console] = [OperatorRole, AdminRole],
        [Amend] = [ClerkRole, OperatorRole, AdminRole],
    };
}
