using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>Retries and timeouts of a configured client, against a real HTTP fake, on the host's (fake) clock.</summary>
public sealed class ConfiguredResilienceTests
{
    [Fact]
    public async Task A_read_is_retried_on_503_and_waits_for_Retry_After_on_the_host_clock()
    {
        using var fake = FakeApi.Start();
        fake.AnswerInTurn(new(503, "busy", "text/plain", ("Retry-After", "1")), new(200, """{"status":"SUCCESS","result":["mobile"]}""", "application/json"));
        using var host = new ConfiguredClient(ConfiguredClient.For("HttpGet", fake.BaseAddress));

        var call = host.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken);

        // The host's clock moves once the 1 s wait has begun: one tick short of it nothing more is sent, then the retry.
        await host.Time.ElapseAsync(TimeSpan.FromSeconds(1), call, "the Retry-After wait");

        Assert.Equal(["mobile"], await call);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Theory]
    [InlineData("HttpGet")]
    [InlineData("HttpPost")]
    public async Task A_write_is_not_retried_on_500(string transport)
    {
        using var fake = FakeApi.Start();
        fake.Answer("oops", "text/plain", 500);
        using var host = new ConfiguredClient(ConfiguredClient.For(transport, fake.BaseAddress));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(
            () => host.Api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "1" } }, TestContext.Current.CancellationToken));

        Assert.Equal(500, error.StatusCode);
        Assert.Single(fake.Requests);
    }

    [Fact]
    public async Task A_timeout_is_the_transport_error_once_the_configured_time_has_passed_on_the_host_clock()
    {
        using var server = RawHttpServer.Hanging();
        var settings = ConfiguredClient.For("HttpPost", server.BaseAddress);
        settings["Afilnet:Timeout"] = "00:00:00.300";
        settings["Afilnet:Retry:MaxRetries"] = "0";
        using var host = new ConfiguredClient(settings);

        var call = host.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken);

        // The request is at the server, which holds it: only the host's clock can end the attempt now. (The timeout is
        // armed before the send, so moving the clock earlier could end the attempt before the server had read it.)
        await server.WaitForRequestsAsync(1, call);
        await host.Time.ElapseAsync(TimeSpan.FromMilliseconds(300), call, "the attempt");

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => call);
        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.Equal(1, server.Requests);
    }
}
