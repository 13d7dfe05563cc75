namespace Afilnet.Contacts;

/// <summary>
/// Everything an integrator configures, in code or bound from the <c>Afilnet</c> configuration section (appsettings,
/// environment variables such as <c>Afilnet__Transport</c>, command line). The transport is chosen here, so an
/// environment can move from HttpGet to OAuth2Json without a code change. Copied and validated when a client is built;
/// <see cref="ToString"/> never prints a secret.
/// </summary>
/// <remarks>
/// Every mistake fails when the host starts (or in the client's constructor, with <see cref="ArgumentException"/>),
/// with a message that names the key, says what is wrong with its value and gives the valid values or range; a password
/// or client secret is never repeated. Bound from configuration, the section itself is checked too: a value that is
/// not one of an enumeration's names (<see cref="Transport"/>, <see cref="BasicAuthVerb"/>, …; numbers are refused),
/// a time written as a bare number (<c>Timeout=100</c> would be 100 days: write <c>00:01:40</c>), a key that is not a
/// setting (a typo such as <c>Afilnet:Pasword</c>, named with the key it most likely meant, since the binder would
/// otherwise leave the default in place without a word), and a configuration that is not the <c>Afilnet</c> section
/// (the whole configuration passed instead of <c>configuration.GetSection("Afilnet")</c>).
/// </remarks>
public sealed class AfilnetOptions
{
    /// <summary>The configuration section read by default: <c>Afilnet</c>.</summary>
    public const string DefaultSectionName = "Afilnet";

    /// <summary>The default longest GET URL: 4,000 characters, which common servers and proxies accept.</summary>
    internal const int DefaultMaxUrlLength = 4000;

    /// <summary>The default largest answer read: 16 MiB, room for a group of about 100,000 contacts.</summary>
    internal const long DefaultMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>The default token endpoint, relative to the base address: <c>api/oauth2/token</c>.</summary>
    internal const string DefaultTokenPath = "api/oauth2/token";

    /// <summary>
    /// The deepest JSON answer read (HttpGet, HttpPost, BasicAuth, OAuth2Json): 64, System.Text.Json's own default.
    /// A document nested 64 levels deep is read; one level more fails with <see cref="AfilnetProtocolException"/>,
    /// before any deep recursion.
    /// </summary>
    internal const int MaxJsonDepth = 64;

    /// <summary>
    /// The deepest SOAP reply read (Soap): 32 elements, WCF's reader quota, envelope and body included. Deeper fails
    /// with <see cref="AfilnetProtocolException"/>; a DTD is refused outright.
    /// </summary>
    internal const int MaxXmlDepth = 32;

    /// <summary>The provider's address: <c>https://www.afilnet.com/</c>.</summary>
    internal static Uri DefaultBaseAddress { get; } = new("https://www.afilnet.com/");

    /// <summary>The default time one attempt may take: 100 seconds, as HttpClient's.</summary>
    internal static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(100);

    /// <summary>The connection style. Default <see cref="AfilnetTransportKind.HttpPost"/>.</summary>
    public AfilnetTransportKind Transport { get; set; } = AfilnetTransportKind.HttpPost;

    /// <summary>The server; default <see cref="DefaultBaseAddress"/>. Transport paths (<c>api/http/</c>, …) are resolved against it.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The account user (its e-mail).</summary>
    public string? User { get; set; }

    /// <summary>The account password, or the API password from the provider's panel. Keep it in a secret store or an environment variable.</summary>
    public string? Password { get; set; }

    /// <summary>OAuth2Json: the API access's client id; the <see cref="User"/> when empty.</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth2Json: the API access's client secret; the <see cref="Password"/> when empty.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OAuth2Json: the token endpoint, absolute or relative to <see cref="BaseAddress"/>; default <see cref="DefaultTokenPath"/>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>OAuth2Json: how the client authenticates to the token endpoint; default a Basic header.</summary>
    public OAuth2ClientAuthentication ClientCredentialStyle { get; set; } = OAuth2ClientAuthentication.ClientSecretBasic;

    /// <summary>BasicAuth: POST (default, form body) or GET (query string, URL limit applies).</summary>
    public BasicAuthVerb BasicAuthVerb { get; set; } = BasicAuthVerb.Post;

    /// <summary>The weakest transport allowed; default <see cref="SecurityLevel.Low"/> (every transport). A weaker one fails at start.</summary>
    public SecurityLevel MinimumSecurityLevel { get; set; } = SecurityLevel.Low;

    /// <summary>Allows plain <c>http://</c> to a host other than loopback. Off by default: credentials would cross the network in clear text.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// The time one attempt may take, from sending to the last byte of the answer (a token request included); default
    /// <see cref="DefaultTimeout"/>. A server that hangs, or drips its answer, fails the attempt with
    /// <see cref="TransportFailureReason.Timeout"/>. The whole call, retries and waits included, is bounded by
    /// <see cref="AfilnetRetryOptions.TotalTimeout"/>. More than zero and at most one day (<c>1.00:00:00</c>), or
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (<c>-00:00:00.001</c>) for none: longer is beyond what
    /// the SDK's timers and Polly hold, and no answer needs it.
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// HttpGet and BasicAuth GET: the longest URL sent; default <see cref="DefaultMaxUrlLength"/>. A URL of exactly this
    /// length is sent; a longer one is refused with <see cref="AfilnetRequestTooLargeException"/> before anything is sent.
    /// From 1 to 65,536 (no common server or proxy takes a longer request line), and for HttpGet and BasicAuth GET
    /// longer than the endpoint URL itself.
    /// </summary>
    public int MaxUrlLength { get; set; } = DefaultMaxUrlLength;

    /// <summary>
    /// The largest answer read, in bytes, on every transport; default <see cref="DefaultMaxResponseBytes"/>. An answer of
    /// exactly this size is read; one byte more fails with <see cref="TransportFailureReason.ResponseTooLarge"/> without
    /// the rest being read, whether the size was declared or the body is chunked. From 1 to 1 GiB (1,073,741,824) on
    /// every transport: an answer is read into one array.
    /// </summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>Retries and the overall time limit (keys under <c>Afilnet:Retry</c>).</summary>
    public AfilnetRetryOptions Retry { get; set; } = new();

    /// <summary>Describes the settings with every secret replaced by a placeholder.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"AfilnetOptions {{ Transport = {Transport}, BaseAddress = {BaseAddress}, User = {User}, Password = {Mask(Password)}, " +
        $"ClientId = {ClientId}, ClientSecret = {Mask(ClientSecret)}, TokenEndpoint = {TokenEndpoint}, ClientCredentialStyle = {ClientCredentialStyle}, " +
        $"BasicAuthVerb = {BasicAuthVerb}, MinimumSecurityLevel = {MinimumSecurityLevel}, AllowInsecureHttp = {AllowInsecureHttp}, " +
        $"Timeout = {Timeout}, MaxUrlLength = {MaxUrlLength}, MaxResponseBytes = {MaxResponseBytes}, Retry = {Retry} }}";

    private static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : Secrets.ServerTextGate.Placeholder;
}
