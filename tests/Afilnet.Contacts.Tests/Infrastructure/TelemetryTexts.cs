using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Afilnet.Contacts.Diagnostics;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// Every text the SDK's telemetry carries, for a canary scan: each stopped span's tags, events' tags, name and status
/// description, and each measurement's tags. Listeners are process-wide, so it sees other tests' telemetry too: a scan
/// only gets stricter for it.
/// </summary>
public sealed class TelemetryTexts : IDisposable
{
    private readonly ConcurrentQueue<string> _traces = new();
    private readonly ConcurrentQueue<string> _metrics = new();
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();

    public TelemetryTexts()
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == AfilnetTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                foreach (var tag in a.TagObjects)
                {
                    _traces.Enqueue($"{tag.Key}={tag.Value}");
                }

                foreach (var @event in a.Events)
                {
                    foreach (var tag in @event.Tags)
                    {
                        _traces.Enqueue($"{@event.Name} {tag.Key}={tag.Value}");
                    }
                }

                _traces.Enqueue($"{a.DisplayName} {a.StatusDescription}");
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == AfilnetTelemetry.SourceName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<double>((_, _, tags, _) => Record(tags));
        _meters.SetMeasurementEventCallback<long>((_, _, tags, _) => Record(tags));
        _meters.Start();
    }

    public IReadOnlyList<string> Traces => [.. _traces];

    public IReadOnlyList<string> Metrics => [.. _metrics];

    public void Clear()
    {
        _traces.Clear();
        _metrics.Clear();
    }

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Record(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            _metrics.Enqueue($"{tag.Key}={tag.Value}");
        }
    }
}
