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
/// One configured client (what <c>AddAfilnetContacts</c> builds: transport, retries, telemetry, the host's HTTP client
/// with the SDK's policy innermost) pointed at a fault server, on the host's fake clock, with Trace logging and the
/// case's spans, and the canary scan over everything it produced.
/// </summary>
public sealed class MatrixRig : IDisposable
{
    public const string ClientId = "matrix-client";

    /// <summary>Distinctive, and full of characters every carrier must encode.</summary>
    public const string ClientSecret = "Cs-CANARY-matrix-5e1& =+%#?/:é<'\">";

    public const int MaxRetries = 3;

    private readonly ListLoggerProvider _logs = new();
    private readonly List<string> _tags = [];
    private readonly Activity _parent = new Activity("fault-matrix-case").Start();
    private readonly ActivityListener _listener;
    private readonly ConfiguredClient _host;

    public MatrixRig(WireStyle style, Uri baseAddress, Uri tokenBaseAddress, TestClock time, IReadOnlyDictionary<string, string?>? overrides = null, Action<IServiceCollection>? services = null)
    {
        Style = style;
        var settings = ConfiguredClient.For(style, baseAddress);
        settings["Afilnet:Timeout"] = "00:00:02";
        settings["Afilnet:Retry:MaxRetries"] = MaxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Afilnet:Retry:TotalTimeout"] = "00:00:10";
        if (style.Transport == AfilnetTransportKind.OAuth2Json)
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
                if (a.ParentId != _parent.Id)
                {
                    return;
                }

                lock (_tags)
                {
                    _tags.AddRange(a.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(a.DisplayName).Append(a.StatusDescription ?? string.Empty));
                    _tags.AddRange(a.Events.Select(e => e.Name));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _host = new ConfiguredClient(settings, extra: s =>
        {
            s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs));
            services?.Invoke(s);
        }, time: time);
        _host.Start();
        Api = _host.Api;
    }

    public WireStyle Style { get; }

    public IContactsApi Api { get; }

    /// <summary>The host's clock: attempt timeouts, backoff, Retry-After and token expiry all run on it.</summary>
    public TestClock Time => _host.Time;

    public AfilnetOptions Options => _host.Provider.GetRequiredService<IOptions<AfilnetOptions>>().Value;

    public IReadOnlyList<string> LogLines => _logs.Lines;

    /// <summary>Returns once the SDK has logged a line containing <paramref name="text"/>.</summary>
    public Task WaitForLogAsync(string text) => _logs.WaitForLineAsync(text);

    /// <summary>The outcome tags of the case's spans, one per call.</summary>
    public IReadOnlyList<string> Outcomes
    {
        get
        {
            lock (_tags)
            {
                return [.. _tags.Where(t => t.StartsWith(AfilnetTelemetry.OutcomeTag + "=", StringComparison.Ordinal)).Select(t => t[(AfilnetTelemetry.OutcomeTag.Length + 1)..])];
            }
        }
    }

    /// <summary>
    /// Every secret the transport was given or received, with the composite forms they travel in (the Basic pairs).
    /// A value a transport never saw cannot be known to scrub, so the client secret is OAuth2Json's only.
    /// </summary>
    public static IReadOnlyList<string> SecretsFor(WireStyle style) => style.Transport == AfilnetTransportKind.OAuth2Json
        ? [TestCredentials.Password, ClientSecret, OAuth2JsonStyle.AccessToken, OAuth2JsonStyle.ClientPair(ClientId, ClientSecret)]
        : style.Secrets;

    /// <summary>
    /// Searches every log line, span tag and event, the error's texts (ToString with inner exceptions, messages,
    /// Data) and the options' and client's ToString for each secret raw, URL-encoded, form-encoded, base64 and
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
        texts.Add(_host.Client.ToString());
        foreach (var text in texts)
        {
            foreach (var secret in SecretsFor(Style))
            {
                foreach (var form in SecretAssert.Forms(secret))
                {
                    if (text.Contains(form, StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref _canaryHits);
                        Assert.Fail($"canary hit ({Style}): a form of a secret appears in: {text}");
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
    public static string EchoOfSecrets(WireStyle style) => new StringBuilder().AppendJoin(' ', SecretsFor(style).SelectMany(SecretAssert.Forms)).ToString();

    public void Dispose()
    {
        _host.Dispose();
        _listener.Dispose();
        _parent.Stop();
    }
}
