using System.Diagnostics.Metrics;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Transports;
using Afilnet.Contacts.Transports.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Afilnet.Contacts.Diagnostics;

/// <summary>
/// Wraps any transport with one log line, one Activity and one duration record per call, and a span event and a count
/// per retry, all named in <see cref="AfilnetTelemetry"/>. Only the method, transport, outcome, error code, HTTP status,
/// exception type and the SDK's own (secret-free) messages are recorded: never parameters, credentials or tokens.
/// </summary>
internal sealed partial class InstrumentedTransport : ITransport, IRetryObserver
{
    private const string Success = "success";

    private static readonly ActivitySource Source = new(AfilnetTelemetry.SourceName, SdkInfo.Version);
    private static readonly Lazy<Meter> SharedMeter = new(() => new Meter(AfilnetTelemetry.SourceName, SdkInfo.Version));

    // Boxed once: every span gets the tag, most with this value.
    private static readonly object NoRetries = 0;

    /// <summary>
    /// OpenTelemetry's HTTP client boundaries (5 ms to 10 s), where API calls fall, then 30, 60 and 120 s: a call that
    /// waited out a Retry-After (at most 30 s by default), hit the 100 s attempt timeout or the 120 s total timeout
    /// lands in a bucket of its own rather than among the 10 s ones. OpenTelemetry's default (0, 5, 10, 25, … s) would
    /// put nearly every call in the first bucket.
    /// </summary>
    private static readonly InstrumentAdvice<double> DurationAdvice = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10, 30, 60, 120],
    };

    private readonly ITransport _inner;
    private readonly ResilientTransport? _retrying;
    private readonly ILogger _logger;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _retries;
    private readonly string _name;
    private readonly TimeProvider _time;

    public InstrumentedTransport(ITransport inner, ILogger? logger = null, IMeterFactory? meterFactory = null, TimeProvider? time = null)
    {
        _inner = inner;
        _retrying = inner as ResilientTransport;
        _logger = logger ?? NullLogger.Instance;
        var meter = meterFactory?.Create(AfilnetTelemetry.SourceName, SdkInfo.Version) ?? SharedMeter.Value;
        _duration = meter.CreateHistogram(AfilnetTelemetry.CallDurationMetric, "s", "Duration of Afilnet API calls, retries included.", tags: null, DurationAdvice);
        _failures = meter.CreateCounter<long>(AfilnetTelemetry.CallFailuresMetric, "{call}", "Afilnet API calls that did not succeed.");
        _retries = meter.CreateCounter<long>(AfilnetTelemetry.CallRetriesMetric, "{retry}", "Attempts of Afilnet API calls sent again.");
        _name = inner.Kind.ToString();

        // The client's clock, as for its timeouts and backoff: a call's duration includes the waits it was made to do.
        _time = time ?? TimeProvider.System;
    }

    public AfilnetTransportKind Kind => _inner.Kind;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult>
    {
        using var activity = Start(request.Operation.Name);
        var started = _time.GetTimestamp();
        try
        {
            var result = await SendBelowAsync<TDecoder, TResult>(request, activity, cancellationToken).ConfigureAwait(false);
            Finish(activity, request.Operation.Name, started, failure: null);
            return result;
        }
        catch (Exception ex)
        {
            Finish(activity, request.Operation.Name, started, ex);
            throw;
        }
    }

    /// <summary>
    /// A streamed listing is one call from its request to the end of its list: one span, one log line and one duration
    /// for all of it, recorded when the list ends, fails or is left (disposed) by the caller.
    /// </summary>
    public async ValueTask<IContactStream> OpenContactsAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var activity = Start(request.Operation.Name);
        var started = _time.GetTimestamp();
        try
        {
            var stream = _retrying is not null
                ? await _retrying.OpenContactsAsync(request, this, activity, cancellationToken).ConfigureAwait(false)
                : await _inner.OpenContactsAsync(request, cancellationToken).ConfigureAwait(false);
            return new InstrumentedContactStream(stream, this, activity, request.Operation.Name, started);
        }
        catch (Exception ex)
        {
            Finish(activity, request.Operation.Name, started, ex);
            activity?.Dispose();
            throw;
        }
    }

    void IRetryObserver.OnRetry(ApiOperation operation, Activity? span, int failedAttempt, TimeSpan delay, Exception failure)
    {
        _retries.Add(1, CallTags(operation.Name));
        if (span is null)
        {
            return;
        }

        span.SetTag(AfilnetTelemetry.RetriesTag, failedAttempt);
        var tags = new ActivityTagsCollection
        {
            { AfilnetTelemetry.RetryAttemptTag, failedAttempt },
            { AfilnetTelemetry.RetryDelayTag, delay.TotalSeconds },
            { AfilnetTelemetry.OutcomeTag, Outcome(failure) },
        };
        if (HttpStatus(failure) is { } status)
        {
            tags.Add(AfilnetTelemetry.HttpStatusTag, status);
        }

        span.AddEvent(new ActivityEvent(AfilnetTelemetry.RetryEvent, tags: tags));
    }

    public void Dispose() => _inner.Dispose();

    public override string ToString() => $"Instrumented({_inner})";

    /// <summary>
    /// Sends through the layer below; the retry layer is told of this observer and the span, so that it reports each
    /// retry back here (<see cref="IRetryObserver.OnRetry"/>) without an allocation per call.
    /// </summary>
    private ValueTask<TResult> SendBelowAsync<TDecoder, TResult>(ApiRequest request, Activity? span, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult>
    {
        if (_retrying is not null)
        {
            return _retrying.SendAsync<TDecoder, TResult>(request, this, span, cancellationToken);
        }

        return _inner.SendAsync<TDecoder, TResult>(request, cancellationToken);
    }

    private Activity? Start(string method)
    {
        var activity = Source.StartActivity(method, ActivityKind.Client);
        activity?.SetTag(AfilnetTelemetry.TransportTag, _name);
        activity?.SetTag(AfilnetTelemetry.MethodTag, method);
        activity?.SetTag(AfilnetTelemetry.RetriesTag, NoRetries);
        return activity;
    }

    /// <summary>The record and the log line of one call that ended, well or not.</summary>
    private void Finish(Activity? activity, string method, long started, Exception? failure)
    {
        var elapsed = _time.GetElapsedTime(started);
        var outcome = Record(activity, method, elapsed, failure);
        if (failure is null)
        {
            LogSuccess(_logger, method, _name, elapsed.TotalMilliseconds);
        }
        else if (failure is AfilnetApiException api)
        {
            LogApiError(_logger, method, _name, elapsed.TotalMilliseconds, ShownCode(api));
        }
        else
        {
            // Only the SDK's own messages are logged: they are built secret-free. Anything else is named, not quoted.
            LogFailure(_logger, method, _name, elapsed.TotalMilliseconds, outcome, failure is AfilnetException or ArgumentException ? failure.Message : failure.GetType().Name);
        }
    }

    /// <summary>The duration, the failure count and the span's tags and status of one call.</summary>
    /// <returns>The call's outcome.</returns>
    private string Record(Activity? activity, string method, TimeSpan elapsed, Exception? failure)
    {
        var outcome = failure is null ? Success : Outcome(failure);
        if (activity is null && !_duration.Enabled && !(failure is not null && _failures.Enabled))
        {
            // Nobody listens: no tags to build.
            return outcome;
        }

        var api = failure as AfilnetApiException;
        var status = HttpStatus(failure);
        var tags = CallTags(method);
        tags.Add(AfilnetTelemetry.OutcomeTag, outcome);
        if (api is not null)
        {
            // Server text: metrics get only a documented code, so a server cannot grow a metric's tag set without bound.
            tags.Add(AfilnetTelemetry.ErrorCodeTag, api.ErrorCode.IsDocumented ? api.ErrorCode.Value : AfilnetTelemetry.OtherErrorCode);
        }

        if (status is >= 100 and <= 599)
        {
            // As OpenTelemetry's HTTP client metrics do; bounded to HTTP's status classes, whatever a server sends.
            tags.Add(AfilnetTelemetry.HttpStatusTag, status.Value);
        }

        _duration.Record(elapsed.TotalSeconds, tags);
        if (failure is not null)
        {
            _failures.Add(1, tags);
        }

        if (activity is not null)
        {
            activity.SetTag(AfilnetTelemetry.OutcomeTag, outcome);
            if (failure is not null)
            {
                activity.SetTag(AfilnetTelemetry.ErrorCodeTag, api is null ? null : ShownCode(api));
                activity.SetTag(AfilnetTelemetry.HttpStatusTag, status);
                activity.SetTag(AfilnetTelemetry.ErrorTypeTag, failure.GetType().Name);
            }

            activity.SetStatus(failure is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, failure is null ? null : outcome);
        }

        return outcome;
    }

    /// <summary>The tags every instrument carries.</summary>
    private TagList CallTags(string method) => new() { { AfilnetTelemetry.TransportTag, _name }, { AfilnetTelemetry.MethodTag, method } };

    private static string Outcome(Exception failure) => failure switch
    {
        AfilnetApiException => "api_error",
        AfilnetTransportException => "transport_error",
        AfilnetProtocolException => "protocol_error",
        AfilnetAuthenticationException => "authentication_error",
        OperationCanceledException => "canceled",
        ArgumentException => "invalid_request",
        _ => "unexpected_error",
    };

    private static int? HttpStatus(Exception? failure) => (failure as AfilnetTransportException)?.StatusCode;

    /// <summary>Traces and logs get the code only as the gate showed it (server text), <c>other</c> when it did not.</summary>
    private static string ShownCode(AfilnetApiException error) => error.ShownCode ?? AfilnetTelemetry.OtherErrorCode;

    /// <summary>Passes the contacts on and records the call once, when the list ends, fails, or is disposed early.</summary>
    private sealed class InstrumentedContactStream(IContactStream inner, InstrumentedTransport owner, Activity? activity, string method, long started) : IContactStream
    {
        private int _finished;

        public async ValueTask<Contact?> NextAsync(CancellationToken cancellationToken)
        {
            try
            {
                var contact = await inner.NextAsync(cancellationToken).ConfigureAwait(false);
                if (contact is null)
                {
                    End(failure: null);
                }

                return contact;
            }
            catch (Exception ex)
            {
                End(ex);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            // A caller that stops reading early has still made a call that succeeded as far as it went.
            End(failure: null);
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        private void End(Exception? failure)
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                owner.Finish(activity, method, started, failure);
                activity?.Dispose();
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Afilnet {Method} over {Transport} succeeded in {ElapsedMs:0.0} ms")]
    private static partial void LogSuccess(ILogger logger, string method, string transport, double elapsedMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Afilnet {Method} over {Transport} answered error {ErrorCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogApiError(ILogger logger, string method, string transport, double elapsedMs, string errorCode);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Afilnet {Method} over {Transport} failed in {ElapsedMs:0.0} ms ({Outcome}): {Reason}")]
    private static partial void LogFailure(ILogger logger, string method, string transport, double elapsedMs, string outcome, string reason);
}
