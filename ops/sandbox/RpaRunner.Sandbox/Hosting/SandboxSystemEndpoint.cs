namespace RpaRunner.Sandbox.Hosting;

/// <summary>Where a running department system listens and how a robot logs in.</summary>
/// <param name="Id">System id of Workflows/Systems/systems.json (weijian, gongan, ...).</param>
/// <param name="Kind">web, or desktop for the counter client (whose BaseUrl is its local store endpoint).</param>
/// <param name="CookieName">Session cookie of the web system; each system has its own.</param>
public sealed record SandboxSystemEndpoint(
    string Id,
    string Department,
    string Name,
    string Kind,
    Uri BaseUrl,
    string RobotUsername,
    string RobotPassword,
    string CookieName,
    IReadOnlyList<string> ActionIds)
{
    public Uri LoginUrl => new(BaseUrl, "login");
    public Uri SearchUrl => new(BaseUrl, "search");

    /// <summary>The form of an action, e.g. FormUrl("gongan.registerNewborn").</summary>
    public Uri FormUrl(string actionId) => new(BaseUrl, "biz/" + actionId[(actionId.IndexOf('.', StringComparison.Ordinal) + 1)..]);
}
