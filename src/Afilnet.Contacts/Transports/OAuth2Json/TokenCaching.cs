using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Afilnet.Contacts.Configuration;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Afilnet.Contacts.Transports.OAuth2Json;

/// <summary>
/// The token of one token request (endpoint, client id, client secret, client authentication), shared by every client
/// of a container that makes that request: one cached token and one single-flight refresh. Clients whose requests
/// differ in any of these get different slots, so they never share.
/// </summary>
internal sealed class TokenSlot(string key)
{
    public object Lock { get; } = new();

    /// <summary>The slot's key: a keyed hash of the token request, never the secret itself.</summary>
    public string Key { get; } = key;

    public AccessToken? Current { get; set; }

    public Task<OAuth2TokenSource.TokenOutcome>? Pending { get; set; }
}

/// <summary>
/// Where tokens are kept: the slots of one DI container (every client it builds) or of one client built without a host,
/// and, when the app opts in, a <see cref="HybridCache"/> (over the app's IDistributedCache, Redis say) that a fleet of
/// processes shares. Only the token and when to stop handing it out are stored there, under the slot's key.
/// </summary>
internal sealed class TokenCaching(HybridCache? shared, ILogger? logger)
{
    private readonly ConcurrentDictionary<string, TokenSlot> _slots = new(StringComparer.Ordinal);

    /// <summary>A cache of one client's own, sharing with nobody (a client built without a host).</summary>
    public static TokenCaching Local() => new(null, null);

    /// <summary>The fleet-wide cache, when the app opted in; <see langword="null"/> otherwise.</summary>
    public HybridCache? Shared { get; } = shared;

    public ILogger Logger { get; } = logger ?? NullLogger.Instance;

    /// <summary>A copy sharing these slots that also goes through <paramref name="hybrid"/>.</summary>
    public TokenCaching With(HybridCache hybrid, ILogger? log) => new(hybrid, log, _slots);

    public TokenSlot SlotFor(Uri endpoint, CredentialSet credentials, OAuth2ClientAuthentication style)
    {
        var key = KeyOf(endpoint, credentials, style);
        return _slots.GetOrAdd(key, static k => new TokenSlot(k));
    }

    /// <summary>
    /// The slot's key: an HMAC of every token-request parameter keyed with the client secret, so the key differs
    /// whenever any of them does, and neither the secret nor anything that reveals it is stored or logged.
    /// </summary>
    public static string KeyOf(Uri endpoint, CredentialSet credentials, OAuth2ClientAuthentication style)
    {
        var parameters = Encoding.UTF8.GetBytes($"{endpoint.AbsoluteUri}\n{credentials.ClientId}\n{style}");
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(credentials.ClientSecret), parameters);
        return "afilnet:token:v1:" + Convert.ToHexStringLower(hash);
    }

    /// <summary>What the shared cache holds: when to stop handing the token out, and the token.</summary>
    public static string Serialize(AccessToken token) =>
        string.Create(CultureInfo.InvariantCulture, $"{token.RefreshAt.ToUnixTimeMilliseconds()}|{token.Value}");

    public static bool TryParse(string? stored, out DateTimeOffset refreshAt, out string value)
    {
        refreshAt = default;
        value = string.Empty;
        var bar = stored?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        if (bar <= 0 || !long.TryParse(stored.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) || bar == stored!.Length - 1)
        {
            return false;
        }

        refreshAt = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        value = stored[(bar + 1)..];
        return true;
    }

    private TokenCaching(HybridCache? shared, ILogger? logger, ConcurrentDictionary<string, TokenSlot> slots)
        : this(shared, logger)
    {
        _slots = slots;
    }
}
