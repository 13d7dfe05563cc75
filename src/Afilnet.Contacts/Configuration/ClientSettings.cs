using System.Globalization;
using System.Xml;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Secrets;
using Afilnet.Contacts.Transports;

namespace Afilnet.Contacts.Configuration;

/// <summary>
/// A validated, immutable copy of <see cref="AfilnetOptions"/>: the one configuration path. Every rule about the
/// settings lives in <see cref="Validate"/>, which the client's constructor and the host's start-up validation both
/// call; messages name the configuration key (for example <c>Afilnet:Password</c>) and never a secret value.
/// </summary>
internal sealed class ClientSettings
{
    private ClientSettings(AfilnetOptions options)
    {
        Transport = options.Transport;
        SecurityLevel = TransportCatalog.LevelOf(Transport);
        BaseAddress = Normalize(options.BaseAddress);
        if (!string.IsNullOrEmpty(options.User) && !string.IsNullOrEmpty(options.Password))
        {
            Account = new Credentials(options.User, options.Password);
        }

        ClientId = string.IsNullOrEmpty(options.ClientId) ? options.User ?? string.Empty : options.ClientId;
        ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? options.Password ?? string.Empty : options.ClientSecret;
        TokenEndpoint = ResolveTokenEndpoint(BaseAddress, options.TokenEndpoint);
        ClientAuthentication = options.ClientCredentialStyle;
        BasicAuthVerb = options.BasicAuthVerb;
        Timeout = options.Timeout;
        MaxUrlLength = options.MaxUrlLength;
        MaxResponseBytes = options.MaxResponseBytes;
        var retry = options.Retry;
        Retry = new RetrySettings(retry.MaxRetries, retry.RetryDelay, retry.MaxRetryDelay, retry.MaxRetryAfter, retry.TotalTimeout);
        Gate = new ServerTextGate(SecretsInPlay());
        Credentials = new RotatingCredentials(new CredentialSet(Account, ClientId, ClientSecret, Gate));
    }

    public AfilnetTransportKind Transport { get; }

    public SecurityLevel SecurityLevel { get; }

    /// <summary>The base address with a trailing slash, so a base such as <c>https://proxy/afilnet</c> keeps its last segment.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The account user and password; <see langword="null"/> only for OAuth2Json configured with a client alone.</summary>
    public Credentials? Account { get; }

    /// <summary>OAuth2Json: the client id (the account user when none is configured).</summary>
    public string ClientId { get; }

    /// <summary>OAuth2Json: the client secret (the account password when none is configured).</summary>
    public string ClientSecret { get; }

    public Uri TokenEndpoint { get; }

    public OAuth2ClientAuthentication ClientAuthentication { get; }

    public BasicAuthVerb BasicAuthVerb { get; }

    public TimeSpan Timeout { get; }

    public int MaxUrlLength { get; }

    public long MaxResponseBytes { get; }

    public RetrySettings Retry { get; }

    /// <summary>The gate for server text, knowing every configured secret in play (<see cref="SecretsInPlay"/>); access tokens are added as they are issued.</summary>
    public ServerTextGate Gate { get; }

    /// <summary>
    /// The credentials the transports send, read per request, which a configuration change may rotate
    /// (<see cref="ConfigurationWatch"/>); <see cref="Account"/>, <see cref="ClientId"/>, <see cref="ClientSecret"/> and
    /// <see cref="Gate"/> are the values the client started with.
    /// </summary>
    public RotatingCredentials Credentials { get; }

    /// <summary>
    /// The keys whose values differ from <paramref name="other"/>'s and that a running client cannot take on: they shape
    /// the transport and pipeline it was built with. Credentials are not among them (<see cref="RotatingCredentials"/>).
    /// </summary>
    public List<string> DifferencesNeedingRestart(ClientSettings other, string sectionPath)
    {
        var keys = new List<string>();
        void Check(bool same, string key)
        {
            if (!same)
            {
                keys.Add($"{sectionPath}:{key}");
            }
        }

        Check(Transport == other.Transport, "Transport");
        Check(BaseAddress == other.BaseAddress, "BaseAddress");
        Check(TokenEndpoint == other.TokenEndpoint, "TokenEndpoint");
        Check(ClientAuthentication == other.ClientAuthentication, "ClientCredentialStyle");
        Check(BasicAuthVerb == other.BasicAuthVerb, "BasicAuthVerb");
        Check(Timeout == other.Timeout, "Timeout");
        Check(MaxUrlLength == other.MaxUrlLength, "MaxUrlLength");
        Check(MaxResponseBytes == other.MaxResponseBytes, "MaxResponseBytes");
        Check(Retry == other.Retry, "Retry");
        return keys;
    }

