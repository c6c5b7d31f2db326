using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using RpaRunner.Designer.Access;

namespace RpaRunner.Runner.Security;

/// <summary>
/// Authenticates API calls by key (header <c>X-Api-Key</c>, or <c>Authorization: ApiKey …</c>), comparing
/// SHA-256 hashes in constant time. Each key maps to one user, role and organisation unit.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<SecurityOptions> security) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers[HeaderName].ToString();
        if (string.IsNullOrEmpty(key))
        {
            var authorization = Request.Headers.Authorization.ToString();
            if (authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
            {
                key = authorization[(SchemeName.Length + 1)..].Trim();
            }
        }

        if (string.IsNullOrEmpty(key))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var hash = HashKey(key);
        var user = security.CurrentValue.Users.FirstOrDefault(u =>
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(u.ApiKeySha256.ToLowerInvariant()), Encoding.ASCII.GetBytes(hash)));
        if (user is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role), UnitClaims.For(user.Unit)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    public static string HashKey(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>A new random API key (32 bytes, URL-safe).</summary>
    public static string NewKey() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
