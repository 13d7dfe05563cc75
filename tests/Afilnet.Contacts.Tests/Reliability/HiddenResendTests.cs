using Afilnet.Contacts.Tests.Configuration;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// SocketsHttpHandler resends a request without a body, up to 3 more times, when the connection closes before the first
/// answer byte. First the platform's behaviour (why the SDK must act), then what does and does not prevent it, then the
/// SDK's own requests. The matrix checks the same for every transport through the configured pipeline.
/// </summary>
public sealed class HiddenResendTests
{
    private static async Task<int> SeenBy(RawFault fault, Func<Uri, HttpRequestMessage> request)
    {
        using var server = new FaultyServer(fault);
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        using var message = request(server.BaseAddress);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(message, TestContext.Current.CancellationToken));
        await server.SettledAsync();
        return server.Requests;
    }

    private static HttpRequestMessage Get(Uri baseAddress) => new(HttpMethod.Get, new Uri(baseAddress, "api/http/?class=group&method=addcontact"));

    [Fact]
    public async Task HttpClient_alone_sends_a_GET_four_times_when_the_connection_closes_before_the_answer() =>
        Assert.Equal(4, await SeenBy(RawFault.CloseBeforeAnswer, Get));

    [Fact]
    public async Task HttpClient_alone_sends_a_body_less_POST_four_times_too() =>
        Assert.Equal(4, await SeenBy(RawFault.CloseBeforeAnswer, b => new HttpRequestMessage(HttpMethod.Post, new Uri(b, "api/http/"))));

    [Fact]
    public async Task Connection_close_on_the_request_does_not_prevent_it() =>
        Assert.Equal(4, await SeenBy(RawFault.CloseBeforeAnswer, b =>
        {
            var message = Get(b);
            message.Headers.ConnectionClose = true;
            return message;
        }));

    [Fact]
    public async Task An_empty_body_prevents_it() =>
        Assert.Equal(1, await SeenBy(RawFault.CloseBeforeAnswer, b =>
        {
            var message = Get(b);
            message.Content = new ByteArrayContent([]);
            return message;
        }));

    [Fact]
    public async Task A_pure_reset_is_not_resent_on_this_platform() =>
        Assert.Equal(1, await SeenBy(RawFault.Reset, Get));

    public static TheoryData<string> GetStyles() => [.. WireStyles.All.Where(s => s.UsesQueryString).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(GetStyles))]
    public async Task A_bare_GET_transport_sends_a_write_once_and_says_its_outcome_is_unknown(string style)
    {
        using var server = new FaultyServer(RawFault.CloseBeforeAnswer);
        using var api = TestClients.Create(WireStyles.Get(style), server.BaseAddress);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() =>
            api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "34600000000" } }, TestContext.Current.CancellationToken));
        await server.SettledAsync();

        Assert.Equal(1, server.Requests);
        Assert.Equal(TransportFailureReason.ConnectionLost, error.Reason);
        Assert.True(error.RequestMayHaveReachedServer);
    }

    [Theory]
    [MemberData(nameof(GetStyles))]
    public async Task The_SDKs_GET_carries_Content_Length_0_and_no_body(string style)
    {
        using var harness = new Harness(style);
        harness.AnswerSuccess("deletegroup", null);

        await harness.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken);

        var request = Assert.Single(harness.Fake.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("0", Assert.Single(request.Headers!["Content-Length"]));
        Assert.True(string.IsNullOrEmpty(request.Body));
        Assert.False(request.Headers.ContainsKey("Content-Type"));
    }

    [Fact]
    public async Task A_configured_read_is_sent_exactly_MaxRetries_plus_one_times_no_more()
    {
        using var server = new FaultyServer(RawFault.CloseBeforeAnswer);
        using var host = new ConfiguredClient(ConfiguredClient.For("HttpGet", server.BaseAddress));

        await Assert.ThrowsAsync<AfilnetTransportException>(() => host.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));
        await server.SettledAsync();

        // Without the SDK's empty body: 4 hidden sends per attempt, 16 in all.
        Assert.Equal(AfilnetRetryOptions.DefaultMaxRetries + 1, server.Requests);
    }
}
