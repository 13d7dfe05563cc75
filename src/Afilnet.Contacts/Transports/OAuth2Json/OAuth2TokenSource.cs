using System.Net.Http.Headers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Secrets;
using Afilnet.Contacts.Transports.Http;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Logging;

namespace Afilnet.Contacts.Transports.OAuth2Json;

/// <summary>An access token and what goes with it. Its value never appears in <see cref="ToString"/>.</summary>
internal sealed class AccessToken(string value, DateTimeOffset refreshAt, CredentialSet issuedFor)
{
    /// <summary>The client credentials the token was issued for (or read from the shared cache for).</summary>
    public CredentialSet IssuedFor { get; } = issuedFor;

    /// <summary>The token itself: for the shared cache only, never for a message.</summary>
    public string Value { get; } = value;

    /// <summary>The <c>Authorization: Bearer …</c> value, built once and shared by every call that uses the token.</summary>
    public AuthenticationHeaderValue Header { get; } = new("Bearer", value);

    /// <summary>When the token stops being handed out: its expiry less the refresh skew.</summary>
    public DateTimeOffset RefreshAt { get; } = refreshAt;

    /// <summary>The credentials' gate plus this token, for answers to calls made with it.</summary>
    public ServerTextGate Gate { get; } = issuedFor.Gate.With(value);

    public override string ToString() => $"AccessToken {{ Value = {ServerTextGate.Placeholder}, RefreshAt = {RefreshAt:O} }}";
}

/// <summary>
/// Gets client-credentials tokens with Duende.IdentityModel, over the same pipeline and policy as every API call (so the
/// token request gets the same limits, timeout, redirect refusal and scrubbing), and caches one until shortly before it
/// expires. Every client of a container with the same token request shares the token and a single token request
/// (<see cref="TokenSlot"/>); with the app's opt-in, so do the processes of a fleet, through HybridCache. A failure is
/// not cached; one caller's cancellation only stops that caller's wait, never the shared request; a cache that fails
/// falls back to the token endpoint, never to a call without a token. Modelled on Azure.Core's
/// BearerTokenAuthenticationPolicy and Duende's access-token management.
/// </summary>
internal sealed partial class OAuth2TokenSource
{
    private const int MaxDescriptionChars = 200;
    private const string TokenRequest = "token request";

    /// <summary>How long a read or write of the shared cache may take before the token endpoint is asked instead.</summary>
    private static readonly TimeSpan SharedCacheTimeout = TimeSpan.FromSeconds(2);

    private readonly TokenCaching _caching;
    private readonly OAuth2ClientAuthentication _authentication;
    private readonly HttpMessageInvoker _invoker;
    private readonly HttpCallSettings _callSettings;
    private readonly RotatingCredentials _credentials;
    private readonly ClientCredentialStyle _style;
    private readonly TimeSpan _skew;
    private readonly TimeSpan _defaultLifetime;
    private readonly TimeProvider _time;

    // The slot of the last credential set seen: its key is an HMAC, worth computing once per rotation, not per call.
    private SlotOfSet? _lastSlot;

