using RpaRunner.Workflows;

namespace RpaRunner.Designer.Access;

/// <summary>
/// Who a sign-in name belongs to and what an organisation unit is called, as people read them on a receipt or a page
/// (the login id and the unit's path are never what a person is shown when a name is configured).
/// </summary>
public interface IStaffDirectory
{
    /// <summary>The configured display name of the user signed in as <paramref name="userName"/>, or null.</summary>
    string? DisplayNameOf(string userName);

    /// <summary>The name of the organisation unit <paramref name="unit"/> (a path such as <c>furong/hall-1</c>), or null when none is configured.</summary>
    LocalizedText? UnitNameOf(string? unit);
}
