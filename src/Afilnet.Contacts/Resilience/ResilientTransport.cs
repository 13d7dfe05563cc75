using System.Diagnostics;
using System.Runtime.CompilerServices;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Afilnet.Contacts.Resilience;

/// <summary>
/// Wraps any transport (WCF included) with retries and the total time limit, on the client's <see cref="TimeProvider"/>.
/// What may be retried is decided per operation by <see cref="RetrySafety"/>; waits use exponential backoff with jitter
/// and honour <c>Retry-After</c>. Each attempt's own timeout is the HTTP policy's. Each retry is logged, and reported to
/// the call's <see cref="IRetryObserver"/> when it has one.
/// </summary>
internal sealed partial class ResilientTransport : ITransport
{
    private static readonly ResiliencePropertyKey<ApiOperation> OperationKey = new("afilnet.operation");

    // The observer and span ride in Polly's pooled context: per-call state that reaches OnRetry without an allocation.
    private static readonly ResiliencePropertyKey<IRetryObserver?> ObserverKey = new("afilnet.retry-observer");
    private static readonly ResiliencePropertyKey<Activity?> SpanKey = new("afilnet.span");

    private readonly ITransport _inner;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeSpan _totalTimeout;
    private readonly ILogger _logger;
    private readonly bool _direct;

    public ResilientTransport(ITransport inner, RetrySettings settings, TimeProvider timeProvider, ILogger? logger = null)
    {
        _inner = inner;
        _logger = logger ?? NullLogger.Instance;
        _totalTimeout = settings.TotalTimeout;
        var maxRetryAfter = settings.MaxRetryAfter;
        var retryDelay = settings.RetryDelay;
        var maxRetryDelay = settings.MaxRetryDelay;

        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (settings.TotalTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = settings.TotalTimeout });
        }

        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = settings.MaxRetries,
                Delay = retryDelay,
                MaxDelay = maxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } failure
                    && RetrySafety.MaySendAgain(args.Context.Properties.GetValue(OperationKey, null!), failure)
                    && !(RetryAfter(failure) is { } wait && wait > maxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(
                    RetryAfter(args.Outcome.Exception) is { } wait
                        ? (TimeSpan?)Max(wait, Backoff(retryDelay, maxRetryDelay, args.AttemptNumber))
                        : null),
                OnRetry = args =>
                {
                    var operation = args.Context.Properties.GetValue(OperationKey, null!);
                    var failedAttempt = args.AttemptNumber + 1;
                    LogRetry(_logger, operation.Name, _inner.Kind.ToString(), failedAttempt, args.RetryDelay.TotalMilliseconds, Describe(args.Outcome.Exception));
                    // ShouldHandle retries exceptions only, so there is one.
                    args.Context.Properties.GetValue(ObserverKey, null)?.OnRetry(operation, args.Context.Properties.GetValue(SpanKey, null), failedAttempt, args.RetryDelay, args.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.Build();

        // No retries and no total limit: nothing for Polly to do, so calls go straight to the transport.
        _direct = settings.MaxRetries == 0 && settings.TotalTimeout == Timeout.InfiniteTimeSpan;
    }

    public AfilnetTransportKind Kind => _inner.Kind;

    public ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult> =>
        SendAsync<TDecoder, TResult>(request, observer: null, span: null, cancellationToken);

    /// <summary>Sends the call, telling <paramref name="observer"/> (with <paramref name="span"/>) of each retry.</summary>
    public ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, IRetryObserver? observer, Activity? span, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult> =>
        RunAsync(request, static (inner, request, ct) => inner.SendAsync<TDecoder, TResult>(request, ct), observer, span, cancellationToken);

    public ValueTask<IContactStream> OpenContactsAsync(ApiRequest request, CancellationToken cancellationToken) =>
        OpenContactsAsync(request, observer: null, span: null, cancellationToken);

    /// <summary>
    /// Opens a streamed listing with the same retries as any read, up to its first contact: once contacts are handed on,
    /// a failure ends the enumeration instead (sending again would hand the same contacts on twice).
    /// </summary>
    public ValueTask<IContactStream> OpenContactsAsync(ApiRequest request, IRetryObserver? observer, Activity? span, CancellationToken cancellationToken) =>
        RunAsync(request, static (inner, request, ct) => inner.OpenContactsAsync(request, ct), observer, span, cancellationToken);

    private ValueTask<TResult> RunAsync<TResult>(
        ApiRequest request, Func<ITransport, ApiRequest, CancellationToken, ValueTask<TResult>> attempt, IRetryObserver? observer, Activity? span, CancellationToken cancellationToken) =>
        _direct ? attempt(_inner, request, cancellationToken) : RunThroughPipelineAsync(request, attempt, observer, span, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResult> RunThroughPipelineAsync<TResult>(
        ApiRequest request, Func<ITransport, ApiRequest, CancellationToken, ValueTask<TResult>> attempt, IRetryObserver? observer, Activity? span, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, request.Operation);
        context.Properties.Set(ObserverKey, observer);
        context.Properties.Set(SpanKey, span);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state.Attempt(state.Inner, state.Request, ctx.CancellationToken),
                context,
                (Inner: _inner, Request: request, Attempt: attempt)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AfilnetTransportException(
                $"{_inner.Kind} '{request.Operation.Name}': no answer within the total timeout of {_totalTimeout.TotalSeconds:0.###} s (all attempts).",
                TransportFailureReason.Timeout, request.Operation.Name, innerException: ex);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && ex.CancellationToken != cancellationToken)
        {
            // Polly links its own token for the total timeout: surface the caller's.
            throw new OperationCanceledException(ex.Message, ex, cancellationToken);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public void Dispose() => _inner.Dispose();

    public override string ToString() => $"Resilient({_inner})";

    private static TimeSpan Backoff(TimeSpan first, TimeSpan max, int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(max.Ticks, first.Ticks * Math.Pow(2, attempt)));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>The server's Retry-After: the API's, or the token endpoint's when the token request failed.</summary>
    private static TimeSpan? RetryAfter(Exception? failure) => failure switch
    {
        AfilnetTransportException { RetryAfter: { } wait } => wait,
        AfilnetAuthenticationException { InnerException: AfilnetTransportException { RetryAfter: { } wait } } => wait,
        _ => null,
    };

    private static string Describe(Exception? failure) => failure switch
    {
        AfilnetTransportException { StatusCode: { } status } t => $"{t.Reason} {status}",
        AfilnetTransportException t => t.Reason.ToString(),
        null => "no exception",
        _ => failure.GetType().Name,
    };

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Afilnet {Method} over {Transport}: attempt {Attempt} failed ({Failure}); retrying in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string method, string transport, int attempt, double delayMs, string failure);
}
