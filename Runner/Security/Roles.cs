namespace RpaRunner.Runner.Security;

/// <summary>The four kinds of people who use RpaRunner, and what each may do.</summary>
public static class Roles
{
    public const string Designer = "designer";
    public const string Clerk = "clerk";
    public const string Operator = "operator";
    public const string Admin = "admin";

    public static readonly string[] All = [Designer, Clerk, Operator, Admin];
}

/// <summary>Authorisation policies used by the API (and, later, the UI pages).</summary>
public static class Policies
{
    public const string SubmitCases = "cases.submit";
    public const string ReadCases = "cases.read";
    public const string ActOnCases = "cases.act";

    /// <summary>Amend a case's unified form (更正): the clerk with the applicant at the window, or an operator.</summary>
    public const string AmendCases = "cases.amend";
    /// <summary>Hand in a case's materials (一次告知): the clerk at the window, or an operator.</summary>
    public const string SupplyMaterials = "cases.materials";
    public const string ReadBundles = "bundles.read";
    public const string ReadAudit = "audit.read";

    /// <summary>Edit and publish bundles and department systems (drafts, publish, rollback): designers and admins.</summary>
    public const string Design = "catalog.design";
}
