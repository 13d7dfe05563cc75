using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>Injected faults over the wire: status with Retry-After, method filter and count, delay, malformed and empty bodies, with SDK retries.</summary>
public sealed class FakeServerFaultTests : IDisposable
{
    // The fake's delays and the clients' attempt timeouts run on this clock, which moves only when a test moves it.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly AfilnetFakeServer _fake;

    public FakeServerFaultTests()
    {
        _fake = AfilnetFakeServer.Start(new AfilnetFakeServerOptions { TimeProvider = _time });
    }

    [Theory]
    [MemberData(nameof(FakeClient.Styles), MemberType = typeof(FakeClient))]
    public async Task Status_fault_reaches_the_SDK_with_Retry_After_then_calls_work_again(string style)
    {
        using var client = new FakeClient(_fake, style);

        await FaultChecks.StatusWithRetryAfterAsync(_fake, client);
    }

    [Fact]
    public async Task Status_fault_does_not_carry_out_the_call()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpPost");
        _fake.InjectFault(FakeFault.Status(500));

        await Assert.ThrowsAsync<AfilnetTransportException>(() => client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct));

        Assert.Equal(1000, (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value.Value);
    }

    [Fact]
    public async Task Read_retried_by_the_SDK_succeeds_after_the_injected_failures()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "BasicAuth-POST", o => o.Retry.MaxRetries = 3);
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        _fake.InjectFault(FakeFault.Status(503) with { Times = 2, Method = "getcontacts" });

        Assert.Empty(await client.Api.GetContactsAsync(group, ct));

        Assert.Equal(3, _fake.Requests.Count(r => r.Method == "getcontacts"));
    }

    [Theory]
    [InlineData(FakeFaultBody.Malformed)]
    [InlineData(FakeFaultBody.Empty)]
    public async Task Spoiled_body_is_a_protocol_error_but_the_write_was_carried_out(FakeFaultBody body)
    {
        using var client = new FakeClient(_fake, "HttpPost");

        await FaultChecks.SpoiledWriteAsync(_fake, client, body);
    }

    [Fact]
    public async Task Delay_longer_than_the_SDK_timeout_is_a_timeout()
    {
        using var client = new FakeClient(_fake, "HttpGet", o => o.Timeout = TimeSpan.FromMilliseconds(300), _time);

        await FaultChecks.DelayPastTimeoutAsync(_fake, client, _time);
    }

    [Fact]
    public async Task Fault_for_one_method_leaves_other_methods_alone_and_is_used_up()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "Soap");
        _fake.InjectFault(FakeFault.Status(502) with { Method = "getcontacts" });

        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        await Assert.ThrowsAsync<AfilnetTransportException>(() => client.Api.GetContactsAsync(group, ct));

        Assert.Empty(await client.Api.GetContactsAsync(group, ct));
    }

    [Fact]
    public void Invalid_faults_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _fake.InjectFault(FakeFault.Status(503) with { Times = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _fake.InjectFault(FakeFault.Status(42)));
        Assert.Throws<ArgumentOutOfRangeException>(() => _fake.InjectFault(FakeFault.Delayed(TimeSpan.FromSeconds(-1))));
    }

    public void Dispose() => _fake.Dispose();
}

/// <summary>What an injected fault does to a client, the same whether the fake is reached over the wire or in memory.</summary>
internal static class FaultChecks
{
    /// <summary>A 503 with Retry-After on one method reaches the SDK as such, does not touch the state, and is used up.</summary>
    public static async Task StatusWithRetryAfterAsync(AfilnetFakeServer fake, FakeClient client)
    {
        var ct = TestContext.Current.CancellationToken;
        fake.InjectFault(FakeFault.Status(503, TimeSpan.FromSeconds(2)) with { Method = "getgroupcolumns" });

        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => client.Api.GetGroupColumnsAsync(group, ct));

        Assert.Equal(TransportFailureReason.HttpStatus, error.Reason);
        Assert.Equal(503, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);
        Assert.Equal(["mobile"], await client.Api.GetGroupColumnsAsync(group, ct));
    }

    /// <summary>A write whose answer is spoiled: the SDK cannot read it and says it may have reached the server, which it did.</summary>
    public static async Task SpoiledWriteAsync(AfilnetFakeServer fake, FakeClient client, FakeFaultBody body)
    {
        var ct = TestContext.Current.CancellationToken;
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        fake.InjectFault(new FakeFault { Body = body, Method = "addcontact" });

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => client.Api.AddContactAsync(group, new ContactFields { { "mobile", "1" } }, ct));

        Assert.True(error.RequestMayHaveReachedServer);
        Assert.Equal("1", Assert.Single(await client.Api.GetContactsAsync(group, ct)).Fields["mobile"]);
    }

    /// <summary>
    /// The fake holds the answer 3 s, longer than the client's attempt timeout, both on <paramref name="time"/>: once the
    /// fake has the request, the clock moves just past the timeout (not past the delay) and the call fails as a timeout,
    /// without any real wait.
    /// </summary>
    public static async Task DelayPastTimeoutAsync(AfilnetFakeServer fake, FakeClient client, FakeTimeProvider time)
    {
        var ct = TestContext.Current.CancellationToken;
        var delay = TimeSpan.FromSeconds(3);
        var pastTimeout = client.Timeout + TimeSpan.FromMilliseconds(100);
        Assert.True(pastTimeout < delay, "the clock must pass the client's timeout, not the fake's delay");
        fake.InjectFault(FakeFault.Delayed(delay));

        var call = client.Api.GetContactsAsync(new GroupId(1000), ct);
        await WaitForRequestsAsync(fake, 1);
        Assert.False(call.IsCompleted, "the fake holds the answer until its clock has moved");
        time.Advance(pastTimeout);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => call);
        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.True(error.RequestMayHaveReachedServer);
    }

    /// <summary>Returns once the fake has recorded <paramref name="count"/> API calls (woken by each; at most the hang guard).</summary>
    public static Task WaitForRequestsAsync(AfilnetFakeServer fake, int count) =>
        fake.WaitForRequestsAsync(count, TestContext.Current.CancellationToken).WaitAsync(ChangeSignal.HangGuard, TestContext.Current.CancellationToken);
}
