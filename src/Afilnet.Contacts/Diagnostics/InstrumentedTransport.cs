using System.Diagnostics;
using System.Diagnostics.Metrics;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports;
using Afilnet.Contacts.Transports.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Afilnet.Contacts.Diagnostics;

/// <summary>
/// Wraps any transport with one log line, one Activity and one duration record per call, all named in
/// <see cref="AfilnetTelemetry"/>. Only the method, transport, outcome, error code and the SDK's own (secret-free)
/// messages are recorded: never parameters, credentials or tokens.
/// </summary>
internal sealed partial class InstrumentedTransport : ITransport
{
    private static readonly ActivitySource Source = new(AfilnetTelemetry.SourceName, SdkInfo.Version);
    private static readonly Lazy<Meter> SharedMeter = new(() => new Meter(AfilnetTelemetry.SourceName, SdkInfo.Version));

    private readonly ITransport _inner;
    private readonly ILogger _logger;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;
    private readonly string _name;

    public InstrumentedTransport(ITransport inner, ILogger? logger = null, IMeterFactory? meterFactory = null)
    {
        _inner = inner;
        _logger = logger ?? NullLogger.Instance;
        var meter = meterFactory?.Create(AfilnetTelemetry.SourceName, SdkInfo.Version) ?? SharedMeter.Value;
        _duration = meter.CreateHistogram<double>(AfilnetTelemetry.CallDurationMetric, "s", "Duration of Afilnet API calls, retries included.");
        _failures = meter.CreateCounter<long>(AfilnetTelemetry.CallFailuresMetric, "{call}", "Afilnet API calls that did not succeed.");
        _name = inner.Kind.ToString();
    }

    public AfilnetTransportKind Kind => _inner.Kind;

    public async ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult>
    {
        var method = request.Operation.Name;
        using var activity = Source.StartActivity(method, ActivityKind.Client);
        activity?.SetTag(AfilnetTelemetry.TransportTag, _name);
        activity?.SetTag(AfilnetTelemetry.MethodTag, method);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await _inner.SendAsync<TDecoder, TResult>(request, cancellationToken).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            Record(activity, method, elapsed, "success", null, null, null);
            LogSuccess(_logger, method, _name, elapsed.TotalMilliseconds);
            return result;
        }
        catch (AfilnetApiException ex)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            // Server text: traces and logs get the code only as the gate showed it; metrics only a documented code,
            // so a server cannot grow a metric's tag set without bound.
            var shown = ex.ShownCode ?? AfilnetTelemetry.OtherErrorCode;
            Record(activity, method, elapsed, "api_error", shown, ex.ErrorCode.IsDocumented ? ex.ErrorCode.Value : AfilnetTelemetry.OtherErrorCode, null);
            LogApiError(_logger, method, _name, elapsed.TotalMilliseconds, shown);
            throw;
        }
        catch (Exception ex)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var outcome = ex switch
            {
                AfilnetTransportException => "transport_error",
                AfilnetProtocolException => "protocol_error",
                AfilnetAuthenticationException => "authentication_error",
                OperationCanceledException => "canceled",
                ArgumentException => "invalid_request",
                _ => "unexpected_error",
            };
            var status = (ex as AfilnetTransportException)?.StatusCode;
            Record(activity, method, elapsed, outcome, null, null, status);
            activity?.SetTag("error.type", ex.GetType().Name);

            // Only the SDK's own messages are logged: they are built secret-free. Anything else is named, not quoted.
            LogFailure(_logger, method, _name, elapsed.TotalMilliseconds, outcome, ex is AfilnetException or ArgumentException ? ex.Message : ex.GetType().Name);
            throw;
        }
    }

    public void Dispose() => _inner.Dispose();

    public override string ToString() => $"Instrumented({_inner})";

    private void Record(Activity? activity, string method, TimeSpan elapsed, string outcome, string? shownCode, string? metricCode, int? status)
    {
        var tags = new TagList
        {
            { AfilnetTelemetry.TransportTag, _name },
            { AfilnetTelemetry.MethodTag, method },
            { AfilnetTelemetry.OutcomeTag, outcome },
        };
        if (metricCode is not null)
        {
            tags.Add(AfilnetTelemetry.ErrorCodeTag, metricCode);
        }

        _duration.Record(elapsed.TotalSeconds, tags);
        if (outcome != "success")
        {
            _failures.Add(1, tags);
        }

        if (activity is not null)
        {
            activity.SetTag(AfilnetTelemetry.OutcomeTag, outcome);
            activity.SetTag(AfilnetTelemetry.ErrorCodeTag, shownCode);
            if (status is not null)
            {
                activity.SetTag(AfilnetTelemetry.HttpStatusTag, status);
            }

            activity.SetStatus(outcome == "success" ? ActivityStatusCode.Ok : ActivityStatusCode.Error, outcome == "success" ? null : outcome);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Afilnet {Method} over {Transport} succeeded in {ElapsedMs:0.0} ms")]
    private static partial void LogSuccess(ILogger logger, string method, string transport, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Afilnet {Method} over {Transport} answered error {ErrorCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogApiError(ILogger logger, string method, string transport, double elapsedMs, string errorCode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Afilnet {Method} over {Transport} failed in {ElapsedMs:0.0} ms ({Outcome}): {Reason}")]
    private static partial void LogFailure(ILogger logger, string method, string transport, double elapsedMs, string outcome, string reason);
}
