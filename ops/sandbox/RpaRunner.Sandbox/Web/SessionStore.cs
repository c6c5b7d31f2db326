using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace RpaRunner.Sandbox.Web;

internal sealed record WebSession(string Token, string Username, string DisplayName, bool Robot)
{
    public DateTimeOffset LastSeen { get; set; }
}

/// <summary>
/// Server-side sessions of one system, keyed by the token in the system's own cookie. Idle sessions expire
/// after the system's current SessionTimeoutSeconds quirk, like a servlet container's session timeout.
/// </summary>
internal sealed class SessionStore(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, WebSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _captchas = new(StringComparer.Ordinal);

    public WebSession Create(string username, string displayName, bool robot)
    {
        var session = new WebSession(NewToken(), username, displayName, robot) { LastSeen = clock.GetUtcNow() };
        _sessions[session.Token] = session;
        return session;
    }

    public enum Lookup
    {
        Missing,
        Expired,
        Active,
    }

    /// <summary>Finds the session and touches it; an idle one past the timeout is removed and reported expired.</summary>
    public (Lookup State, WebSession? Session) Touch(string? token, TimeSpan timeout)
    {
        if (token is null || !_sessions.TryGetValue(token, out var session))
        {
            return (Lookup.Missing, null);
        }

        var now = clock.GetUtcNow();
        lock (session)
        {
            if (now - session.LastSeen > timeout)
            {
                _sessions.TryRemove(token, out _);
                return (Lookup.Expired, null);
            }

            session.LastSeen = now;
        }

        return (Lookup.Active, session);
    }

    public void Remove(string? token)
    {
        if (token is not null)
        {
            _sessions.TryRemove(token, out _);
        }
    }

    /// <summary>Expires every session at once (what a server restart does to a legacy system).</summary>
    public int ExpireAll()
    {
        var count = _sessions.Count;
        _sessions.Clear();
        return count;
    }

    public int Count => _sessions.Count;

    public string IssueCaptcha(string answer)
    {
        var token = NewToken();
        _captchas[token] = answer;
        LatestCaptcha = answer;
        return token;
    }

    /// <summary>The text of the captcha shown last, for tests that play the person reading it (inspection API only).</summary>
    public string? LatestCaptcha { get; private set; }

    public string? CaptchaAnswer(string? token) => token is not null && _captchas.TryGetValue(token, out var answer) ? answer : null;

    /// <summary>A captcha answer is good for one attempt.</summary>
    public bool CheckCaptcha(string? token, string? answer) =>
        token is not null && _captchas.TryRemove(token, out var expected)
        && string.Equals(expected, answer?.Trim(), StringComparison.OrdinalIgnoreCase);

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
