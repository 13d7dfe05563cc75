using System.Text.Json;
using System.Xml.Linq;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Tests.Configuration;
using Afilnet.Contacts.Tests.Contract;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Security;

/// <summary>
/// Every transport of <see cref="WireStyles.All"/>, configured as a host configures it (DI, Trace logging, an Activity
/// listener, retries on), runs all twelve methods and a set of failures in which the server echoes every secret the
/// transport knows (<see cref="WireStyle.Secrets"/>) in every form it travels in. Every text the SDK produced (exception
/// texts, log lines, Activity tags, the options' and the client's descriptions) is then searched for those secrets.
/// </summary>
public sealed class CanaryTests
{
    public static TheoryData<string> Styles() => WireStyles.Names();

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task No_secret_appears_in_any_text_the_SDK_produces(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var style = WireStyles.Get(name);
        var secrets = style.Secrets.ToArray();
        using var fake = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        var logs = new ListLoggerProvider();
        using var telemetry = new TelemetryTexts();
        using var host = new ConfiguredClient(
            ConfiguredClient.For(style, fake.BaseAddress),
            extra: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        host.Start();
        var api = host.Api;
        var texts = new List<string>();

        void Answer(string body, string contentType, int status = 200)
        {
            fake.Answer(body, contentType, status);
            style.Prepare(fake);
        }

        async Task Fail<TException>(Func<Task> call)
            where TException : Exception
        {
            var error = await Assert.ThrowsAnyAsync<TException>(call);
            texts.AddRange(SecretAssert.Texts(error));
        }

        // Every method, successfully.
        foreach (var @case in ContractCases.All)
        {
            var (body, contentType) = style.RenderSuccess(@case.Method, @case.ResultJson);
            Answer(body, contentType);
            await @case.Invoke(api, ct);
        }

        // A server that echoes every secret this transport knows, in the forms the SDK itself sends them in (the other
        // encodings, generated and nested, are CanaryMatrixTests').
        var echo = string.Join(' ', secrets.SelectMany(SecretAssert.Forms));
        var fault = SoapStyle.Envelope(new XElement(
            SoapStyle.Env + "Fault",
            new XElement("faultcode", "soap:Client"),
            new XElement("faultstring", $"Cannot process {echo}")));
        (string Body, string ContentType, int Status)[] failures =
        [
            ($"error: {echo}", "text/plain", 500),
            ($"garbage {echo}", style.AnswerContentType, 200),
            ($"denied {echo}", "text/plain", 401),
            ($"<html><body>{echo}</body></html>", "text/html", 503),
            (fault, "text/xml; charset=utf-8", 500),
            ($$"""{"status":"SUCCESS","result":{{JsonSerializer.Serialize(echo)}}}""", style.AnswerContentType, 200),
        ];
        foreach (var (body, contentType, status) in failures)
        {
            Answer(body, contentType, status);
            await Fail<AfilnetException>(() => api.GetContactsAsync(new GroupId(1), ct));
        }

        // An API error whose code echoes the secrets.
        var (errorBody, errorContentType) = style.RenderError("deletegroup", echo);
        Answer(errorBody, errorContentType);
        await Fail<AfilnetApiException>(() => api.DeleteGroupAsync(new GroupId(1), ct));

        // A redirect whose target carries the password.
        fake.Server.ResetMappings();
        fake.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create()
            .WithStatusCode(302)
            .WithHeader("Location", $"https://evil.example/steal?p={Uri.EscapeDataString(TestCredentials.Password)}"));
        style.Prepare(fake);
        await Fail<AfilnetTransportException>(() => api.DeleteGroupAsync(new GroupId(1), ct));

        // Arguments refused before sending.
        await Fail<ArgumentException>(() => api.CreateGroupAsync("x", GroupType.Mobile, ["mobile", "a,b"], ct));

        if (style.Transport == AfilnetTransportKind.OAuth2Json)
        {
            // The token expires, and the token endpoint refuses to renew it in every way, echoing the secrets.
            host.Time.Advance(TimeSpan.FromHours(2));
            var description = JsonSerializer.Serialize(echo);
            (string Body, string ContentType, int Status)[] tokenFailures =
            [
                ($$"""{"error":"invalid_client","error_description":{{description}}}""", "application/json", 401),
                ($$"""{"error":{{description}}}""", "application/json", 400),
                ($$"""{"access_token":"x-1234","token_type":{{description}},"expires_in":3600}""", "application/json", 200),
                ($"<html>{echo}</html>", "text/html", 502),
                ($"not json {echo}", "application/json", 200),
            ];
            foreach (var (body, contentType, status) in tokenFailures)
            {
                fake.Answer("""{"status":"SUCCESS"}""");
                OAuth2JsonStyle.MapToken(fake, body, status, contentType);
                await Fail<AfilnetAuthenticationException>(() => api.DeleteGroupAsync(new GroupId(1), ct));
            }
        }

        texts.AddRange(logs.Lines);
        texts.AddRange(telemetry.Traces);
        texts.AddRange(telemetry.Metrics);
        texts.Add(host.Provider.GetRequiredService<IOptions<AfilnetOptions>>().Value.ToString());
        texts.Add(host.Client.ToString());

        Assert.True(logs.Lines.Count >= ContractCases.All.Count + failures.Length, $"expected a log line per call, got {logs.Lines.Count}");
        Assert.Contains(logs.Lines, l => l.Contains("retrying", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(telemetry.Traces, t => t == $"{AfilnetTelemetry.TransportTag}={style.Transport}");
        foreach (var text in texts)
        {
            SecretAssert.CleanText(text, secrets);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {texts.Count} texts ({logs.Lines.Count} log lines, {telemetry.Traces.Count} trace and {telemetry.Metrics.Count} metric tags), 0 canary hits");
    }
}
