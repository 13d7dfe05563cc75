using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Transport.Http;

namespace Afilnet.Contacts;

/// <summary>
/// Everything an integrator configures, bound from the <c>Afilnet</c> configuration section (appsettings, environment
/// variables such as <c>Afilnet__Transport</c>, command line). The transport is chosen here, so an environment can move
/// from HttpGet to OAuth2Json without a code change. <see cref="ToString"/> never prints a secret.
/// </summary>
public sealed class AfilnetOptions
{
    /// <summary>The configuration section read by default: <c>Afilnet</c>.</summary>
    public const string DefaultSectionName = "Afilnet";

    /// <summary>The connection style. Default <see cref="AfilnetTransportKind.HttpPost"/>.</summary>
    public AfilnetTransportKind Transport { get; set; } = AfilnetTransportKind.HttpPost;

    /// <summary>The server; default <c>https://www.afilnet.com/</c>.</summary>
    public Uri BaseAddress { get; set; } = AfilnetHttpTransportOptions.DefaultBaseAddress;

    /// <summary>The account user (its e-mail).</summary>
    public string? User { get; set; }

    /// <summary>The account password. Keep it in a secret store or an environment variable, not in appsettings.json.</summary>
    public string? Password { get; set; }

    /// <summary>OAuth2Json: the API access's client id; the <see cref="User"/> when empty.</summary>
    public string? ClientId { get; set; }

    /// <summary>OAuth2Json: the API access's client secret; the <see cref="Password"/> when empty.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>OAuth2Json: the token endpoint, absolute or relative to <see cref="BaseAddress"/>; default <c>api/oauth2/token</c>.</summary>
    public Uri? TokenEndpoint { get; set; }

    /// <summary>OAuth2Json: how the client authenticates to the token endpoint; default a Basic header.</summary>
    public OAuth2ClientAuthentication ClientCredentialStyle { get; set; } = OAuth2ClientAuthentication.ClientSecretBasic;

    /// <summary>BasicAuth: POST (default, form body) or GET (query string, URL limit applies).</summary>
    public BasicAuthVerb BasicAuthVerb { get; set; } = BasicAuthVerb.Post;

    /// <summary>The weakest transport allowed; default <see cref="SecurityLevel.Low"/> (every transport).</summary>
    public SecurityLevel MinimumSecurityLevel { get; set; } = SecurityLevel.Low;

    /// <summary>Allows plain <c>http://</c> to a host other than loopback. Off by default.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// The deepest JSON answer read (HttpGet, HttpPost, BasicAuth, OAuth2Json): 64, System.Text.Json's own default.
    /// A document nested 64 levels deep is read; one level more fails with <see cref="AfilnetProtocolException"/>,
    /// before any deep recursion.
    /// </summary>
    public const int MaxJsonDepth = JsonAnswerReader.MaxDepth;

    /// <summary>
    /// The deepest SOAP reply read (Soap): 32 elements, WCF's reader quota, envelope and body included. Deeper fails
    /// with <see cref="AfilnetProtocolException"/>; a DTD is refused outright.
    /// </summary>
    public const int MaxXmlDepth = 32;

    /// <summary>
    /// The time one attempt may take, from sending to the last byte of the answer; default 100 s. A server that
    /// hangs, or drips its answer, fails the attempt with <see cref="TransportFailureReason.Timeout"/> once this
    /// has passed. The whole call, retries and waits included, is bounded by <see cref="AfilnetResilienceOptions.TotalTimeout"/>.
    /// </summary>
    public TimeSpan Timeout { get; set; } = AfilnetHttpTransportOptions.DefaultTimeout;

    /// <summary>
    /// HttpGet and BasicAuth GET: the longest URL sent; default 4,000 characters. A URL of exactly this length is
    /// sent; a longer one is refused with an <see cref="ArgumentException"/> before anything is sent.
    /// </summary>
    public int MaxUrlLength { get; set; } = HttpGetTransportOptions.DefaultMaxUrlLength;

    /// <summary>
    /// The largest answer read, in bytes, on every transport (SOAP included); default 16 MiB. An answer of exactly
    /// this size is read; one byte more fails with <see cref="TransportFailureReason.ResponseTooLarge"/> without the
    /// rest being read, whether the size was declared or the body is chunked. Soap allows at most <see cref="int.MaxValue"/>.
    /// </summary>
    public long MaxResponseBytes { get; set; } = AfilnetHttpTransportOptions.DefaultMaxResponseBytes;

    /// <summary>Retries and the overall time limit (keys under <c>Afilnet:Retry</c>).</summary>
    public AfilnetResilienceOptions Retry { get; set; } = new();

    /// <summary>Describes the settings with every secret replaced by a placeholder.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"AfilnetOptions {{ Transport = {Transport}, BaseAddress = {BaseAddress}, User = {User}, Password = {Mask(Password)}, " +
        $"ClientId = {ClientId}, ClientSecret = {Mask(ClientSecret)}, TokenEndpoint = {TokenEndpoint}, ClientCredentialStyle = {ClientCredentialStyle}, " +
        $"BasicAuthVerb = {BasicAuthVerb}, MinimumSecurityLevel = {MinimumSecurityLevel}, AllowInsecureHttp = {AllowInsecureHttp}, " +
        $"Timeout = {Timeout}, MaxUrlLength = {MaxUrlLength}, MaxResponseBytes = {MaxResponseBytes}, Retry = {Retry} }}";

    private static string Mask(string? secret) => string.IsNullOrEmpty(secret) ? "(none)" : SecretScrubber.Placeholder;
}
