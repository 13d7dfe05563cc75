using System.Diagnostics;
using System.Text;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Tests.Configuration;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// One configured client (transport, retries, telemetry: what <c>AddAfilnetContacts</c> builds) pointed at a fault
/// server, with Trace logging and an Activity listener, and the canary scan over everything it produced.
/// </summary>
public sealed class MatrixRig : IDisposable
{
    public const string ClientId = "matrix-client";

    /// <summary>Distinctive, and full of characters every carrier must encode.</summary>
    public const string ClientSecret = "Cs-CANARY-matrix-5e1& =+%#?/:é<'\">";

    public const int MaxRetries = 3;

    /// <summary>The six configurations of the matrix: the five transports, and BasicAuth with its GET verb.</summary>
    public static readonly string[] Transports = ["HttpGet", "HttpPost", "BasicAuth", "BasicAuth-GET", "Soap", "OAuth2Json"];

    private readonly ListLoggerProvider _logs = new();
    private readonly List<string> _tags = [];
    private readonly ActivityListener _listener;
    private readonly ConfiguredClient _host;

    public MatrixRig(string transport, Uri baseAddress, Uri tokenBaseAddress, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        Transport = transport;
        var settings = ConfiguredClient.For(transport == "BasicAuth-GET" ? "BasicAuth" : transport, baseAddress);
        settings["Afilnet:Timeout"] = "00:00:02";
        settings["Afilnet:Retry:MaxRetries"] = MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Afilnet:Retry:TotalTimeout"] = "00:00:10";
        if (transport == "BasicAuth-GET")
        {
            settings["Afilnet:BasicAuthVerb"] = "Get";
        }

        if (transport == "OAuth2Json")
        {
            settings["Afilnet:ClientId"] = ClientId;
            settings["Afilnet:ClientSecret"] = ClientSecret;

            // The token endpoint lives on its own fake, so the fault server counts API calls only.
            settings["Afilnet:TokenEndpoint"] = new Uri(tokenBaseAddress, OAuth2JsonStyle.TokenPath.TrimStart('/')).AbsoluteUri;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AfilnetTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (_tags)
                {
                    _tags.AddRange(a.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(a.DisplayName).Append(a.StatusDescription ?? string.Empty));
                    _tags.AddRange(a.Events.Select(e => e.Name));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _host = new ConfiguredClient(settings, extra: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs)));
        _host.Start();
        Api = _host.Api;
    }

    public string Transport { get; }

    public IContactsApi Api { get; }

    public AfilnetOptions Options => _host.Provider.GetRequiredService<IOptions<AfilnetOptions>>().Value;

    public IReadOnlyList<string> LogLines => _logs.Lines;

    /// <summary>
    /// Every secret the transport was given or received, with the composite forms they travel in (the Basic pairs).
    /// A value a transport never saw cannot be known to scrub, so the client secret and token are OAuth2Json's only.
    /// </summary>
    public static string[] SecretsFor(string transport) => transport == "OAuth2Json"
        ?
        [
            TestCredentials.Password,
            ClientSecret,
            OAuth2JsonStyle.AccessToken,
            $"{Uri.EscapeDataString(ClientId)}:{Uri.EscapeDataString(ClientSecret).Replace("%20", "+", StringComparison.Ordinal)}",
        ]
        : [TestCredentials.Password, $"{TestCredentials.User}:{TestCredentials.Password}"];

    /// <summary>
    /// Searches every log line, Activity tag and event, the error's texts (ToString with inner exceptions, messages,
    /// Data) and the options' and transport's ToString for each secret raw, URL-encoded, form-encoded, base64 and
    /// XML-escaped. Returns the number of texts scanned.
    /// </summary>
    public int AssertNoCanary(Exception? error)
    {
        var texts = new List<string>(_logs.Lines);
        lock (_tags)
        {
            texts.AddRange(_tags);
        }

        if (error is not null)
        {
            texts.AddRange(SecretAssert.Texts(error));
        }

        texts.Add(Options.ToString());
        texts.Add(((ContactsClient)Api).Transport.ToString()!);
        foreach (var text in texts)
        {
            foreach (var secret in SecretsFor(Transport))
            {
                foreach (var form in SecretAssert.Forms(secret))
                {
                    if (text.Contains(form, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _canaryHits);
                        Assert.Fail($"canary hit ({Transport}): a form of a secret appears in: {text}");
                    }
                }
            }
        }

        return texts.Count;
    }

    private static int _canaryHits;

    /// <summary>Canary hits over the whole run (reported; every hit also fails its test).</summary>
    public static int CanaryHits => Volatile.Read(ref _canaryHits);

    /// <summary>Every secret form, for fake servers that echo them back.</summary>
    public static string EchoOfSecrets(string transport) => new StringBuilder().AppendJoin(' ', SecretsFor(transport).SelectMany(SecretAssert.Forms)).ToString();

    public void Dispose()
    {
        _host.Dispose();
        _listener.Dispose();
    }
}