    /// <summary>
    /// Every secret a transport may put on the wire, whichever transport is configured: the password, the client
    /// secret, and the pairs whose base64 forms travel in Basic headers (the account's <c>user:password</c>, and the
    /// OAuth client's <c>id:secret</c>, which RFC 6749 section 2.3.1 form-encodes first).
    /// </summary>
    private string?[] SecretsInPlay()
    {
        static string Form(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);
        return
        [
            Account?.Password,
            ClientSecret,
            Account is { } account ? $"{account.User}:{account.Password}" : null,
            ClientSecret.Length == 0 ? null : $"{Form(ClientId)}:{Form(ClientSecret)}",
            ClientSecret.Length == 0 ? null : $"{Uri.EscapeDataString(ClientId)}:{Uri.EscapeDataString(ClientSecret)}",
        ];
    }

    /// <summary>How long before its expiry a token is replaced: 60 s (halved for short-lived tokens).</summary>
    public TimeSpan TokenRefreshSkew { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The lifetime assumed for a token answer without a usable <c>expires_in</c>: 5 minutes.</summary>
    public TimeSpan DefaultTokenLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The transport's absolute address, for example <c>https://www.afilnet.com/api/http/</c>.</summary>
    public Uri Endpoint => new(BaseAddress, TransportCatalog.PathOf(Transport));

    /// <summary>Validates and copies <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">A setting is missing or out of range; the message names every such key.</exception>
    public static ClientSettings Create(AfilnetOptions options, string sectionPath = AfilnetOptions.DefaultSectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = Validate(options, sectionPath);
        return failures.Count == 0 ? new ClientSettings(options) : throw new ArgumentException(string.Join(" ", failures), nameof(options));
    }

    /// <summary>Every rule about the settings, in one place. Returns one message per problem, each naming its key.</summary>
    public static List<string> Validate(AfilnetOptions options, string sectionPath)
    {
        var failures = new List<string>();
        string Key(string name) => $"{sectionPath}:{name}";
        if (NotOneOf(options.Transport, Key("Transport")) is { } unknownTransport)
        {
            failures.Add(unknownTransport);
            return failures;
        }

        var transport = options.Transport;
        var oauth = transport == AfilnetTransportKind.OAuth2Json;
        var clientConfigured = oauth && !string.IsNullOrWhiteSpace(options.ClientId) && !string.IsNullOrEmpty(options.ClientSecret);
        if (!clientConfigured)
        {
            var alternative = oauth ? $" (or {Key("ClientId")} and {Key("ClientSecret")})" : string.Empty;
            if (string.IsNullOrWhiteSpace(options.User))
            {
                failures.Add($"{Key("User")} is required by the {transport} transport{alternative}.");
            }

            if (string.IsNullOrEmpty(options.Password))
            {
                failures.Add($"{Key("Password")} is required by the {transport} transport{alternative}.");
            }
        }

        foreach (var (name, value) in new[] { ("User", options.User), ("Password", options.Password), ("ClientId", options.ClientId), ("ClientSecret", options.ClientSecret) })
        {
            if (value is not null && ApiRequest.LoneSurrogateAt(value) is not null)
            {
                failures.Add($"{Key(name)} holds a lone UTF-16 surrogate, which no transport can carry.");
            }
            else if (transport == AfilnetTransportKind.Soap && name is "User" or "Password" && value is not null && !IsXmlText(value))
            {
                failures.Add($"{Key(name)} holds a character that XML 1.0 cannot carry, so the Soap transport cannot send it.");
            }
        }

        if (NotOneOf(options.MinimumSecurityLevel, Key("MinimumSecurityLevel")) is { } unknownLevel)
        {
            failures.Add(unknownLevel);
        }
        else if (TransportCatalog.LevelOf(transport) is var level && level < options.MinimumSecurityLevel)
        {
            failures.Add($"{Key("Transport")} {transport} has security level {level}, below {Key("MinimumSecurityLevel")} {options.MinimumSecurityLevel}.");
        }

        var baseAddress = options.BaseAddress;
        if (AddressProblem(baseAddress, options.AllowInsecureHttp) is { } baseProblem)
        {
            failures.Add($"{Key("BaseAddress")} {baseProblem}");
        }
        else if (oauth && options.TokenEndpoint is { IsAbsoluteUri: true } tokenEndpoint && AddressProblem(tokenEndpoint, options.AllowInsecureHttp) is { } tokenProblem)
        {
            failures.Add($"{Key("TokenEndpoint")} {tokenProblem}");
        }

        failures.AddRange(new[]
        {
            NotOneOf(options.ClientCredentialStyle, Key("ClientCredentialStyle")),
            NotOneOf(options.BasicAuthVerb, Key("BasicAuthVerb")),
            SettingRanges.AttemptTimeout.Problem(Key("Timeout"), options.Timeout),
            SettingRanges.ResponseBytes.Problem(Key("MaxResponseBytes"), options.MaxResponseBytes),
            UrlLengthProblem(options, Key("MaxUrlLength")),
        }.OfType<string>());
        ValidateRetry(options.Retry, Key, failures);
        return failures;
    }

    private static void ValidateRetry(AfilnetRetryOptions? retry, Func<string, string> key, List<string> failures)
    {
        if (retry is null)
        {
            failures.Add($"{key("Retry")} must not be empty.");
            return;
        }

        var firstDelay = SettingRanges.Wait.Problem(key("Retry:RetryDelay"), retry.RetryDelay);
        failures.AddRange(new[]
        {
            SettingRanges.Retries.Problem(key("Retry:MaxRetries"), retry.MaxRetries),
            firstDelay,
            SettingRanges.MaxRetryDelay(key("Retry:RetryDelay"), firstDelay is null ? retry.RetryDelay : null).Problem(key("Retry:MaxRetryDelay"), retry.MaxRetryDelay),
            SettingRanges.Wait.Problem(key("Retry:MaxRetryAfter"), retry.MaxRetryAfter),
            SettingRanges.TotalTimeout.Problem(key("Retry:TotalTimeout"), retry.TotalTimeout),
        }.OfType<string>());
    }

    /// <summary>An enumeration value that is none of its names (a cast number, in code), worded as for configuration text.</summary>
    private static string? NotOneOf<TEnum>(TEnum value, string key)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? null : SettingKey.NotOneOf<TEnum>(key, Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));

