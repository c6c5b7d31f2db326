using System.Text;
using RpaRunner.Workflows.Notifications;

namespace RpaRunner.Workflows.Tests.Notifications;

/// <summary>The webhook signature both ways: HMAC-SHA256 over "{timestamp}.{body}", refused when tampered, stale or absent.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "0123456789abcdef0123456789abcdef";
    private const long Timestamp = 1764460800;
    private const string Body = """{"caseCode":"NB20261130ABC123"}""";
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    [Fact]
    public void Sign_IsTheHexHmacOfTimestampDotBody()
    {
        // Computed independently (Python's hmac module) over the bytes "1764460800.{body}".
        Assert.Equal("sha256=77dc992aeac987ee6adf8295e563620feb7ca482b66031b30dba13978e3d8c90", WebhookSignature.Sign(Secret, Timestamp, Body));
    }

    [Fact]
    public void Verify_AcceptsItsOwnSignature_WithinTheWindow()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        Assert.Equal(SignatureCheck.Valid, Verify("1764460800", signature, Body, SignedAt.AddMinutes(4)));
    }

    [Theory]
    [InlineData("""{"caseCode":"NB20261130ABC124"}""", Secret)]
    [InlineData(Body, "another-secret-0123456789abcdef0")]
    public void Verify_RefusesAnotherBodyOrSecret(string body, string secret)
    {
        var signature = WebhookSignature.Sign(secret, Timestamp, body);
        Assert.Equal(SignatureCheck.Mismatch, Verify("1764460800", signature, Body, SignedAt));
    }

    [Fact]
    public void Verify_RefusesTheSameSignatureUnderAnotherTimestamp()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        Assert.Equal(SignatureCheck.Mismatch, Verify("1764460801", signature, Body, SignedAt));
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void Verify_RefusesATimestampOutsideTheWindow_AsAReplay(int minutes)
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        Assert.Equal(SignatureCheck.Stale, Verify("1764460800", signature, Body, SignedAt.AddMinutes(minutes)));
    }

    [Theory]
    [InlineData(null, "sha256=00", SignatureCheck.Stale)]
    [InlineData("abc", "sha256=00", SignatureCheck.Stale)]
    [InlineData("1764460800", null, SignatureCheck.Missing)]
    [InlineData("1764460800", "md5=00", SignatureCheck.Missing)]
    [InlineData("1764460800", "sha256=not-hex", SignatureCheck.Mismatch)]
    public void Verify_RefusesMissingOrMalformedHeaders(string? timestamp, string? signature, SignatureCheck expected) =>
        Assert.Equal(expected, Verify(timestamp, signature, Body, SignedAt));

    private static SignatureCheck Verify(string? timestamp, string? signature, string body, DateTimeOffset now) =>
        WebhookSignature.Verify(Secret, timestamp, signature, Encoding.UTF8.GetBytes(body), now, WebhookSignature.DefaultWindow);
}
