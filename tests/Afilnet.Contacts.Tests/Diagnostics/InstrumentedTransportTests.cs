using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Xml.Linq;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Diagnostics;

/// <summary>
/// The telemetry of a call: one span, one duration and, on failure, one failure count and a log line; per retry a span
/// event and a count; named as <see cref="AfilnetTelemetry"/> says. Listeners are process-wide, so each test reads its
/// own through a <see cref="TelemetryCapture"/>.
/// </summary>
public sealed class InstrumentedTransportTests
{
    private static readonly ApiRequest Request = new(ApiOperations.GetContact, [new("idgroup", "1"), new("idcontact", "2")]);

    [Fact]
    public async Task Each_call_gets_a_span_a_duration_a_failure_count_and_a_log_line()
    {
        using var telemetry = new TelemetryCapture();
        var logs = new ListLogger<InstrumentedTransport>();
        var inner = new ScriptedTransport(ScriptedTransport.Ok, ScriptedTransport.Fail(new AfilnetApiException(ApiErrorCode.NotAccessToContact, "getcontact")), ScriptedTransport.Fail(ScriptedTransport.Status(503)));
        var transport = new InstrumentedTransport(inner, logs, telemetry.Meters);
        var ct = TestContext.Current.CancellationToken;

        await transport.SendAsync<Decoders.None, NoResult>(Request, ct);
        await Assert.ThrowsAsync<AfilnetApiException>(async () => await transport.SendAsync<Decoders.None, NoResult>(Request, ct));
        await Assert.ThrowsAsync<AfilnetTransportException>(async () => await transport.SendAsync<Decoders.None, NoResult>(Request, ct));

        var spans = telemetry.Spans;
        Assert.Equal(["success", "api_error", "transport_error"], spans.Select(a => (string?)a.GetTagItem(AfilnetTelemetry.OutcomeTag)));
        Assert.All(spans, a => Assert.Equal("getcontact", a.GetTagItem(AfilnetTelemetry.MethodTag)));
        Assert.All(spans, a => Assert.Equal("HttpPost", a.GetTagItem(AfilnetTelemetry.TransportTag)));
        Assert.Equal("NOT_ACCESS_TO_CONTACT", spans[1].GetTagItem(AfilnetTelemetry.ErrorCodeTag));
        Assert.Equal(503, spans[2].GetTagItem(AfilnetTelemetry.HttpStatusTag));
        Assert.Equal([null, nameof(AfilnetApiException), nameof(AfilnetTransportException)], spans.Select(a => (string?)a.GetTagItem(AfilnetTelemetry.ErrorTypeTag)));
        Assert.All(spans, a => Assert.Equal(0, a.GetTagItem(AfilnetTelemetry.RetriesTag)));
        Assert.Equal([ActivityStatusCode.Ok, ActivityStatusCode.Error, ActivityStatusCode.Error], spans.Select(a => a.Status));

        var durations = telemetry.Measurements(AfilnetTelemetry.CallDurationMetric);
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
        Assert.Equal(503, durations[2].Tags[AfilnetTelemetry.HttpStatusTag]);
        var failures = telemetry.Measurements(AfilnetTelemetry.CallFailuresMetric);
        Assert.Equal(["api_error", "transport_error"], failures.Select(f => (string?)f.Tags[AfilnetTelemetry.OutcomeTag]));
        Assert.Equal(503, failures[1].Tags[AfilnetTelemetry.HttpStatusTag]);

        Assert.Equal(3, logs.Lines.Count);
        Assert.Contains("getcontact over HttpPost succeeded", logs.Lines[0], StringComparison.Ordinal);
        Assert.Contains("NOT_ACCESS_TO_CONTACT", logs.Lines[1], StringComparison.Ordinal);
        Assert.Contains("transport_error", logs.Lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metric_error_codes_are_documented_codes_or_other_and_traces_logs_show_only_code_shaped_ones()
    {
        using var telemetry = new TelemetryCapture();
        var logs = new ListLogger<InstrumentedTransport>();
        const string NewCode = "QUOTA_EXCEEDED";
        const string NotACode = "<b>no</b> 12345";
        var inner = new ScriptedTransport(
            ScriptedTransport.Fail(new AfilnetApiException(ApiErrorCode.NotAccessToContact, "getcontact")),
            ScriptedTransport.Fail(new AfilnetApiException(new ApiErrorCode(NewCode), "getcontact")),
            ScriptedTransport.Fail(new AfilnetApiException(new ApiErrorCode(NotACode), "getcontact")));
        var transport = new InstrumentedTransport(inner, logs, telemetry.Meters);
        var errors = new List<AfilnetApiException>();
        for (var i = 0; i < 3; i++)
        {
            errors.Add(await Assert.ThrowsAsync<AfilnetApiException>(async () => await transport.SendAsync<Decoders.None, NoResult>(Request, TestContext.Current.CancellationToken)));
        }

        // Metrics: a bounded set. Traces and logs: any code-shaped code, 'other' for the rest.
        Assert.Equal(["NOT_ACCESS_TO_CONTACT", AfilnetTelemetry.OtherErrorCode, AfilnetTelemetry.OtherErrorCode], telemetry.Measurements(AfilnetTelemetry.CallFailuresMetric).Select(f => (string?)f.Tags[AfilnetTelemetry.ErrorCodeTag]));
        Assert.Equal(["NOT_ACCESS_TO_CONTACT", NewCode, AfilnetTelemetry.OtherErrorCode], telemetry.Spans.Select(a => (string?)a.GetTagItem(AfilnetTelemetry.ErrorCodeTag)));
        Assert.Contains(NewCode, logs.Lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(NotACode, logs.Lines[2], StringComparison.Ordinal);

        // The message names a code that is not one by its length only; the property keeps it verbatim for code.
        Assert.Equal("Afilnet 'getcontact' failed with an unrecognised error code of 15 characters.", errors[2].Message);
        Assert.Equal(NotACode, errors[2].ErrorCode.Value);
        Assert.Equal("Afilnet 'getcontact' failed with error QUOTA_EXCEEDED.", errors[1].Message);
    }

    [Fact]
    public void The_duration_histogram_advises_bucket_boundaries_for_API_calls_from_5_ms_to_120_s()
    {
        using var telemetry = new TelemetryCapture();
        using var transport = new InstrumentedTransport(new ScriptedTransport(), meterFactory: telemetry.Meters);

        var duration = Assert.IsType<Histogram<double>>(Assert.Single(telemetry.Instruments, i => i.Name == AfilnetTelemetry.CallDurationMetric));

        // OpenTelemetry's HTTP boundaries, then the SDK's Retry-After cap and timeouts.
        Assert.Equal([0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 120], duration.Advice?.HistogramBucketBoundaries);
        Assert.Equal("s", duration.Unit);
    }

    [Fact]
    public async Task A_call_retried_twice_shows_2_retries_on_its_span_2_retry_events_and_2_on_the_retry_counter()
    {
        using var telemetry = new TelemetryCapture();
        var clock = TestClients.NewClock();
        var inner = new ScriptedTransport(
            ScriptedTransport.Fail(ScriptedTransport.Status(503, retryAfter: TimeSpan.FromSeconds(2))),
            ScriptedTransport.Fail(ScriptedTransport.Status(429, retryAfter: TimeSpan.FromSeconds(3))),
            ScriptedTransport.Ok);
        var retrying = new ResilientTransport(inner, new RetrySettings(3, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2)), clock);
        using var transport = new InstrumentedTransport(retrying, meterFactory: telemetry.Meters, time: clock);

        var call = transport.SendAsync<Decoders.None, NoResult>(Request, TestContext.Current.CancellationToken).AsTask();

        // With no backoff, each wait is exactly the server's Retry-After, on the fake clock.
        await clock.ElapseAsync(TimeSpan.FromSeconds(2), call, "the first Retry-After");
        await clock.ElapseAsync(TimeSpan.FromSeconds(3), call, "the second Retry-After");
        await call;

        Assert.Equal(3, inner.Calls);
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal(2, span.GetTagItem(AfilnetTelemetry.RetriesTag));
        Assert.Equal("success", span.GetTagItem(AfilnetTelemetry.OutcomeTag));
        var retries = span.Events.Where(e => e.Name == AfilnetTelemetry.RetryEvent).Select(e => e.Tags.ToDictionary()).ToList();
        Assert.Equal([1, 2], retries.Select(r => r[AfilnetTelemetry.RetryAttemptTag]));
        Assert.Equal([2.0, 3.0], retries.Select(r => r[AfilnetTelemetry.RetryDelayTag]));
        Assert.Equal(["transport_error", "transport_error"], retries.Select(r => r[AfilnetTelemetry.OutcomeTag]));
        Assert.Equal([503, 429], retries.Select(r => r[AfilnetTelemetry.HttpStatusTag]));

        var counted = telemetry.Measurements(AfilnetTelemetry.CallRetriesMetric);
        Assert.Equal([1.0, 1.0], counted.Select(m => m.Value));
        Assert.All(counted, m => Assert.Equal("getcontact", m.Tags[AfilnetTelemetry.MethodTag]));
        Assert.Empty(telemetry.Measurements(AfilnetTelemetry.CallFailuresMetric));

        // The duration is on the client's clock, so it is exactly the waits the call was made to do.
        Assert.Equal(5.0, Assert.Single(telemetry.Measurements(AfilnetTelemetry.CallDurationMetric)).Value);
    }

    [Fact]
    public async Task An_HTTP_status_outside_100_to_599_is_on_the_span_but_not_on_metrics_so_their_tag_values_stay_bounded()
    {
        using var telemetry = new TelemetryCapture();
        using var transport = new InstrumentedTransport(new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(599)), ScriptedTransport.Fail(ScriptedTransport.Status(799))), meterFactory: telemetry.Meters);

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<AfilnetTransportException>(async () => await transport.SendAsync<Decoders.None, NoResult>(Request, TestContext.Current.CancellationToken));
        }

