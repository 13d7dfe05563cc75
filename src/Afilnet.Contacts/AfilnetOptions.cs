namespace Afilnet.Contacts;

/// <summary>
/// Everything an integrator configures, in code or bound from the <c>Afilnet</c> configuration section (appsettings,
/// environment variables such as <c>Afilnet__Transport</c>, command line). The transport is chosen here, so an
/// environment can move from HttpGet to OAuth2Json without a code change. Copied and validated when a client is built;
/// <see cref="ToString"/> never prints a secret.
/// </summary>
public sealed class AfilnetOptions
{
    /// <summary>The configuration section read by default: <c>Afilnet</c>.</summary>
    public const string DefaultSectionName = "Afilnet";

    /// <summary>The default longest GET URL: 4,000 characters, which common servers and proxies accept.</summary>
    public const int DefaultMaxUrlLength = 4000;

    /// <summary>The default largest answer read: 16 MiB, room for a group of about 100,000 contacts.</summary>
    public const long DefaultMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>The default token endpoint, relative to the base address: <c>api/oauth2/token</c>.</summary>
    public const string DefaultTokenPath = "api/oauth2/token";

    /// <summary>
    /// The deepest JSON answer read (HttpGet, HttpPost, BasicAuth, OAuth2Json): 64, System.Text.Json's own default.
    /// A document nested 64 levels deep is read; one level more fails with <see cref="AfilnetProtocolException"/>,
    /// before any deep recursion.
    /// </summary>
    public const int MaxJsonDepth = 64;

    /// <summary>
    /// The deepest SOAP reply read (Soap): 32 elements, WCF's reader quota, envelope and body included. Deeper fails
    /// with <see cref="AfilnetProtocolException"/>; a DTD is refused outright.
    /// </summary>
    public const int MaxXmlDepth = 32;

    /// <summary>The provider's address: <c>https://www.afilnet.com/</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://www.afilnet.com/");

    /// <summary>The default time one attempt may take: 100 seconds, as HttpClient's.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(100);

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
    /// <see cref="AfilnetRetryOptions.TotalTimeout"/>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// HttpGet and BasicAuth GET: the longest URL sent; default <see cref="DefaultMaxUrlLength"/>. A URL of exactly this
    /// length is sent; a longer one is refused with <see cref="AfilnetRequestTooLargeException"/> before anything is sent.
    /// </summary>
    public int MaxUrlLength { get; set; } = DefaultMaxUrlLength;

    /// <summary>
    /// The largest answer read, in bytes, on every transport; default <see cref="DefaultMaxResponseBytes"/>. An answer of
    /// exactly this size is read; one byte more fails with <see cref="TransportFailureReason.ResponseTooLarge"/> without
    /// the rest being read, whether the size was declared or the body is chunked. Soap allows at most <see cref="int.MaxValue"/>.
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
