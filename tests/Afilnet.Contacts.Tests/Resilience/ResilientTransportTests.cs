using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.Resilience;

public sealed class ResilientTransportTests
{
    private static readonly ApiRequest Read = new(ApiOperations.GetContacts, [new("idgroup", "1")]);
    private static readonly ApiRequest Write = new(ApiOperations.AddContact, [new("idgroup", "1"), new("contact", "mobile:1")]);

    private static AfilnetResilienceOptions Fast(int retries = 3) => new() { MaxRetries = retries, RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) };

    [Fact]
    public async Task A_read_is_retried_on_503_until_it_succeeds()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(503)), ScriptedTransport.Fail(ScriptedTransport.Status(503)), ScriptedTransport.Ok);

        var answer = await new ResilientTransport(inner, Fast()).SendAsync(Read, TestContext.Current.CancellationToken);

        Assert.True(answer.IsSuccess);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task A_read_under_persistent_503_is_sent_MaxRetries_plus_one_times()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(503)));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(async () => await new ResilientTransport(inner, Fast(retries: 2)).SendAsync(Read, TestContext.Current.CancellationToken));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task A_write_is_sent_once_on_500()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(500)), ScriptedTransport.Ok);

        await Assert.ThrowsAsync<AfilnetTransportException>(async () => await new ResilientTransport(inner, Fast()).SendAsync(Write, TestContext.Current.CancellationToken));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task A_write_that_never_left_is_sent_again()
    {
        var refused = new AfilnetTransportException("refused", TransportFailureReason.ConnectionFailed, "addcontact", requestMayHaveReachedServer: false);
        var inner = new ScriptedTransport(ScriptedTransport.Fail(refused), ScriptedTransport.Ok);

        var answer = await new ResilientTransport(inner, Fast()).SendAsync(Write, TestContext.Current.CancellationToken);

        Assert.True(answer.IsSuccess);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task An_api_error_is_an_answer_and_never_retried()
    {
        var inner = new ScriptedTransport(_ => ApiAnswer.Error(ApiErrorCode.NotAccessToGroup));

        var answer = await new ResilientTransport(inner, Fast()).SendAsync(Read, TestContext.Current.CancellationToken);

        Assert.Equal(ApiErrorCode.NotAccessToGroup, answer.ErrorCode);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Retry_after_is_honoured_on_a_moved_clock()
    {
        var clock = new FakeTimeProvider();
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(429, TimeSpan.FromSeconds(20))), ScriptedTransport.Ok);
        var transport = new ResilientTransport(inner, Fast(), clock);

        var call = transport.SendAsync(Read, TestContext.Current.CancellationToken).AsTask();
        await WaitUntil(() => inner.Calls == 1);
        clock.Advance(TimeSpan.FromSeconds(19));
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.Equal(1, inner.Calls);
        clock.Advance(TimeSpan.FromSeconds(2));
        var answer = await call.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.True(answer.IsSuccess);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_cap_fails_at_once()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(429, TimeSpan.FromDays(1))), ScriptedTransport.Ok);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(async () => await new ResilientTransport(inner, Fast()).SendAsync(Read, TestContext.Current.CancellationToken));

        Assert.Equal(429, error.StatusCode);
        Assert.Equal(TimeSpan.FromDays(1), error.RetryAfter);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Cancelling_during_backoff_stops_at_once_and_sends_nothing_more()
    {
        var inner = new ScriptedTransport(ScriptedTransport.Fail(ScriptedTransport.Status(503)), ScriptedTransport.Ok);
        var options = new AfilnetResilienceOptions { RetryDelay = TimeSpan.FromSeconds(30), MaxRetryDelay = TimeSpan.FromSeconds(30) };
        using var cts = new CancellationTokenSource();

        var call = new ResilientTransport(inner, options).SendAsync(Read, cts.Token).AsTask();
        await WaitUntil(() => inner.Calls == 1);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task The_total_timeout_is_a_transport_timeout_error()
    {
        var slow = new SlowTransport();
        var options = new AfilnetResilienceOptions { TotalTimeout = TimeSpan.FromMilliseconds(200) };

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(async () => await new ResilientTransport(slow, options).SendAsync(Read, TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.Contains("total timeout", error.Message, StringComparison.Ordinal);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class SlowTransport : ITransport
    {
        public string Name => "Slow";

        public SecurityLevel SecurityLevel => SecurityLevel.High;

        public async ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
        {
            await Task.Delay(TimeSpan.FromSeconds(30), cancellationToken);
            return ApiAnswer.Success();
        }
    }
}
