using System.Net.Http.Headers;
using System.Text;

namespace Afilnet.Contacts.Transport.Http;

/// <summary>
/// Security level Medium: <c>/api/basic/</c> with <c>Authorization: Basic base64(utf8(user:password))</c>; class,
/// method and parameters in a form body (POST, the default) or in the query string (GET). User and password never
/// appear in the URL or the body.
/// </summary>
public sealed class BasicAuthTransport : ITransport
{
    /// <summary>The path requests go to, relative to the base address.</summary>
    public const string Path = "api/basic/";

    private readonly HttpExchange _exchange;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly SecretScrubber _scrubber;
    private readonly BasicAuthVerb _verb;
    private readonly string _urlPrefix;

    /// <summary>Creates the transport.</summary>
    /// <param name="httpClient">
    /// The client to send with (from IHttpClientFactory, or one long-lived instance), built with automatic redirects
    /// off; not disposed by the transport.
    /// </param>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">Missing credentials, an invalid or clear-text remote base address, an unknown verb, or a limit out of range.</exception>
    public BasicAuthTransport(HttpClient httpClient, BasicAuthTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!Enum.IsDefined(options.Verb))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Verb, "Verb must be BasicAuthVerb.Post or BasicAuthVerb.Get.");
        }

        _exchange = new HttpExchange(httpClient, options, Name, Path);
        _verb = options.Verb;
        MaxUrlLength = UrlLimit.Validate(options.MaxUrlLength, _exchange.Endpoint);
        _urlPrefix = _exchange.Endpoint.AbsoluteUri + "?";

        // Built once: the credentials are fixed for the transport's life, and the header value is itself a secret,
        // so the scrubber learns it (as "user:password", whose base64 form the header carries).
        var pair = _exchange.Credentials.User + ":" + _exchange.Credentials.Password;
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
        _scrubber = _exchange.Scrubber.With(pair);
    }

    /// <inheritdoc />
    public string Name => "BasicAuth";

    /// <inheritdoc />
    public SecurityLevel SecurityLevel => SecurityLevel.Medium;

    /// <summary>The verb calls are sent with.</summary>
    public BasicAuthVerb Verb => _verb;

    /// <summary>The longest URL this transport sends under <see cref="BasicAuthVerb.Get"/>.</summary>
    public int MaxUrlLength { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">Under GET, the URL would be longer than <see cref="MaxUrlLength"/>; nothing was sent.</exception>
    public async ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        HttpRequestMessage message;
        if (_verb == BasicAuthVerb.Get)
        {
            message = UrlLimit.CreateGetRequest(FormEncoder.Encode(request, credentials: null, _urlPrefix), MaxUrlLength, Name, request);
        }
        else
        {
            message = new HttpRequestMessage(HttpMethod.Post, _exchange.Endpoint)
            {
                Content = FormEncoder.CreateContent(request, credentials: null),
            };
        }

        message.Headers.Authorization = _authorization;
        return await _exchange.SendAsync(message, request.Operation.Name, cancellationToken, _scrubber).ConfigureAwait(false);
    }

    /// <summary>Describes the transport without its credentials.</summary>
    /// <returns>The name, verb and endpoint.</returns>
    public override string ToString() => $"{Name} {_verb.ToString().ToUpperInvariant()} {_exchange.Endpoint}";
}
