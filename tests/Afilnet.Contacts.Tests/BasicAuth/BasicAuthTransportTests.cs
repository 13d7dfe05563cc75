using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;

namespace Afilnet.Contacts.Tests.BasicAuth;

public sealed class BasicAuthTransportTests
{
    [Fact]
    public async Task Post_is_the_default_verb()
    {
        using var harness = new Harness(new BasicAuthStyle(BasicAuthVerb.Post));
        harness.AnswerSuccess(ApiOperations.DeleteGroup, null);
        using var client = new HttpClient();
        var transport = new BasicAuthTransport(client, new BasicAuthTransportOptions { BaseAddress = harness.Fake.BaseAddress, Credentials = TestCredentials.Create() });

        await transport.SendAsync(new ApiRequest(ApiOperations.DeleteGroup, [new("idgroup", "5")]), TestContext.Current.CancellationToken);

        Assert.Equal(BasicAuthVerb.Post, transport.Verb);
        Assert.Equal("POST", Assert.Single(harness.Fake.Requests).Method);
        Assert.Equal(SecurityLevel.Medium, transport.SecurityLevel);
        Assert.Equal("BasicAuth", transport.Name);
    }

    [Fact]
    public async Task Get_over_the_url_limit_is_refused_before_sending()
    {
        using var harness = new Harness(new BasicAuthStyle(BasicAuthVerb.Get));
        harness.AnswerSuccess(ApiOperations.CreateGroup, """{"idgroup": 1}""");

        var error = await Assert.ThrowsAsync<AfilnetRequestTooLargeException>(() =>
            harness.Api.CreateGroupAsync(new string('x', 5000), GroupType.Mobile, ["mobile"], TestContext.Current.CancellationToken));

        Assert.Contains("The BasicAuth URL for 'creategroup'", error.Message, StringComparison.Ordinal);
        Assert.Contains("over the limit of 4000", error.Message, StringComparison.Ordinal);
        Assert.Contains("POST transport", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Fake.AllRequests);
    }

    [Fact]
    public async Task Post_has_no_url_limit()
    {
        using var harness = new Harness(new BasicAuthStyle(BasicAuthVerb.Post));
        harness.AnswerSuccess(ApiOperations.CreateGroup, """{"idgroup": 1}""");

        await harness.Api.CreateGroupAsync(new string('x', 5000), GroupType.Mobile, ["mobile"], TestContext.Current.CancellationToken);

        Assert.Single(harness.Fake.Requests);
    }

    [Fact]
    public void A_limit_too_small_for_the_endpoint_is_refused()
    {
        using var client = new HttpClient();
        Assert.Throws<ArgumentOutOfRangeException>(() => new BasicAuthTransport(client, new BasicAuthTransportOptions
        {
            Credentials = TestCredentials.Create(),
            Verb = BasicAuthVerb.Get,
            MaxUrlLength = 10,
        }));
    }

    [Fact]
    public async Task A_401_is_a_transport_error_with_the_status_and_no_secret()
    {
        using var harness = new Harness(new BasicAuthStyle(BasicAuthVerb.Post));
        var header = BasicAuthStyle.ExpectedAuthorization(TestCredentials.Create());
        harness.Fake.Answer($"denied for {header} {TestCredentials.Password}", "text/plain", 401);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => harness.Api.DeleteGroupAsync(new GroupId(3), TestContext.Current.CancellationToken));

        Assert.Equal(401, error.StatusCode);
        SecretAssert.Clean(error, $"{TestCredentials.User}:{TestCredentials.Password}");
        Assert.DoesNotContain(header["Basic ".Length..], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_and_transport_ToString_hide_the_password()
    {
        var options = new BasicAuthTransportOptions { Credentials = TestCredentials.Create(), Verb = BasicAuthVerb.Get };
        using var client = new HttpClient();
        var transport = new BasicAuthTransport(client, options);

        Assert.Contains("Verb = Get", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = ***", options.ToString(), StringComparison.Ordinal);
        SecretAssert.CleanText(options.ToString() + transport, TestCredentials.Password, $"{TestCredentials.User}:{TestCredentials.Password}");
    }

    [Fact]
    public void Clear_text_http_to_a_remote_host_is_refused()
    {
        using var client = new HttpClient();
        var error = Assert.Throws<ArgumentException>(() => new BasicAuthTransport(client, new BasicAuthTransportOptions
        {
            BaseAddress = new Uri("http://api.example.com/"),
            Credentials = TestCredentials.Create(),
        }));
        Assert.Contains("plain http://", error.Message, StringComparison.Ordinal);
    }
}
