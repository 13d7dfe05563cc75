using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Xml.Linq;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Afilnet.Contacts.Tests.Diagnostics;

/// <summary>
/// The telemetry of a call: one span, one duration and, on failure, one failure count and a log line, named as
/// <see cref="AfilnetTelemetry"/> says. Listeners are process-wide, so this test's spans are told apart by their parent
/// and its measurements by their meter factory.
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
        Assert.Equal([ActivityStatusCode.Ok, ActivityStatusCode.Error, ActivityStatusCode.Error], spans.Select(a => a.Status));

        var durations = telemetry.Measurements(AfilnetTelemetry.CallDurationMetric);
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
        Assert.Equal(["api_error", "transport_error"], telemetry.Measurements(AfilnetTelemetry.CallFailuresMetric).Select(f => (string?)f.Tags[AfilnetTelemetry.OutcomeTag]));

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

    /// <summary>Spans under a parent of this test's own, and measurements of a meter factory of its own.</summary>
    private sealed class TelemetryCapture : IDisposable
    {
        private readonly Activity _parent = new Activity("telemetry-capture").Start();
        private readonly List<Activity> _spans = [];
        private readonly List<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = [];
        private readonly ActivityListener _activities;
        private readonly MeterListener _meters = new();
        private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

        public TelemetryCapture()
        {
            Meters = _services.GetRequiredService<IMeterFactory>();
            _activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == AfilnetTelemetry.SourceName,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = a =>
                {
                    if (a.ParentId == _parent.Id)
                    {
                        lock (_spans)
                        {
                            _spans.Add(a);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_activities);
            _meters.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AfilnetTelemetry.SourceName && instrument.Meter.Scope == Meters)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i.Name, v, tags));
            _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i.Name, v, tags));
            _meters.Start();
        }

        public IMeterFactory Meters { get; }

        public IReadOnlyList<Activity> Spans
        {
            get
            {
                lock (_spans)
                {
                    return [.. _spans];
                }
            }
        }

        public List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements(string instrument)
        {
            lock (_measurements)
            {
                return [.. _measurements.Where(m => m.Instrument == instrument)];
            }
        }

        public void Dispose()
        {
            _meters.Dispose();
            _activities.Dispose();
            _parent.Stop();
            _services.Dispose();
        }

        private void Add(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            lock (_measurements)
            {
                _measurements.Add((instrument, value, dictionary));
            }
        }
    }
}