    public OAuth2TokenSource(ClientSettings settings, HttpPipeline pipeline, HttpCallSettings callSettings, TokenCaching caching)
    {
        _caching = caching;
        _authentication = settings.ClientAuthentication;
        _invoker = pipeline.Invoker;
        _callSettings = callSettings;
        Endpoint = settings.TokenEndpoint;
        _credentials = settings.Credentials;
        _style = settings.ClientAuthentication == OAuth2ClientAuthentication.ClientSecretPost ? ClientCredentialStyle.PostBody : ClientCredentialStyle.AuthorizationHeader;
        _skew = settings.TokenRefreshSkew;
        _defaultLifetime = settings.DefaultTokenLifetime;
        _time = pipeline.Time;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// A token valid for a while yet. <paramref name="rejected"/> is a token the API just refused: it is not handed out
    /// again, but a newer one another caller already fetched is.
    /// </summary>
    /// <exception cref="AfilnetAuthenticationException">No token could be had; no API call may be sent.</exception>
    public ValueTask<AccessToken> GetAsync(AccessToken? rejected, string method, CancellationToken cancellationToken)
    {
        // The slot of the credentials as they are now: a rotated client secret is another token request, another slot.
        var credentials = _credentials.Current;
        var slot = SlotFor(credentials);
        Task<TokenOutcome> pending;
        lock (slot.Lock)
        {
            if (slot.Current is { } current && !SameToken(current, rejected) && _time.GetUtcNow() < current.RefreshAt)
            {
                // The common case: a cached token, handed out without an allocation.
                return ValueTask.FromResult(current);
            }

            pending = slot.Pending ??= StartFetch(slot, credentials, rejected);
        }

        return AwaitAsync(pending, method, cancellationToken);
    }

    private TokenSlot SlotFor(CredentialSet credentials)
    {
        if (Volatile.Read(ref _lastSlot) is { } last && ReferenceEquals(last.Set, credentials))
        {
            return last.Slot;
        }

        var slot = _caching.SlotFor(Endpoint, credentials, _authentication);
        Volatile.Write(ref _lastSlot, new SlotOfSet(credentials, slot));
        return slot;
    }

    /// <summary>
    /// Task.Run: the fetch must not complete inside the slot's lock (it clears the slot's pending fetch itself), and it
    /// runs without any caller's token, so one caller giving up does not fail the others. The policy's attempt timeout
    /// bounds it. A method of its own, so that only a fetch allocates the lambda's captures.
    /// </summary>
    private Task<TokenOutcome> StartFetch(TokenSlot slot, CredentialSet credentials, AccessToken? rejected) =>
        Task.Run(() => FetchAsync(slot, credentials, rejected), CancellationToken.None);

    private static async ValueTask<AccessToken> AwaitAsync(Task<TokenOutcome> pending, string method, CancellationToken cancellationToken)
    {
        var outcome = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);

        // Each caller gets its own exception (naming its own method); one instance thrown on many threads would
        // have its stack trace rewritten concurrently.
        return outcome.Token ?? throw new AfilnetAuthenticationException(
            $"OAuth2Json '{method}': {outcome.Problem} The call was not sent.",
            method, outcome.OAuthError, outcome.StatusCode, requestMayHaveReachedServer: false, outcome.Inner);
    }

    private sealed record SlotOfSet(CredentialSet Set, TokenSlot Slot);

    private static bool SameToken(AccessToken token, AccessToken? rejected) =>
        rejected is not null && string.Equals(token.Value, rejected.Value, StringComparison.Ordinal);

    private async Task<TokenOutcome> FetchAsync(TokenSlot slot, CredentialSet credentials, AccessToken? rejected)
    {
        TokenOutcome? outcome = null;
        try
        {
            if (_caching.Shared is { } shared)
            {
                // Another process may hold a newer token; the one the API refused must leave the fleet's cache.
                outcome = await ReadSharedAsync(shared, slot.Key, credentials, rejected).ConfigureAwait(false);
            }

            if (outcome is null)
            {
                outcome = await RequestAsync(slot, credentials).ConfigureAwait(false);
                if (outcome.Token is { } issued && _caching.Shared is { } shared2)
                {
                    await WriteSharedAsync(shared2, slot.Key, issued).ConfigureAwait(false);
                }
            }

            return outcome;
        }
        finally
        {
            lock (slot.Lock)
            {
                // A failure is not cached: the next caller asks again.
                if (outcome?.Token is { } token)
                {
                    slot.Current = token;
                }

                slot.Pending = null;
            }
        }
    }

