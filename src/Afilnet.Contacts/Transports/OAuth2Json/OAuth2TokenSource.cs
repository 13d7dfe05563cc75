using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Duende.IdentityModel.Client;

namespace Afilnet.Contacts.Transport.Http;

/// <summary>An access token and what goes with it. Its value never appears in <see cref="ToString"/>.</summary>
internal sealed class AccessToken
{
    public AccessToken(string value, DateTimeOffset refreshAt, SecretScrubber scrubber)
    {
        Header = new AuthenticationHeaderValue("Bearer", value);
        RefreshAt = refreshAt;
        Scrubber = scrubber.With(value);
    }

    /// <summary>The <c>Authorization: Bearer …</c> value, built once and shared by every call that uses the token.</summary>
    public AuthenticationHeaderValue Header { get; }

    /// <summary>When the token stops being handed out: its expiry less the refresh skew.</summary>
    public DateTimeOffset RefreshAt { get; }

    /// <summary>The transport's scrubber plus this token, for excerpts of answers to calls made with it.</summary>
    public SecretScrubber Scrubber { get; }

    public override string ToString() => $"AccessToken {{ Value = {SecretScrubber.Placeholder}, RefreshAt = {RefreshAt:O} }}";
}

/// <summary>
/// Gets client-credentials tokens with Duende.IdentityModel and caches one until shortly before it expires.
/// Concurrent callers share a single token request; a failure is not cached; one caller's cancellation only stops
/// that caller's wait, never the shared request. Modelled on Azure.Core's BearerTokenAuthenticationPolicy.
/// </summary>
internal sealed class OAuth2TokenSource
{
    private const int MaxDescriptionChars = 200;

    private readonly object _gate = new();
    private readonly HttpClient _httpClient;
    private readonly string _transportName;
    private readonly string _clientId;
    private readonly string _clientSecret;
    private readonly ClientCredentialStyle _style;
    private readonly TimeSpan _skew;
    private readonly TimeSpan _defaultLifetime;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly SecretScrubber _scrubber;
    private AccessToken? _current;
    private Task<TokenOutcome>? _pending;

    public OAuth2TokenSource(
        HttpClient httpClient, string transportName, Uri endpoint, string clientId, string clientSecret, OAuth2ClientAuthentication authentication,
        TimeSpan skew, TimeSpan defaultLifetime, TimeSpan timeout, TimeProvider time, SecretScrubber scrubber)
    {
        _httpClient = httpClient;
        _transportName = transportName;
        Endpoint = endpoint;
        _clientId = clientId;
        _clientSecret = clientSecret;
        _style = authentication == OAuth2ClientAuthentication.ClientSecretPost ? ClientCredentialStyle.PostBody : ClientCredentialStyle.AuthorizationHeader;
        _skew = skew;
        _defaultLifetime = defaultLifetime;
        _timeout = timeout;
        _time = time;
        _scrubber = scrubber;
    }

    public Uri Endpoint { get; }

    /// <summary>
    /// A token valid for a while yet. <paramref name="rejected"/> is a token the API just refused: it is not handed out
    /// again, but a newer one another caller already fetched is.
    /// </summary>
    /// <exception cref="AfilnetAuthenticationException">No token could be had; no API call may be sent.</exception>
    public async Task<AccessToken> GetAsync(AccessToken? rejected, string method, CancellationToken cancellationToken)
    {
        Task<TokenOutcome> pending;
        lock (_gate)
        {
            if (_current is { } current && !ReferenceEquals(current, rejected) && _time.GetUtcNow() < current.RefreshAt)
            {
                return current;
            }

            // Task.Run: the fetch must not complete inside this lock (it clears _pending itself), and it runs without
            // any caller's token, so one caller giving up does not fail the others.
            pending = _pending ??= Task.Run(FetchAsync, CancellationToken.None);
        }

        var outcome = await pending.WaitAsync(cancellationToken).ConfigureAwait(false);

        // Each caller gets its own exception (naming its own method); one instance thrown on many threads would
        // have its stack trace rewritten concurrently.
        return outcome.Token ?? throw new AfilnetAuthenticationException(
            $"{_transportName} '{method}': {outcome.Problem} The call was not sent.",
            method, outcome.OAuthError, outcome.StatusCode, requestMayHaveReachedServer: false, outcome.Inner);
    }

    private async Task<TokenOutcome> FetchAsync()
    {
        TokenOutcome? outcome = null;
        try
        {
            outcome = await RequestAsync().ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            lock (_gate)
            {
                // A failure is not cached: the next caller asks again.
                if (outcome?.Token is { } token)
                {
                    _current = token;
                }

                _pending = null;
            }
        }
    }

