using System.Diagnostics;
using System.Diagnostics.Metrics;
using Afilnet.Contacts.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// Spans under a parent of this capture's own, and the instruments and measurements of a meter factory of its own:
/// listeners are process-wide, so that is how one test's telemetry is told apart from the others'.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly Activity _parent = new Activity("telemetry-capture").Start();
    private readonly List<Activity> _spans = [];
    private readonly List<Instrument> _instruments = [];
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
                lock (_instruments)
                {
                    _instruments.Add(instrument);
                }

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

    /// <summary>The instruments of <see cref="Meters"/> published so far, in order.</summary>
    public IReadOnlyList<Instrument> Instruments
    {
        get
        {
            lock (_instruments)
            {
                return [.. _instruments];
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
