using System.Diagnostics;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Tests.Configuration;
using Afilnet.Contacts.Tests.Contract;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Afilnet.Contacts.Tests.Security;

/// <summary>
/// The configured pipeline (transport, retries, telemetry) of each of the five transports, run through all twelve
/// methods and a set of failures with Trace logging on: no log line, Activity tag or exception text holds a secret.
/// </summary>
public sealed class PipelineCanaryTests
{
    private const string ClientSecret = "Cs-CANARY-pipeline-77& =+é";

    public static TheoryData<string, string> Transports() => new()
    {
        { "HttpGet", "HttpGet" },
        { "HttpPost", "HttpPost" },
        { "BasicAuth", "BasicAuth-POST" },
        { "Soap", "Soap" },
        { "OAuth2Json", "OAuth2Json" },
    };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task No_secret_in_logs_traces_or_errors(string transport, string wireStyle)
    {
        var ct = TestContext.Current.CancellationToken;
        var style = WireStyles.Get(wireStyle);
        using var fake = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        var logs = new ListLoggerProvider();
        var tags = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AfilnetTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => tags.AddRange(a.TagObjects.Select(t => $"{t.Key}={t.Value}").Append(a.DisplayName).Append(a.StatusDescription ?? string.Empty)),
        };
        ActivitySource.AddActivityListener(listener);
        var settings = ConfiguredClient.For(transport, fake.BaseAddress);
        var oauth = transport == "OAuth2Json";
        if (oauth)
        {
            settings["Afilnet:ClientId"] = "client-id";
            settings["Afilnet:ClientSecret"] = ClientSecret;
        }

        // Secrets are what this transport was given or received; a string it never saw cannot be known to scrub.
        string[] secrets = oauth ? [TestCredentials.Password, ClientSecret, OAuth2JsonStyle.AccessToken] : [TestCredentials.Password];
        using var host = new ConfiguredClient(settings, extra: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs)));
        host.Start();
        var api = host.Api;
        var texts = new List<string>();

        foreach (var @case in ContractCases.All)
        {
            var (body, contentType) = style.RenderSuccess(@case.Operation, @case.ResultJson);
            fake.Answer(body, contentType);
            style.Prepare(fake);
            await @case.Invoke(api, ct);
        }

        var echo = string.Join(' ', secrets.SelectMany(SecretAssert.Forms));
        foreach (var (body, status) in new[] { ($"error: {echo}", 500), ($"garbage {echo}", 200), ($"denied {echo}", 401), ($"<html>{echo}</html>", 503) })
        {
            fake.Answer(body, "text/plain", status);
            style.Prepare(fake);
            var error = await Assert.ThrowsAnyAsync<AfilnetException>(() => api.GetContactsAsync(new GroupId(1), ct));
            texts.AddRange(SecretAssert.Texts(error));
        }

        texts.AddRange(logs.Lines);
        texts.AddRange(tags);
        texts.Add(host.Provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<AfilnetOptions>>().Value.ToString());
        texts.Add(((ContactsClient)api).Transport.ToString()!);

        Assert.True(logs.Lines.Count >= 16, $"expected a log line per call, got {logs.Lines.Count}");
        Assert.Contains(logs.Lines, l => l.Contains("Retrying", StringComparison.Ordinal) || l.Contains("retrying", StringComparison.Ordinal));
        foreach (var text in texts)
        {
            SecretAssert.CleanText(text, secrets);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{transport}: {texts.Count} texts ({logs.Lines.Count} log lines), 0 canary hits");
    }
}
