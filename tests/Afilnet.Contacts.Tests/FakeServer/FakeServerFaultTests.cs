using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Transport;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>Injected faults: status with Retry-After, method filter and count, delay, malformed and empty bodies, with SDK retries.</summary>
public sealed class FakeServerFaultTests : IDisposable
{
    private readonly AfilnetFakeServer _fake = AfilnetFakeServer.Start();

    [Theory]
    [MemberData(nameof(FakeClient.Styles), MemberType = typeof(FakeClient))]
    public async Task Status_fault_reaches_the_SDK_with_Retry_After_then_calls_work_again(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, style);
        _fake.InjectFault(FakeFault.Status(503, TimeSpan.FromSeconds(2)) with { Method = "getgroupcolumns" });

        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => client.Api.GetGroupColumnsAsync(group, ct));

        Assert.Equal(503, error.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), error.RetryAfter);

        Assert.Equal(["mobile"], await client.Api.GetGroupColumnsAsync(group, ct));
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
        using var client = new FakeClient(_fake, "BasicAuth");
        var api = new ContactsClient(new ResilientTransport(client.Transport, new AfilnetResilienceOptions { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) }));
        var group = (await api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        _fake.InjectFault(FakeFault.Status(503) with { Times = 2, Method = "getcontacts" });

        Assert.Empty(await api.GetContactsAsync(group, ct));

        Assert.Equal(3, _fake.Requests.Count(r => r.Method == "getcontacts"));
    }

    [Theory]
    [InlineData(FakeFaultBody.Malformed)]
    [InlineData(FakeFaultBody.Empty)]
    public async Task Spoiled_body_is_a_protocol_error_but_the_write_was_carried_out(FakeFaultBody body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpPost");
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        _fake.InjectFault(new FakeFault { Body = body, Method = "addcontact" });

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => client.Api.AddContactAsync(group, new ContactFields { { "mobile", "1" } }, ct));

        Assert.True(error.RequestMayHaveReachedServer);
        Assert.Single(await client.Api.GetContactsAsync(group, ct));
    }

    [Fact]
    public async Task Delay_longer_than_the_SDK_timeout_is_a_timeout()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpGet", timeout: TimeSpan.FromMilliseconds(300));
        _fake.InjectFault(FakeFault.Delayed(TimeSpan.FromSeconds(3)));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => client.Api.GetContactsAsync(new GroupId(1000), ct));

        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
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
    }

    public void Dispose() => _fake.Dispose();
}