        Assert.Equal([599, 799], telemetry.Spans.Select(a => a.GetTagItem(AfilnetTelemetry.HttpStatusTag)));
        Assert.Equal([599, null], telemetry.Measurements(AfilnetTelemetry.CallDurationMetric).Select(m => m.Tags.GetValueOrDefault(AfilnetTelemetry.HttpStatusTag)));
        Assert.Equal([599, null], telemetry.Measurements(AfilnetTelemetry.CallFailuresMetric).Select(m => m.Tags.GetValueOrDefault(AfilnetTelemetry.HttpStatusTag)));
    }

    /// <summary>
    /// The probe of the one-path redesign: a result of the wrong shape for a read is decoded inside the transport call,
    /// so the retry layer and the trace see it as what it is, exactly like a truncated answer: the same retries, the
    /// same outcome.
    /// </summary>
    [Theory]
    [MemberData(nameof(Styles))]
    public async Task A_wrong_shaped_result_is_retried_and_traced_exactly_like_a_truncated_answer(string styleName)
    {
        var style = WireStyles.Get(styleName);
        // SOAP has no scalar where a list belongs: the wrong shape there is a <contact> that is not a record.
        var wrongShape = style.Transport == AfilnetTransportKind.Soap
            ? SoapStyle.Envelope(new XElement(SoapStyle.Api + "getcontactsResponse", new XElement(SoapStyle.Api + "status", "SUCCESS"), new XElement(SoapStyle.Api + "result", new XElement(SoapStyle.Api + "contact", "x"))))
            : """{"status":"SUCCESS","result":"x"}""";
        var (complete, _) = style.RenderSuccess("getcontacts", """[{"idcontact": 1000, "mobile": "34600000000"}]""");
        var truncated = complete[..(complete.Length / 2)];

        var outcomes = new List<(int Requests, Type Error, string? Outcome)>();
        foreach (var body in new[] { wrongShape, truncated })
        {
            using var telemetry = new TelemetryCapture();
            using var harness = new Harness(style, o => o.Retry.MaxRetries = 3);
            harness.Answer(body);

            var error = await Assert.ThrowsAnyAsync<AfilnetException>(() => harness.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

            outcomes.Add((harness.Fake.Requests.Count, error.GetType(), (string?)Assert.Single(telemetry.Spans).GetTagItem(AfilnetTelemetry.OutcomeTag)));
        }

        Assert.Equal((4, typeof(AfilnetProtocolException), "protocol_error"), outcomes[0]);
        Assert.Equal(outcomes[0], outcomes[1]);
    }

    public static TheoryData<string> Styles() => WireStyles.Names();
}
