using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>
/// The fake's public in-memory handler (<see cref="AfilnetFakeServer.CreateHandler"/>): no socket, the same state and
/// the same injected faults as over the wire, under every style of <c>WireStyles.All</c>, Soap included.
/// </summary>
public sealed class InMemoryFakeTests : IDisposable
{
    // The fake's delays and the clients' attempt timeouts run on this clock, which moves only when a test moves it.
    private readonly TestClock _time = TestClients.NewClock();
    private readonly AfilnetFakeServer _fake;
    private readonly HttpMessageHandler _handler;

    public InMemoryFakeTests()
    {
        _fake = AfilnetFakeServer.CreateInMemory(new AfilnetFakeServerOptions { TimeProvider = _time });
        _handler = _fake.CreateHandler();
    }

    [Fact]
    public void An_in_memory_fake_listens_nowhere_and_says_so()
    {
        Assert.Equal(AfilnetFakeServer.InMemoryBaseAddress, _fake.BaseAddress);
        Assert.Equal(AfilnetFakeServer.InMemoryBaseAddress, _fake.CreateClientOptions(AfilnetTransportKind.Soap).BaseAddress);
    }

    [Theory]
    [MemberData(nameof(FakeClient.Styles), MemberType = typeof(FakeClient))]
    public async Task Twelve_methods_keep_state_under_every_style_through_the_handler(string style)
    {
        using var client = new FakeClient(_fake, style, handler: _handler);

        await FakeServerScenarioTests.TwelveMethodsAsync(_fake, client);

        Assert.Equal(AfilnetFakeServer.InMemoryBaseAddress, _fake.BaseAddress);
    }

    [Theory]
    [MemberData(nameof(FakeClient.Styles), MemberType = typeof(FakeClient))]
    public async Task Status_fault_reaches_the_SDK_with_Retry_After_in_memory(string style)
    {
        using var client = new FakeClient(_fake, style, handler: _handler);

        await FaultChecks.StatusWithRetryAfterAsync(_fake, client);
    }

    public static TheoryData<string, FakeFaultBody> StylesAndSpoiledBodies() => Infrastructure.WireStyles.Times([FakeFaultBody.Malformed, FakeFaultBody.Empty]);

    [Theory]
    [MemberData(nameof(StylesAndSpoiledBodies))]
    public async Task Spoiled_body_is_a_protocol_error_in_memory_but_the_write_was_carried_out(string style, FakeFaultBody body)
    {
        using var client = new FakeClient(_fake, style, handler: _handler);

        await FaultChecks.SpoiledWriteAsync(_fake, client, body);
    }

    [Theory]
    [MemberData(nameof(FakeClient.Styles), MemberType = typeof(FakeClient))]
    public async Task Delay_past_the_client_timeout_is_a_timeout_on_the_shared_fake_clock(string style)
    {
        using var client = new FakeClient(_fake, style, o => o.Timeout = TimeSpan.FromMilliseconds(300), _time, _handler);

        await FaultChecks.DelayPastTimeoutAsync(_fake, client, _time);
    }

    [Fact]
    public async Task Delayed_answer_comes_once_the_fake_clock_has_moved_past_the_delay()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpPost", o => o.Timeout = TimeSpan.FromHours(1), _time, _handler);
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        _fake.InjectFault(FakeFault.Delayed(TimeSpan.FromSeconds(2)));

        var call = client.Api.GetGroupColumnsAsync(group, ct);
        await FaultChecks.WaitForRequestsAsync(_fake, 2);
        Assert.False(call.IsCompleted, "the fake holds the answer until its clock has moved");

        // The fake waits on its clock once it has recorded the request: exactly its 2 s, far from the hour-long timeout.
        await _time.ElapseAsync(TimeSpan.FromSeconds(2), call, "the fake's delay");

        Assert.Equal(["mobile"], await call);
    }

    [Fact]
    public async Task One_handler_serves_several_clients_and_outlives_each_of_them()
    {
        var ct = TestContext.Current.CancellationToken;
        GroupId group;
        using (var soap = new FakeClient(_fake, "Soap", handler: _handler))
        {
            group = (await soap.Api.CreateGroupAsync("shared", GroupType.Email, ["email", "name"], ct)).GroupId!.Value;
        }

        using var json = new FakeClient(_fake, "OAuth2Json", handler: _handler);
        using var get = new FakeClient(_fake, "BasicAuth-GET", handler: _handler);
        var added = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? json : get).Api.AddContactAsync(group, new ContactFields { { "email", $"c{i}@example.com" } }, ct)));

        Assert.Equal(10, added.Select(a => a.ContactId!.Value).Distinct().Count());
        Assert.Equal(10, (await json.Api.GetContactsAsync(group, ct)).Count);
        Assert.Equal(
            new HashSet<(FakeWireStyle, string)> { (FakeWireStyle.Soap, "POST"), (FakeWireStyle.OAuth2Json, "POST"), (FakeWireStyle.BasicAuth, "GET") },
            _fake.Requests.Select(r => (r.Style, r.Verb)).ToHashSet());
    }

    public void Dispose()
    {
        _handler.Dispose();
        _fake.Dispose();
    }
}
