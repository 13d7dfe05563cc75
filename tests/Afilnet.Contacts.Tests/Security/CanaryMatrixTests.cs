using System.Text.Json;
using System.Xml.Linq;
using Afilnet.Contacts.Tests.Configuration;
using Afilnet.Contacts.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Security;

/// <summary>
/// The canary matrix: encodings x carriers x channels x transports. A server echoes one of the secrets a transport
/// knows (<see cref="WireStyle.Secrets"/>), encoded by a chain of <see cref="CanaryEncodings"/> that FsCheck generates,
/// in one of the places a server controls (<see cref="Carriers"/>); every text the SDK then produced, on every channel
/// (exception <c>ToString</c> with inner exceptions, log lines, trace tags, metric tags), is searched for the secret and
/// for every form it took along the chain. The search is the test's own, not the SDK's gate.
/// </summary>
public sealed class CanaryMatrixTests
{
    /// <summary>Generated cases per transport, on top of every single encoding in every carrier.</summary>
    public const int GeneratedCasesPerTransport = 150;

    public static TheoryData<string> Styles() => WireStyles.Names();

    /// <summary>A fake a carrier arranges: the matrix's host-configured rig, or the sample's server.</summary>
    public interface ICanaryServer
    {
        WireStyle Style { get; }

        void Answer(string body, string contentType, int status);

        void Redirect(string location);

        /// <summary>The token endpoint answers so, and the next call asks it for a token.</summary>
        void Token(string body, int status, string contentType = "application/json");
    }

    /// <summary>Where a server can put text: each carrier renders the echo into the answer to a <c>deletegroup</c>.</summary>
    public sealed record Carrier(string Name, bool OAuthOnly, Action<ICanaryServer, string> Arrange)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Carrier> Carriers { get; } =
    [
        new("HTTP 500 body", false, (rig, echo) => rig.Answer($"error: {echo}", "text/plain", 500)),
        new("HTTP 503 HTML page", false, (rig, echo) => rig.Answer($"<html><body><p>{echo}</p></body></html>", "text/html", 503)),
        new("unreadable 200 body", false, (rig, echo) => rig.Answer($"garbage {echo}", rig.Style.AnswerContentType, 200)),
        new("API error code", false, (rig, echo) =>
        {
            var (body, type) = rig.Style.RenderError("deletegroup", echo);
            rig.Answer(body, type, 200);
        }),
        new("unreadable result", false, (rig, echo) => rig.Answer(
            rig.Style is SoapStyle
                ? SoapStyle.Envelope(new XElement(SoapStyle.Api + "deletegroupResponse", new XElement(SoapStyle.Api + "status", "SUCCESS"), new XElement(SoapStyle.Api + "status", echo)))
                : $$"""{"status":"SUCCESS","result":{{JsonSerializer.Serialize(echo)}},"result":1}""",
            rig.Style.AnswerContentType,
            200)),
        new("SOAP Fault", false, (rig, echo) => rig.Answer(
            SoapStyle.Envelope(new XElement(SoapStyle.Env + "Fault", new XElement("faultcode", "soap:Client"), new XElement("faultstring", $"Cannot process {echo}"))),
            "text/xml; charset=utf-8",
            500)),
        new("SOAP Fault code", false, (rig, echo) => rig.Answer(
            SoapStyle.Envelope(new XElement(SoapStyle.Env + "Fault", new XElement("faultcode", XmlName(echo)), new XElement("faultstring", "no"))),
            "text/xml; charset=utf-8",
            500)),
        new("redirect target", false, (rig, echo) => rig.Redirect($"https://evil.example/steal?p={Uri.EscapeDataString(echo)}")),
        new("token error", true, (rig, echo) => rig.Token($$"""{"error":{{JsonSerializer.Serialize(echo)}}}""", 400)),
        new("token error_description", true, (rig, echo) => rig.Token($$"""{"error":"invalid_client","error_description":{{JsonSerializer.Serialize(echo)}}}""", 401)),
        new("token token_type", true, (rig, echo) => rig.Token($$"""{"access_token":"x-1234","token_type":{{JsonSerializer.Serialize(echo)}},"expires_in":3600}""", 200)),
        new("token 502 page", true, (rig, echo) => rig.Token($"<html>{echo}</html>", 502, "text/html")),
        new("token unreadable 200", true, (rig, echo) => rig.Token($"not json {echo}", 200)),
    ];

    /// <summary>One generated case: which secret, how encoded, where carried.</summary>
    public sealed record CanaryCase(int SecretIndex, CanaryEncodings.Encoding[] Chain, Carrier Carrier)
    {
        public override string ToString() => $"secret {SecretIndex} as {CanaryEncodings.Describe(Chain)} in {Carrier}";
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task No_secret_in_any_encoding_reaches_any_channel(string name)
    {
        var style = WireStyles.Get(name);
        using var rig = new CanaryRig(style);
        var carriers = Carriers.Where(c => !c.OAuthOnly || style.Transport == AfilnetTransportKind.OAuth2Json).ToArray();

        // Every single encoding of every secret in every carrier...
        foreach (var encoding in CanaryEncodings.All.Append(CanaryEncodings.UpperCase))
        {
            foreach (var carrier in carriers)
            {
                for (var secret = 0; secret < style.Secrets.Count; secret++)
                {
                    await rig.CheckAsync(new CanaryCase(secret, [encoding], carrier));
                }
            }
        }

        var exhaustive = rig.Cases;

        // ...and chains of them, generated.
        var cases = from secret in Gen.Choose(0, style.Secrets.Count - 1)
                    from chain in CanaryEncodings.Chain
                    from carrier in Gen.Elements(carriers)
                    select new CanaryCase(secret, chain, carrier);
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(GeneratedCasesPerTransport),
            Prop.ForAll(Arb.From(cases), c => Task.Run(() => rig.CheckAsync(c)).GetAwaiter().GetResult()));

