using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Afilnet.Testing.Decoding;
using Afilnet.Testing.Rendering;

namespace Afilnet.Testing.Auth;

/// <summary>
/// The OAuth 2.0 token endpoint (client credentials grant) and the bearer check of <c>/api/json/</c>. Clients
/// authenticate by HTTP Basic (id and secret form-encoded, RFC 6749 2.3.1) or with <c>client_id</c> and
/// <c>client_secret</c> in the body, never both. Answers follow RFC 6749 5.1 and 5.2.
/// </summary>
internal sealed class TokenIssuer(AfilnetFakeServerOptions options)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private int _issued;

    public int Issued => Volatile.Read(ref _issued);

    /// <summary>Whether <paramref name="authorization"/> is <c>Bearer</c> with a token this issuer gave and that has not expired.</summary>
    public bool IsValid(string? authorization) =>
        authorization is not null && AuthenticationHeaderValue.TryParse(authorization, out var header)
        && string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } token
        && _tokens.TryGetValue(token, out var expires) && options.TimeProvider.GetUtcNow() < expires;

    public Reply Issue(string? authorization, string? body)
    {
        var form = FormDecoder.Parse(body);
        var (basicId, basicSecret) = BasicCredentials.Read(authorization);
        var bodyId = FormDecoder.First(form, "client_id");
        var bodySecret = FormDecoder.First(form, "client_secret");
        var usesBasic = authorization is not null;
        if (usesBasic && (bodyId is not null || bodySecret is not null))
        {
            return Error(400, "invalid_request", "Use one client authentication method, not both.");
        }

        if (FormDecoder.First(form, "grant_type") is not { } grantType)
        {
            return Error(400, "invalid_request", "grant_type is required.");
        }

        var (id, secret) = usesBasic ? (Unform(basicId), Unform(basicSecret)) : (bodyId, bodySecret);
        if (id is null || secret is null || !IsClient(id, secret))
        {
            // RFC 6749 5.2: 401 with WWW-Authenticate when the client tried the Authorization header.
            return Error(usesBasic ? 401 : 400, "invalid_client", "Client authentication failed.");
        }

        if (!string.Equals(grantType, "client_credentials", StringComparison.Ordinal))
        {
            return Error(400, "unsupported_grant_type", "Only client_credentials is supported.");
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        _tokens[token] = options.TimeProvider.GetUtcNow() + options.TokenLifetime;
        Interlocked.Increment(ref _issued);
        return Json(200, writer =>
        {
            writer.WriteString("access_token", token);
            writer.WriteString("token_type", "Bearer");
            writer.WriteNumber("expires_in", (long)Math.Ceiling(options.TokenLifetime.TotalSeconds));
        });
    }

    /// <summary>The answer to an API call without a valid token.</summary>
    public static Reply Unauthorized() =>
        Reply.Plain(401, "The access token is missing, unknown or expired.") with
        {
            Headers = [new("WWW-Authenticate", "Bearer error=\"invalid_token\"")],
        };

    private bool IsClient(string id, string secret) =>
        (string.Equals(id, options.ClientId, StringComparison.Ordinal) && string.Equals(secret, options.ClientSecret, StringComparison.Ordinal))
        || (string.Equals(id, options.User, StringComparison.Ordinal) && string.Equals(secret, options.Password, StringComparison.Ordinal));

    private static Reply Error(int status, string error, string description)
    {
        var reply = Json(status, writer =>
        {
            writer.WriteString("error", error);
            writer.WriteString("error_description", description);
        });
        return status == 401 ? reply with { Headers = [.. reply.Headers, new("WWW-Authenticate", "Basic realm=\"afilnet\"")] } : reply;
    }

    private static Reply Json(int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return new Reply(status, Reply.Json, buffer.WrittenSpan.ToArray())
        {
            Headers = [new("Cache-Control", "no-store"), new("Pragma", "no-cache")],
        };
    }

    private static string? Unform(string? value) => value is null ? null : Uri.UnescapeDataString(value.Replace('+', ' '));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
