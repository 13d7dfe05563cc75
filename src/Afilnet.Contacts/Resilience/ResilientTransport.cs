using Afilnet.Contacts.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Afilnet.Contacts.Resilience;

/// <summary>
/// Wraps any transport (WCF included) with retries and an overall time limit. What may be retried is decided per
/// operation by <see cref="RetrySafety"/>; waits use exponential backoff with jitter and honour <c>Retry-After</c>.
/// </summary>
public sealed partial class ResilientTransport : ITransport
{
    private static readonly ResiliencePropertyKey<ApiOperation> OperationKey = new("afilnet.operation");

    private readonly ITransport _inner;
    private readonly ResiliencePipeline<ApiAnswer> _pipeline;
    private readonly TimeSpan _totalTimeout;
    private readonly ILogger _logger;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The transport that makes each attempt; its own timeout bounds one attempt.</param>
    /// <param name="options">Retry and total-time settings; copied.</param>
    /// <param name="timeProvider">The clock for backoff and the total timeout; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="logger">Receives one warning per retry; none when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public ResilientTransport(ITransport inner, AfilnetResilienceOptions options, TimeProvider? timeProvider = null, ILogger<ResilientTransport>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, nameof(options.MaxRetries));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.RetryDelay, TimeSpan.Zero, nameof(options.RetryDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetryDelay, options.RetryDelay, nameof(options.MaxRetryDelay));
        _inner = inner;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _totalTimeout = options.TotalTimeout;
        var maxRetryAfter = options.MaxRetryAfter;
        var retryDelay = options.RetryDelay;
        var maxRetryDelay = options.MaxRetryDelay;

        var builder = new ResiliencePipelineBuilder<ApiAnswer> { TimeProvider = timeProvider ?? TimeProvider.System };
        if (options.TotalTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.TotalTimeout });
        }

        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ApiAnswer>
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = retryDelay,
                MaxDelay = maxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } failure
                    && RetrySafety.MaySendAgain(args.Context.Properties.GetValue(OperationKey, null!), failure)
                    && !(failure is AfilnetTransportException { RetryAfter: { } wait } && wait > maxRetryAfter)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is AfilnetTransportException { RetryAfter: { } wait }
                        ? (TimeSpan?)Max(wait, Backoff(retryDelay, maxRetryDelay, args.AttemptNumber))
                        : null),
                OnRetry = args =>
                {
                    LogRetry(_logger, args.Context.Properties.GetValue(OperationKey, null!).Name, _inner.Name, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.Build();
    }

    /// <inheritdoc />
    public string Name => _inner.Name;

    /// <inheritdoc />
    public SecurityLevel SecurityLevel => _inner.SecurityLevel;

    /// <summary>The transport each attempt goes through.</summary>
    public ITransport Inner => _inner;

    /// <inheritdoc />
    public async ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, request.Operation);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => state.Inner.SendAsync(state.Request, ctx.CancellationToken),
                context,
                (Inner: _inner, Request: request)).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AfilnetTransportException(
                $"{_inner.Name} '{request.Operation.Name}': no answer within the total timeout of {_totalTimeout.TotalSeconds:0.###} s (all attempts).",
                TransportFailureReason.Timeout, request.Operation.Name, innerException: ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Describes the decorator and what it wraps.</summary>
    /// <returns>For example <c>Resilient(HttpGet https://www.afilnet.com/api/http/)</c>.</returns>
    public override string ToString() => $"Resilient({_inner})";

    private static TimeSpan Backoff(TimeSpan first, TimeSpan max, int attempt) =>
        TimeSpan.FromTicks((long)Math.Min(max.Ticks, first.Ticks * Math.Pow(2, attempt)));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

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