        // The scan saw every channel, so a channel that went silent would not pass unnoticed.
        Assert.All(CanaryRig.Channels, channel => Assert.True(rig.Scanned[channel] > 0, $"no text was scanned on {channel}"));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{name}: {exhaustive} exhaustive + {rig.Cases - exhaustive} generated cases, {CanaryEncodings.All.Count} encodings x {carriers.Length} carriers, " +
            $"texts scanned {string.Join(", ", CanaryRig.Channels.Select(c => $"{c} {rig.Scanned[c]}"))}; 0 canary hits");
    }

    [Fact]
    public void The_search_finds_a_secret_in_each_link_of_a_chain()
    {
        // The oracle must be able to fail: each form along a chain is caught, the secret in a sentence included.
        var chain = new[] { CanaryEncodings.All.Single(e => e.Name == "json-u-lower"), CanaryEncodings.All.Single(e => e.Name == "base64") };
        foreach (var form in CanaryEncodings.FormsAlong(TestCredentials.Password, chain))
        {
            Assert.NotNull(CanaryRig.Leak($"the server said {form}.", CanaryEncodings.FormsAlong(TestCredentials.Password, chain)));
        }

        Assert.Null(CanaryRig.Leak("nothing to see", CanaryEncodings.FormsAlong(TestCredentials.Password, chain)));
    }

    /// <summary>An XML name holding the echo: a faultcode is a QName, so characters a name cannot hold become '_'.</summary>
    private static string XmlName(string echo)
    {
        var chars = echo.Select((c, i) => (i == 0 ? System.Xml.XmlConvert.IsStartNCNameChar(c) : System.Xml.XmlConvert.IsNCNameChar(c)) ? c : '_');
        return string.Concat(chars);
    }

    /// <summary>A host-configured client of one style against a fake it rearranges per case, listening on every channel.</summary>
    public sealed class CanaryRig : ICanaryServer, IDisposable
    {
        public static readonly string[] Channels = ["exception", "log", "trace", "metric"];

        private readonly FakeApi _fake = FakeApi.Start();
        private readonly ListLoggerProvider _logs = new();
        private readonly TelemetryTexts _telemetry = new();
        private readonly ConfiguredClient _host;

        public CanaryRig(WireStyle style)
        {
            Style = style;
            _fake.IsApiCall = style.IsApiCall;
            var settings = ConfiguredClient.For(style, _fake.BaseAddress);
            settings["Afilnet:Retry:MaxRetries"] = "0";
            _host = new ConfiguredClient(settings, extra: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs)));
            _host.Start();
        }

        public WireStyle Style { get; }

        public int Cases { get; private set; }

        public Dictionary<string, int> Scanned { get; } = Channels.ToDictionary(c => c, _ => 0);

        /// <summary>The first of <paramref name="forms"/> that <paramref name="text"/> holds, in any letter case; null when none.</summary>
        public static string? Leak(string text, IEnumerable<string> forms) =>
            forms.FirstOrDefault(f => f.Length >= 4 && text.Contains(f, StringComparison.OrdinalIgnoreCase));

        public void Answer(string body, string contentType, int status)
        {
            _fake.Answer(body, contentType, status);
            Style.Prepare(_fake);
        }

        public void Redirect(string location)
        {
            _fake.Server.ResetMappings();
            _fake.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(302).WithHeader("Location", location));
            Style.Prepare(_fake);
        }

        /// <summary>The token endpoint answers so; the cached token is made stale, so the next call asks for one.</summary>
        public void Token(string body, int status, string contentType = "application/json")
        {
            _fake.Answer("""{"status":"SUCCESS"}""");
            OAuth2JsonStyle.MapToken(_fake, body, status, contentType);
            _host.Time.Advance(TimeSpan.FromHours(2));
        }

        public async Task CheckAsync(CanaryCase @case)
        {
            var secret = Style.Secrets[@case.SecretIndex];
            var echo = CanaryEncodings.Apply(secret, @case.Chain);
            var forms = CanaryEncodings.FormsAlong(secret, @case.Chain);
            var logsBefore = _logs.Lines.Count;
            _telemetry.Clear();
            @case.Carrier.Arrange(this, echo);

            // A write: never retried, so each case is one exchange (two with a token request).
            var error = await Record.ExceptionAsync(() => _host.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

            // Every carrier is a failure, and an SDK one: the echo was met, not bypassed.
            Assert.True(error is AfilnetException, $"{@case}: expected an SDK error, got {error?.GetType().Name ?? "success"}");
            Cases++;
            Scan("exception", SecretAssert.Texts(error!), forms, @case);
            Scan("log", _logs.Lines.Skip(logsBefore), forms, @case);
            Scan("trace", _telemetry.Traces, forms, @case);
            Scan("metric", _telemetry.Metrics, forms, @case);
        }

        public void Dispose()
        {
            _host.Dispose();
            _telemetry.Dispose();
            _fake.Dispose();
        }

        private void Scan(string channel, IEnumerable<string> texts, IReadOnlyList<string> forms, CanaryCase @case)
        {
            foreach (var text in texts)
            {
                Scanned[channel]++;
                if (Leak(text, forms) is { } leaked)
                {
                    Assert.Fail($"{Style.Name}, {@case}: the {channel} channel shows '{leaked}' in: {text}");
                }
            }
        }
    }
}
