using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RpaRunner.Workflows.Engine.Storage;

namespace RpaRunner.Runner.Security;

/// <summary>
/// The web UI's sessions, kept in the engine's database (table ui_sessions) so that every orchestrator of a farm
/// knows them. Signing in starts one and puts its random id in the cookie; each request with the cookie is
/// checked here, so signing out — which deletes the row — ends the session for every copy of the cookie, at once
/// and everywhere. Sessions that simply stop being used expire like the cookie, and are swept at the next sign-in.
/// </summary>
public sealed class UiSessions(IServiceProvider services, TimeProvider time)
{
    /// <summary>A session ends after this long without a request; the cookie expires with it (sliding).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromHours(10);

    /// <summary>The claim of the UI cookie that carries the session id.</summary>
    public const string IdClaim = "rpa:sid";

    /// <summary>Resolved when first used: a farm worker has the cookie scheme but no engine database, and never issues a cookie.</summary>
    private IDbContextFactory<EngineDbContext> Database => services.GetRequiredService<IDbContextFactory<EngineDbContext>>();

    /// <summary>Starts a session; returns the id for the cookie (the database keeps only its hash).</summary>
    public async Task<string> StartAsync(CancellationToken cancellationToken = default)
    {
        var id = Base64UrlId();
        var now = time.GetUtcNow();
        await using var db = await Database.CreateDbContextAsync(cancellationToken);
        await db.UiSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        db.UiSessions.Add(new UiSessionRecord { IdHash = Hash(id), StartedAt = now, ExpiresAt = now + IdleTimeout });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    /// <summary>
    /// True while the session is alive; then it is also moved on, like the cookie's sliding expiry (written only
    /// once half of <see cref="IdleTimeout"/> has passed, so most requests only read).
    /// </summary>
    public async Task<bool> IsAliveAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        var hash = Hash(id);
        var now = time.GetUtcNow();
        await using var db = await Database.CreateDbContextAsync(cancellationToken);
        var expiresAt = await db.UiSessions.AsNoTracking().Where(s => s.IdHash == hash).Select(s => (DateTimeOffset?)s.ExpiresAt).FirstOrDefaultAsync(cancellationToken);
        if (expiresAt is null || expiresAt <= now)
        {
            return false;
        }

        if (expiresAt - now < IdleTimeout / 2)
        {
            var renewed = now + IdleTimeout;
            await db.UiSessions.Where(s => s.IdHash == hash).ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, renewed), cancellationToken);
        }

        return true;
    }

    /// <summary>Ends the session: no copy of its cookie opens anything after this.</summary>
    public async Task EndAsync(string? id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(id))
        {
            return;
        }

        var hash = Hash(id);
        var now = time.GetUtcNow();
        await using var db = await Database.CreateDbContextAsync(cancellationToken);
        await db.UiSessions.Where(s => s.IdHash == hash || s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Base64UrlId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
