namespace RpaRunner.Designer.Access;

/// <summary>Who a sign-in name belongs to, as people read it on a receipt (the login id is never printed).</summary>
public interface IStaffDirectory
{
    /// <summary>The configured display name of the user signed in as <paramref name="userName"/>, or null.</summary>
    string? DisplayNameOf(string userName);
}
