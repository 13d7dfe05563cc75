namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// The one timeout of an attempt, on the call's <see cref="TimeProvider"/>, joined with the caller's cancellation: from
/// sending to the last byte of the answer, or, for an answer read as it arrives, for each read of it. It also tells a
/// failure of the exchange apart (the caller's cancellation, the timeout, the connection) the same way wherever the
/// answer is read: in the policy, or later from a streamed answer.
/// </summary>
internal sealed class AttemptDeadline : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly TimeSpan _timeout;
    private CancellationTokenRegistration _caller;
    private CancellationToken _callerToken;

    private AttemptDeadline(TimeSpan timeout, TimeProvider time)
    {
        _timeout = timeout;
        _source = new CancellationTokenSource(timeout, time);
    }

    /// <summary>
    /// Starts the deadline of one attempt, reusing one an earlier attempt of the same settings ended untouched
    /// (<see cref="Recycle"/>): a token source and its timer per call would be most of the policy's fixed cost.
    /// </summary>
    public static AttemptDeadline Start(HttpCallSettings settings, CancellationToken callerToken)
    {
        AttemptDeadline deadline;
        if (settings.IdleDeadlines.TryTake() is { } idle)
        {
            deadline = idle;
            deadline._source.CancelAfter(deadline._timeout);
        }
        else
        {
            deadline = new AttemptDeadline(settings.Timeout, settings.Time);
        }

        deadline._callerToken = callerToken;
        deadline._caller = callerToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), deadline._source);
        return deadline;
    }

    /// <summary>
    /// Ends the attempt's deadline: kept for the next attempt when it never fired (its timer is stopped and every
    /// registration on its token removed, so nothing of this attempt can reach the next), released otherwise.
    /// </summary>
    public void Recycle(HttpCallSettings settings)
    {
        DetachCaller();
        if (!_source.TryReset() || !settings.IdleDeadlines.TryAdd(this))
        {
            _source.Dispose();
        }
    }

    /// <summary>Cancelled when the attempt runs out of time or the caller cancels.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Gives a streamed answer the whole timeout again for its next read: it bounds silence, not the list's length.</summary>
    public void Restart()
    {
        if (!_source.IsCancellationRequested)
        {
            _source.CancelAfter(_timeout);
        }
    }

    /// <summary>
    /// Stops following the token the attempt was sent with, once its answer is handed on to be read later: that token
    /// may be the retry layer's, which ends with the call that opened the answer. Each later read brings its own.
    /// </summary>
    public void DetachCaller()
    {
        _caller.Dispose();
        _callerToken = default;
    }

    /// <summary>
    /// The SDK's error for a failure of the exchange; <see langword="null"/> to let it pass as it is (an SDK error, or
    /// the caller's cancellation). <paramref name="readToken"/> is the token of a later read, which the caller may
    /// cancel too.
    /// </summary>
    public Exception? Translate(Exception ex, HttpCall call, Uri? sentTo, CancellationToken readToken = default)
    {
        if (ex is AfilnetException)
        {
            return null;
        }

        if (_callerToken.IsCancellationRequested || readToken.IsCancellationRequested)
        {
            // The caller's (or an outer handler's) cancellation, whatever the primary handler made of it.
            var token = _callerToken.IsCancellationRequested ? _callerToken : readToken;
            return ex is OperationCanceledException ? null : new OperationCanceledException("The call was cancelled.", ex, token);
        }

        return ex switch
        {
            _ when _source.IsCancellationRequested => call.TimedOut(ex),
            HttpRequestException http => call.ConnectionFailure(http, sentTo),
            IOException => call.BrokeWhileReading(ex),
            _ => null,
        };
    }

    /// <summary>Releases the deadline without keeping it: a streamed answer's, whose token outlives the policy's part.</summary>
    public void Dispose()
    {
        _caller.Dispose();
        _source.Dispose();
    }
}
