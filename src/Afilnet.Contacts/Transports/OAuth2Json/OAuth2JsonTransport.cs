using System.Net.Http.Headers;

namespace Afilnet.Contacts.Transport.Http;

/// <summary>
/// Security level High: a bearer token from the token endpoint (OAuth 2.0 client credentials, via Duende.IdentityModel),
/// then <c>POST /api/json/</c> with <c>{"class":"group","method":"M",…}</c> and <c>Authorization: Bearer …</c>.
/// The token is cached until shortly before it expires and shared by concurrent callers; an API 401 gets one fresh
/// token and one replay. No API call is ever sent without a token.
/// </summary>
public sealed class OAuth2JsonTransport : ITransport
{
    /// <summary>The path calls go to, relative to the base address.</summary>
    public const string Path = "api/json/";

    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpExchange _exchange;
    private readonly OAuth2TokenSource _tokens;

    /// <summary>Creates the transport.</summary>
    /// <param name="httpClient">
    /// The client to send with (from IHttpClientFactory, or one long-lived instance), built with automatic redirects
    /// off; used for the token endpoint too; not disposed by the transport.
    /// </param>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">
    /// Neither client credentials nor account credentials, an invalid or clear-text remote base or token address,
    /// or a setting out of range.
    /// </exception>
    public OAuth2JsonTransport(HttpClient httpClient, OAuth2JsonTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        var clientId = options.ClientId ?? options.Credentials?.User;
        var clientSecret = options.ClientSecret ?? options.Credentials?.Password;
        if (string.IsNullOrWhiteSpace(clientId) || string.IsNullOrEmpty(clientSecret))
        {
            throw new ArgumentException(
                $"{Name} needs ClientId and ClientSecret, or Credentials whose user and password serve as both.", nameof(options));
        }

        if (!Enum.IsDefined(options.ClientAuthentication))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ClientAuthentication, "ClientAuthentication must be ClientSecretBasic or ClientSecretPost.");
        }

        if (options.TokenRefreshSkew < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.TokenRefreshSkew, "TokenRefreshSkew must not be negative.");
        }

        if (options.DefaultTokenLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DefaultTokenLifetime, "DefaultTokenLifetime must be positive.");
        }

        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        ArgumentNullException.ThrowIfNull(options.TokenEndpoint, nameof(options.TokenEndpoint));

        // The exchange wants the credentials that authenticate; here that is the client, when only it is configured.
        _exchange = new HttpExchange(httpClient, new ExchangeOptions(options, options.Credentials ?? new AfilnetCredentials(clientId, clientSecret)), Name, Path);

        Uri tokenEndpoint;
        if (options.TokenEndpoint.IsAbsoluteUri)
        {
            HttpExchange.RequireSafeAddress(options.TokenEndpoint, options.AllowInsecureHttp, Name, nameof(options.TokenEndpoint));
            tokenEndpoint = options.TokenEndpoint;
        }
        else
        {
            tokenEndpoint = HttpExchange.ResolveEndpoint(options.BaseAddress, options.AllowInsecureHttp, options.TokenEndpoint.OriginalString, Name);
        }

        _tokens = new OAuth2TokenSource(
            httpClient, Name, tokenEndpoint, clientId, clientSecret, options.ClientAuthentication, options.TokenRefreshSkew,
            options.DefaultTokenLifetime, options.Timeout, options.TimeProvider, ClientScrubber(options.Credentials, clientId, clientSecret));
    }

    /// <inheritdoc />
    public string Name => "OAuth2Json";

    /// <inheritdoc />
    public SecurityLevel SecurityLevel => SecurityLevel.High;

    /// <summary>The absolute address tokens are requested from.</summary>
    public Uri TokenEndpoint => _tokens.Endpoint;

    /// <inheritdoc />
    /// <exception cref="AfilnetAuthenticationException">
    /// No token could be had (the call was not sent), or the API refused a freshly issued token.
    /// </exception>
    public async ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = request.Operation.Name;
        var body = JsonRequestBody.Write(request);
        var token = await _tokens.GetAsync(null, method, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendWithAsync(body, token, method, cancellationToken).ConfigureAwait(false);
        }
        catch (AfilnetTransportException rejected) when (rejected.StatusCode == 401)
        {
            // A 401 means the server did not act on the call (token revoked or expired early), so even a write may be
            // replayed: once, with a token newer than the refused one.
            var fresh = await _tokens.GetAsync(token, method, cancellationToken).ConfigureAwait(false);
            try
            {
                return await SendWithAsync(body, fresh, method, cancellationToken).ConfigureAwait(false);
            }
            catch (AfilnetTransportException again) when (again.StatusCode == 401)
            {
                throw new AfilnetAuthenticationException(
                    $"{Name} '{method}': the API refused a freshly issued access token too (HTTP 401 twice).",
                    method, oauthError: null, statusCode: 401, requestMayHaveReachedServer: true, again);
            }
        }
    }

    /// <summary>Describes the transport without its credentials.</summary>
    /// <returns>The name, endpoint and token endpoint.</returns>
    public override string ToString() => $"{Name} {_exchange.Endpoint} (token: {_tokens.Endpoint})";

    private async Task<ApiAnswer> SendWithAsync(byte[] body, AccessToken token, string method, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        var message = new HttpRequestMessage(HttpMethod.Post, _exchange.Endpoint) { Content = content };
        message.Headers.Authorization = token.Header;
        return await _exchange.SendAsync(message, method, cancellationToken, token.Scrubber).ConfigureAwait(false);
    }

    /// <summary>
    /// Knows the password, the client secret and the client's Basic header (RFC 6749 2.3.1 form-encodes id and secret
    /// before base64, so the pair is a secret of its own), in case a server echoes them.
    /// </summary>
    private static SecretScrubber ClientScrubber(AfilnetCredentials? credentials, string clientId, string clientSecret)
    {
        static string Form(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
        return new SecretScrubber(
            credentials?.Password, clientSecret, $"{Form(clientId)}:{Form(clientSecret)}", $"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(clientSecret)}");
    }

    /// <summary>The shared HTTP settings, with the credentials that authenticate this transport.</summary>
    private sealed class ExchangeOptions : AfilnetHttpTransportOptions
    {
        public ExchangeOptions(AfilnetHttpTransportOptions source, AfilnetCredentials credentials)
        {
            BaseAddress = source.BaseAddress;
            AllowInsecureHttp = source.AllowInsecureHttp;
            MaxResponseBytes = source.MaxResponseBytes;
            Timeout = source.Timeout;
            Credentials = credentials;
        }
    }
}