    /// <summary>A token another process published, still good and not the refused one; null to ask the endpoint.</summary>
    private async Task<TokenOutcome?> ReadSharedAsync(HybridCache shared, string key, CredentialSet credentials, AccessToken? rejected)
    {
        using var timeout = new CancellationTokenSource(SharedCacheTimeout, _time);
        try
        {
            if (rejected is not null)
            {
                await shared.RemoveAsync(key, timeout.Token).ConfigureAwait(false);
                return null;
            }

            // HybridCache has no "get": a factory that returns nothing, with writes off, reads without storing.
            var stored = await shared.GetOrCreateAsync(key, static _ => ValueTask.FromResult<string?>(null), ReadOnly, cancellationToken: timeout.Token).ConfigureAwait(false);
            if (TokenCaching.TryParse(stored, out var refreshAt, out var value) && _time.GetUtcNow() < refreshAt && IsBearerToken(value))
            {
                return new TokenOutcome(new AccessToken(value, refreshAt, credentials), null, null, null, null);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Never a call without a token: a cache that fails or is slow means asking the endpoint, as without it.
            LogSharedCacheFailed(_caching.Logger, "read", ex.GetType().Name);
        }

        return null;
    }

    private async Task WriteSharedAsync(HybridCache shared, string key, AccessToken token)
    {
        var lifetime = token.RefreshAt - _time.GetUtcNow();
        if (lifetime <= TimeSpan.Zero)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(SharedCacheTimeout, _time);
        try
        {
            await shared.SetAsync(key, TokenCaching.Serialize(token), new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime }, cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The token is good; only the other processes miss it.
            LogSharedCacheFailed(_caching.Logger, "write", ex.GetType().Name);
        }
    }

    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Afilnet shared token cache {Operation} failed ({Failure}); the token endpoint is used instead")]
    private static partial void LogSharedCacheFailed(ILogger logger, string operation, string failure);

    private async Task<TokenOutcome> RequestAsync(TokenSlot slot, CredentialSet credentials)
    {
        var requestedAt = _time.GetUtcNow();

        // The last token is a secret too, since a failing endpoint may echo it back.
        var gate = slot.Current?.Gate.With(credentials.Gate) ?? credentials.Gate;
        using var request = new ClientCredentialsTokenRequest
        {
            Address = Endpoint.AbsoluteUri,
            ClientId = credentials.ClientId,
            ClientSecret = credentials.ClientSecret,
            ClientCredentialStyle = _style,
        };

        // Duende clones the request, options included: the clone carries this call through the policy.
        request.Options.Set(HttpCall.Key, new HttpCall(_callSettings, TokenRequest, HttpAnswerKind.Token, gate));

        // Duende reports failures as values, the policy's errors included; it throws only on cancellation, and the
        // shared request is never cancelled.
        using var response = await _invoker.RequestClientCredentialsTokenAsync(request, CancellationToken.None).ConfigureAwait(false);
        try
        {
            return Interpret(response, requestedAt, gate, credentials);
        }
        catch (InvalidOperationException)
        {
            // Duende's reading of a JSON answer that is not an object (an array, a string).
            return TokenOutcome.Unreadable($"the token endpoint {Where} answered HTTP {(int)response.HttpStatusCode} with JSON that is not a token answer.", (int)response.HttpStatusCode);
        }
    }

    private TokenOutcome Interpret(TokenResponse response, DateTimeOffset requestedAt, ServerTextGate gate, CredentialSet credentials)
    {
        if (response.Exception is AfilnetException failure)
        {
            // The policy's error: status, redirect, timeout, size, connection; already free of secrets.
            return TokenOutcome.Failed($"no access token could be had ({failure.Message.TrimEnd('.')}).", status: (failure as AfilnetTransportException)?.StatusCode, inner: failure);
        }

        if (response.HttpResponse is null)
        {
            return TokenOutcome.Failed($"the token request to {Where} failed ({response.Exception?.GetType().Name ?? "no answer"}).");
        }

        var status = (int)response.HttpStatusCode;
        var oauthError = response.TryGet("error");
        if (!string.IsNullOrEmpty(oauthError))
        {
            // Everything the endpoint says passes the gate: the error is shown only as a code, the description as text.
            var shown = gate.Code(oauthError) is { } code ? $"error '{code}'" : ServerTextGate.Unrecognised("error", oauthError);
            var description = response.TryGet("error_description") is { Length: > 0 } text ? ": " + gate.Text(text, MaxDescriptionChars).TrimEnd('.') : string.Empty;
            return TokenOutcome.Failed($"the token endpoint {Where} refused the request with HTTP {status}, {shown}{description}.", oauthError, status);
        }

        if (status is < 200 or >= 300)
        {
            var excerpt = string.IsNullOrEmpty(response.Raw) ? string.Empty : ": " + gate.Text(response.Raw);
            return TokenOutcome.Failed($"the token endpoint {Where} answered HTTP {status}{excerpt}.", status: status);
        }

        if (response.ErrorType != ResponseErrorType.None)
        {
            // Duende could not parse the body (HTML, garbage, truncated JSON). No excerpt: a successful answer may
            // hold a token, even a cut one.
            var mediaType = response.HttpResponse.Content.Headers.ContentType?.MediaType ?? "no content type";
            return TokenOutcome.Unreadable(
                $"the token endpoint {Where} answered HTTP {status} with a body that is not a JSON token answer ({mediaType}, {response.Raw?.Length ?? 0} characters).",
                status);
        }

        if (string.IsNullOrEmpty(response.AccessToken))
        {
            return TokenOutcome.Unreadable($"the token endpoint {Where} answered HTTP {status} without an access_token.", status);
        }

        if (!IsBearerToken(response.AccessToken))
        {
            // RFC 6750 b64token: anything else (CR/LF, spaces, quotes) cannot travel in an Authorization header.
            return TokenOutcome.Unreadable($"the token endpoint {Where} issued an access_token a bearer header cannot carry.", status);
        }

        if (response.TokenType is { Length: > 0 } type && !type.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            var shown = gate.Code(type) is { } code ? $"of type '{code}'" : "of " + ServerTextGate.Unrecognised("type", type);
            return TokenOutcome.Failed($"the token endpoint {Where} issued a token {shown}; only Bearer is supported.", status: status);
        }

        var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : _defaultLifetime;

        // A lifetime shorter than twice the skew would be stale on arrival: refresh at half-life instead.
        var skew = _skew < lifetime / 2 ? _skew : lifetime / 2;
        return new TokenOutcome(new AccessToken(response.AccessToken, requestedAt + lifetime - skew, credentials), null, null, null, null);
    }

    private string Where => $"{Endpoint.Host}:{Endpoint.Port}";

    private static bool IsBearerToken(string token)
    {
        var end = token.Length;
        while (end > 0 && token[end - 1] == '=')
        {
            end--;
        }

        if (end == 0)
        {
            return false;
        }

        foreach (var c in token.AsSpan(0, end))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~' or '+' or '/'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A token, or why there is none; shared by every caller waiting on one request.</summary>
    internal sealed record TokenOutcome(AccessToken? Token, string? Problem, string? OAuthError, int? StatusCode, Exception? Inner)
    {
        public static TokenOutcome Failed(string problem, string? oauthError = null, int? status = null, Exception? inner = null) =>
            new(null, char.ToUpperInvariant(problem[0]) + problem[1..], oauthError, status, inner);

        /// <summary>
        /// A 2xx answer that holds no usable token: an unreadable answer, as a read's would be, so the retry rule
        /// (<see cref="Resilience.RetrySafety"/>) judges it the same way.
        /// </summary>
        public static TokenOutcome Unreadable(string problem, int status) =>
            Failed(problem, status: status, inner: new AfilnetProtocolException(char.ToUpperInvariant(problem[0]) + problem[1..], TokenRequest));
    }
}
