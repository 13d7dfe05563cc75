using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transports;

namespace Afilnet.Contacts.Tests.Resilience;

/// <summary>The retry layer over a scripted transport, on a fake clock: backoff, Retry-After and the total timeout happen only when the test moves time.</summary>
public sealed class ResilientTransportTests
{
    private static readonly ApiRequest Read = new(ApiOperations.GetContacts, [new("idgroup", "1")]);
    private static readonly ApiRequest Write = new(ApiOperations.AddContact, [new("idgroup", "1"), new("contact", "mobile:1")]);

    private readonly TestClock _clock = TestClients.NewClock();

    private static RetrySettings Settings(int retries = 3, TimeSpan? delay = null, TimeSpan? total = null) =>
        new(retries, delay ?? TimeSpan.Zero, delay ?? TimeSpan.Zero, TimeSpan.FromSeconds(30), total ?? TimeSpan.FromMinutes(2));

    private ResilientTransport Over(ITransport inner, RetrySettings? settings = null) => new(inner, settings ?? Settings(), _clock);

    private static Task<NoResult> Send(ResilientTransport transport, ApiRequest request, CancellationToken cancellationToken) =>
        transport.SendAsync<Decoders.None, NoResult>(request, cancellationToken).AsTask();

    [Fact]
    public async Task A_read_is_retried_on_503_until_it_succeeds()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(503)), ScriptedTransport.Fail(ScriptedTransport.Status(503)), ScriptedTransport.Ok);

        await Send(Over(inner), Read, TestContext.Current.CancellationToken);

        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task A_read_under_persistent_503_is_sent_MaxRetries_plus_one_times()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(503)));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => Send(Over(inner, Settings(retries: 2)), Read, TestContext.Current.CancellationToken));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task A_write_is_sent_once_on_500()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(500)), ScriptedTransport.Ok);

        await Assert.ThrowsAsync<AfilnetTransportException>(() => Send(Over(inner), Write, TestContext.Current.CancellationToken));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task A_write_that_never_left_is_sent_again()
    {
        var refused = new AfilnetTransportException("refused", TransportFailureReason.ConnectionFailed, "addcontact", requestMayHaveReachedServer: false);
        var inner = new ScriptedTransport(ScriptedTransport.Fail(refused), ScriptedTransport.Ok);

        await Send(Over(inner), Write, TestContext.Current.CancellationToken);

        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task An_api_error_is_never_retried()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(new AfilnetApiException(ApiErrorCode.NotAccessToGroup, "getcontacts")), ScriptedTransport.Ok);

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => Send(Over(inner), Read, TestContext.Current.CancellationToken));

        Assert.Equal(ApiErrorCode.NotAccessToGroup, error.ErrorCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Backoff_waits_on_the_clock_it_was_given()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(503)), ScriptedTransport.Ok);
        var call = Send(Over(inner, Settings(delay: TimeSpan.FromSeconds(4))), Read, TestContext.Current.CancellationToken);

        // The backoff's timer (the 2 min total timeout's is the other one): jittered, at most the 4 s cap.
        var backoff = await _clock.WaitForTimerAsync(d => d < TimeSpan.FromMinutes(1), "the backoff");
        Assert.InRange(backoff.DueTime, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(4));
        Assert.Equal(1, inner.Calls);

        // Nothing is sent again one tick before it ends; the retry comes when it does.
        _clock.Elapse(backoff, call, "the backoff");
        await call;
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Retry_after_is_honoured_on_the_clock_it_was_given()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(429, TimeSpan.FromSeconds(20))), ScriptedTransport.Ok);
        var call = Send(Over(inner), Read, TestContext.Current.CancellationToken);

        // Exactly the 20 s the server asked for, not one tick less.
        await _clock.ElapseAsync(TimeSpan.FromSeconds(20), call, "the Retry-After wait");
        await call;
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_cap_fails_at_once()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(429, TimeSpan.FromDays(1))), ScriptedTransport.Ok);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => Send(Over(inner), Read, TestContext.Current.CancellationToken));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromDays(1), error.RetryAfter);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Cancelling_during_backoff_surfaces_the_callers_token_and_sends_nothing_more()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(503)), ScriptedTransport.Ok);
        using var cts = new CancellationTokenSource();

        var call = Send(Over(inner, Settings(delay: TimeSpan.FromSeconds(30))), Read, cts.Token);
        await _clock.WaitForTimerAsync(d => d < TimeSpan.FromMinutes(1), "the backoff");
        await cts.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task The_total_timeout_is_a_transport_timeout_error_on_the_clock_it_was_given()
    {
        var hanging = new HangingTransport();
        var call = Send(Over(hanging, Settings(total: TimeSpan.FromSeconds(3))), Read, TestContext.Current.CancellationToken);

        await _clock.ElapseAsync(TimeSpan.FromSeconds(3), call, "the total timeout");

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => call);
        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.Contains("total timeout", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An attempt that never ends until it is cancelled.</summary>
    private sealed class HangingTransport : ITransport
    {
        public AfilnetTransportKind Kind => AfilnetTransportKind.HttpPost;

        public async ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
            where TDecoder : IResultDecoder<TResult>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }

        public void Dispose()
        {
        }
    }
}
