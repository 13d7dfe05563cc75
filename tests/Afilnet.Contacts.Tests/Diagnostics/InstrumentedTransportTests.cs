using System.Diagnostics;
using System.Diagnostics.Metrics;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Microsoft.Extensions.Logging;

namespace Afilnet.Contacts.Tests.Diagnostics;

public sealed class InstrumentedTransportTests
{
    private static readonly ApiRequest Request = new(ApiOperations.GetContact, [new("idgroup", "1"), new("idcontact", "2")]);

    [Fact]
    public async Task Each_call_gets_a_span_a_duration_a_failure_count_and_a_log_line()
    {
        var activities = new List<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == AfilnetTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(activityListener);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AfilnetTelemetry.SourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Add((i.Name, v, ToDictionary(tags))));
        meterListener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Add((i.Name, v, ToDictionary(tags))));
        meterListener.Start();
        var logs = new ListLogger<InstrumentedTransport>();
        var inner = new ScriptedTransport(ScriptedTransport.Ok, _ => ApiAnswer.Error(ApiErrorCode.NotAccessToContact), ScriptedTransport.Fail(ScriptedTransport.Status(503)));
        var transport = new InstrumentedTransport(inner, logs);

        await transport.SendAsync(Request, TestContext.Current.CancellationToken);
        await transport.SendAsync(Request, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<AfilnetTransportException>(async () => await transport.SendAsync(Request, TestContext.Current.CancellationToken));

        var mine = activities.Where(a => (string?)a.GetTagItem(AfilnetTelemetry.TransportTag) == "Scripted").ToList();
        Assert.Equal(["success", "api_error", "transport_error"], mine.Select(a => (string?)a.GetTagItem(AfilnetTelemetry.OutcomeTag)));
        Assert.All(mine, a => Assert.Equal("getcontact", a.GetTagItem(AfilnetTelemetry.MethodTag)));
        Assert.Equal("NOT_ACCESS_TO_CONTACT", mine[1].GetTagItem(AfilnetTelemetry.ErrorCodeTag));
        Assert.Equal(503, mine[2].GetTagItem(AfilnetTelemetry.HttpStatusTag));
        Assert.Equal(ActivityStatusCode.Error, mine[2].Status);

        var durations = measurements.Where(m => m.Instrument == AfilnetTelemetry.CallDurationMetric && (string?)m.Tags[AfilnetTelemetry.TransportTag] == "Scripted").ToList();
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
        var failures = measurements.Where(m => m.Instrument == AfilnetTelemetry.CallFailuresMetric && (string?)m.Tags[AfilnetTelemetry.TransportTag] == "Scripted").ToList();
        Assert.Equal(["api_error", "transport_error"], failures.Select(f => (string?)f.Tags[AfilnetTelemetry.OutcomeTag]));

        Assert.Equal(3, logs.Lines.Count);
        Assert.Contains("getcontact over Scripted succeeded", logs.Lines[0], StringComparison.Ordinal);
        Assert.Contains("NOT_ACCESS_TO_CONTACT", logs.Lines[1], StringComparison.Ordinal);
        Assert.Contains("transport_error", logs.Lines[2], StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            dictionary[tag.Key] = tag.Value;
        }

        return dictionary;
    }
}