    /// <summary>The URL limit: in range, and for a transport that sends the call in the query string, longer than its endpoint.</summary>
    private static string? UrlLengthProblem(AfilnetOptions options, string key)
    {
        var baseAddress = options.BaseAddress;
        if (baseAddress is not { IsAbsoluteUri: true } || !TransportCatalog.UsesQueryString(options.Transport, options.BasicAuthVerb))
        {
            return SettingRanges.UrlLength.Problem(key, options.MaxUrlLength);
        }

        var endpoint = new Uri(Normalize(baseAddress), TransportCatalog.PathOf(options.Transport)).AbsoluteUri;
        return options.MaxUrlLength > endpoint.Length && options.MaxUrlLength <= SettingRanges.LongestUrl
            ? null
            : $"{key} is {SettingRanges.Show(options.MaxUrlLength)}; it must be more than the endpoint URL itself ({SettingRanges.Show(endpoint.Length)} characters) " +
              $"and at most {SettingRanges.LongestUrl}, since {options.Transport} sends the call in the URL.";
    }

    /// <summary>
    /// Why an address credentials or tokens would travel to is refused: not absolute http(s), or clear-text HTTP to a
    /// host other than loopback without the integrator's opt-in.
    /// </summary>
    private static string? AddressProblem(Uri? address, bool allowInsecureHttp)
    {
        if (address is null || !address.IsAbsoluteUri || (address.Scheme != Uri.UriSchemeHttps && address.Scheme != Uri.UriSchemeHttp))
        {
            return "must be an absolute http or https address.";
        }

        return address.Scheme == Uri.UriSchemeHttp && !address.IsLoopback && !allowInsecureHttp
            ? $"uses plain http:// to '{address.Host}', which would send credentials in clear text. Use https://, or set AllowInsecureHttp if you accept the risk."
            : null;
    }

    private static Uri Normalize(Uri baseAddress)
    {
        var text = baseAddress.GetLeftPart(UriPartial.Path);
        return new Uri(text.EndsWith('/') ? text : text + "/");
    }

    private static Uri ResolveTokenEndpoint(Uri baseAddress, Uri? configured) => configured switch
    {
        null => new Uri(baseAddress, AfilnetOptions.DefaultTokenPath),
        { IsAbsoluteUri: true } => configured,
        _ => new Uri(baseAddress, configured.OriginalString),
    };

    /// <summary>Whether XML 1.0 can carry the text (no control characters, no lone surrogates).</summary>
    internal static bool IsXmlText(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                continue;
            }

            if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                i++;
                continue;
            }

            return false;
        }

        return true;
    }
}

/// <summary>The validated retry and total-time settings.</summary>
internal sealed record RetrySettings(int MaxRetries, TimeSpan RetryDelay, TimeSpan MaxRetryDelay, TimeSpan MaxRetryAfter, TimeSpan TotalTimeout);
