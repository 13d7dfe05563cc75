using System.Diagnostics;
using Afilnet.Contacts.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>Retries and timeouts of a configured client, against a real HTTP fake.</summary>
public sealed class ConfiguredResilienceTests
{
    [Fact]
    public async Task A_read_is_retried_on_503_and_waits_for_Retry_After()
    {
        using var fake = FakeApi.Start();
        fake.Server.Given(Request.Create().UsingAnyMethod()).InScenario("busy").WillSetStateTo("ready")
            .RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "1"));
        fake.Server.Given(Request.Create().UsingAnyMethod()).InScenario("busy").WhenStateIs("ready")
            .RespondWith(Response.Create().WithBody("""{"status":"SUCCESS","result":["mobile"]}"""));
        using var host = new ConfiguredClient(ConfiguredClient.For("HttpGet", fake.BaseAddress));

        var watch = Stopwatch.StartNew();
        var columns = await host.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken);

        Assert.Equal(["mobile"], columns);
        Assert.Equal(2, fake.Requests.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.95), $"waited {watch.Elapsed}, Retry-After said 1 s");
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
    public async Task A_timeout_surfaces_as_the_transport_error_within_the_configured_time()
    {
        using var server = RawHttpServer.Hanging();
        var settings = ConfiguredClient.For("HttpPost", server.BaseAddress);
        settings["Afilnet:Timeout"] = "00:00:00.300";
        settings["Afilnet:Retry:MaxRetries"] = "0";
        using var host = new ConfiguredClient(settings);

        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AfilnetTransportException>(
            () => host.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(0.3 + 1), $"took {watch.Elapsed}");
        Assert.Equal(1, server.Requests);
    }
}