    private async Task<TokenOutcome> RequestAsync()
    {
        var requestedAt = _time.GetUtcNow();
        using var timeout = new CancellationTokenSource(_timeout);
        using var request = new ClientCredentialsTokenRequest
        {
            Address = Endpoint.AbsoluteUri,
            ClientId = _clientId,
            ClientSecret = _clientSecret,
            ClientCredentialStyle = _style,
        };
        request.Headers.UserAgent.Add(SdkInfo.UserAgent);

        TokenResponse response;
        try
        {
            // Duende reports failures as values; only cancellation (here: our timeout) throws.
            response = await _httpClient.RequestClientCredentialsTokenAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            return TokenOutcome.Failed(
                $"the token endpoint {Where} gave no answer within {_timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.",
                inner: new AfilnetTransportException($"{_transportName}: token request timed out.", TransportFailureReason.Timeout, null, innerException: ex));
        }

        using (response)
        {
            return Interpret(response, requestedAt);
        }
    }

    private TokenOutcome Interpret(TokenResponse response, DateTimeOffset requestedAt)
    {
        // The last token is a secret too: a failing endpoint may echo it back.
        var scrubber = Volatile.Read(ref _current)?.Scrubber ?? _scrubber;
        if (response.HttpResponse is null)
        {
            // No HTTP answer at all: connection refused, DNS, TLS, reset.
            var reason = response.Exception is HttpRequestException http ? http.HttpRequestError.ToString() : "no answer";
            var inner = response.Exception as HttpRequestException;
            return TokenOutcome.Failed($"could not get an answer from the token endpoint {Where} ({reason}).", inner: inner);
        }

        var status = (int)response.HttpStatusCode;
        if (SendOnce.FollowedRedirectHost(Endpoint, response.HttpResponse) is { } followedTo)
        {
            var message = $"the HttpClient followed a redirect of the token endpoint to {followedTo} by itself; the answer is refused. " +
                "Give the SDK an HttpClient whose handler has AllowAutoRedirect = false (AddAfilnetContacts registers one).";
            return TokenOutcome.Failed(message, status: status, inner: new AfilnetTransportException(
                $"{_transportName} token request: {message}", TransportFailureReason.Redirect, null, status));
        }

        if (status is >= 300 and < 400)
        {
            var location = response.HttpResponse.Headers.Location;
            var target = location is null ? "no location" : location.IsAbsoluteUri ? location.Host : Endpoint.Host;
            var message = $"the token endpoint answered HTTP {status} redirecting to {target}; redirects are not followed.";
            return TokenOutcome.Failed(message, status: status, inner: new AfilnetTransportException(
                $"{_transportName} token request: {message}", TransportFailureReason.Redirect, null, status));
        }

        var oauthError = response.TryGet("error");
        if (!string.IsNullOrEmpty(oauthError))
        {
            var description = response.TryGet("error_description") is { Length: > 0 } text ? ": " + Shorten(scrubber.Scrub(text)) : string.Empty;
            return TokenOutcome.Failed(
                $"the token endpoint {Where} refused the request with HTTP {status}, error '{Shorten(oauthError)}'{description}.",
                oauthError, status);
        }

        if (status is < 200 or >= 300)
        {
            return TokenOutcome.Failed(
                $"the token endpoint {Where} answered HTTP {status} ({response.HttpErrorReason}){Excerpt(scrubber, response.Raw, ": ")}.", status: status);
        }

        if (response.ErrorType != ResponseErrorType.None)
        {
            // Duende could not parse the body (HTML, garbage, truncated JSON). No excerpt: a successful answer may
            // hold a token, even a cut one.
            var mediaType = response.HttpResponse.Content.Headers.ContentType?.MediaType ?? "no content type";
            return TokenOutcome.Failed(
                $"the token endpoint {Where} answered HTTP {status} with a body that is not a JSON token answer ({mediaType}, {response.Raw?.Length ?? 0} characters).",
                status: status);
        }

        if (string.IsNullOrEmpty(response.AccessToken))
        {
            return TokenOutcome.Failed($"the token endpoint {Where} answered HTTP {status} without an access_token.", status: status);
        }

        if (response.TokenType is { Length: > 0 } type && !type.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return TokenOutcome.Failed($"the token endpoint {Where} issued a token of type '{Shorten(type)}'; only Bearer is supported.", status: status);
        }

        var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : _defaultLifetime;

        // A lifetime shorter than twice the skew would be stale on arrival: refresh at half-life instead.
        var skew = _skew < lifetime / 2 ? _skew : lifetime / 2;
        return new TokenOutcome(new AccessToken(response.AccessToken, requestedAt + lifetime - skew, _scrubber), null, null, null, null);
    }

    private string Where => $"{Endpoint.Host}:{Endpoint.Port}";

    private static string Excerpt(SecretScrubber scrubber, string? raw, string prefix) =>
        string.IsNullOrEmpty(raw) ? string.Empty : prefix + scrubber.Excerpt(Encoding.UTF8.GetBytes(raw));

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= MaxDescriptionChars ? text : string.Concat(text.AsSpan(0, MaxDescriptionChars), "…");
    }

    /// <summary>A token, or why there is none; shared by every caller waiting on one request.</summary>
    private sealed record TokenOutcome(AccessToken? Token, string? Problem, string? OAuthError, int? StatusCode, Exception? Inner)
    {
        public static TokenOutcome Failed(string problem, string? oauthError = null, int? status = null, Exception? inner = null) =>
            new(null, char.ToUpperInvariant(problem[0]) + problem[1..], oauthError, status, inner);
    }
}
