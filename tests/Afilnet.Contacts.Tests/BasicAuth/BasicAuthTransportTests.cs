using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.BasicAuth;

/// <summary>What is particular to BasicAuth (protocol.md section 3): its verbs, its URL limit under GET, its header.</summary>
public sealed class BasicAuthTransportTests
{
    [Fact]
    public async Task Post_is_the_default_verb()
    {
        Assert.Equal(BasicAuthVerb.Post, new AfilnetOptions().BasicAuthVerb);
        using var fake = FakeApi.Start();
        fake.Answer("""{"status":"SUCCESS"}""");

        // Options as an integrator writes them, without a verb.
        using var api = new ContactsClient(new AfilnetOptions
        {
            Transport = AfilnetTransportKind.BasicAuth,
            BaseAddress = fake.BaseAddress,
            User = TestCredentials.User,
            Password = TestCredentials.Password,
        });
        await api.DeleteGroupAsync(new GroupId(5), TestContext.Current.CancellationToken);

        var call = new BasicAuthStyle(BasicAuthVerb.Post).DecodeAndCheck(Assert.Single(fake.Requests));
        Assert.Equal("deletegroup", call.Method);
        Assert.Equal([new KeyValuePair<string, string>("idgroup", "5")], call.Parameters);
        Assert.Equal(AfilnetTransportKind.BasicAuth, api.Transport);
        Assert.Equal(SecurityLevel.Medium, api.SecurityLevel);
    }

    [Fact]
    public async Task Get_over_the_url_limit_is_refused_before_sending()
    {
        using var harness = new Harness(new BasicAuthStyle(BasicAuthVerb.Get));
        harness.AnswerSuccess("creategroup", """{"idgroup": 1}""");

        var error = await Assert.ThrowsAsync<AfilnetRequestTooLargeException>(() =>
            harness.Api.CreateGroupAsync(new string('x', 5000), GroupType.Mobile, ["mobile"], TestContext.Current.CancellationToken));

        Assert.Contains("The BasicAuth URL for 'creategroup'", error.Message, StringComparison.Ordinal);
        Assert.Contains("over the limit of 4000", error.Message, StringComparison.Ordinal);
        Assert.Contains("POST transport", error.Message, StringComparison.Ordinal);
        Assert.Equal(4000, error.Limit);
        Assert.True(error.Length > 5000, $"the URL holds the 5000-character name, so it is longer: {error.Length}");
        Assert.Empty(harness.Fake.AllRequests);
    }

    [Fact]
    public async Task Post_has_no_url_limit()
    {
        using var harness = new Harness(new BasicAuthStyle(BasicAuthVerb.Post), o => o.MaxUrlLength = 100);
        harness.AnswerSuccess("creategroup", """{"idgroup": 1}""");
        var name = new string('x', 5000);

        await harness.Api.CreateGroupAsync(name, GroupType.Mobile, ["mobile"], TestContext.Current.CancellationToken);

        Assert.Equal(name, harness.SingleCall().Parameters[0].Value);
    }

    [Fact]
    public async Task A_401_is_a_transport_error_with_the_status_and_no_secret()
    {
        using var harness = new Harness(new BasicAuthStyle(BasicAuthVerb.Post));
        harness.Fake.Answer($"denied for {BasicAuthStyle.ExpectedAuthorization} {BasicAuthStyle.Pair} {TestCredentials.Password}", "text/plain", 401);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => harness.Api.DeleteGroupAsync(new GroupId(3), TestContext.Current.CancellationToken));

        Assert.Equal(401, error.StatusCode);
        Assert.Equal(TransportFailureReason.HttpStatus, error.Reason);
        Assert.Contains("denied for", error.Message, StringComparison.Ordinal);
        SecretAssert.Clean(error, BasicAuthStyle.Pair);
        Assert.DoesNotContain(BasicAuthStyle.ExpectedAuthorization["Basic ".Length..], error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_and_client_ToString_hide_the_password()
    {
        var options = new AfilnetOptions
        {
            Transport = AfilnetTransportKind.BasicAuth,
            BasicAuthVerb = BasicAuthVerb.Get,
            User = TestCredentials.User,
            Password = TestCredentials.Password,
        };
        using var client = new ContactsClient(options);

        Assert.Contains("BasicAuthVerb = Get", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = ***", options.ToString(), StringComparison.Ordinal);
        Assert.Equal("ContactsClient { BasicAuth GET https://www.afilnet.com/api/basic/ }", client.ToString());
        SecretAssert.CleanText(options.ToString() + client, TestCredentials.Password, BasicAuthStyle.Pair);
    }

    [Fact]
    public void Clear_text_http_to_a_remote_host_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new ContactsClient(new AfilnetOptions
        {
            Transport = AfilnetTransportKind.BasicAuth,
            BaseAddress = new Uri("http://api.example.com/"),
            User = TestCredentials.User,
            Password = TestCredentials.Password,
        }));

        Assert.Contains("Afilnet:BaseAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("plain http://", error.Message, StringComparison.Ordinal);
        SecretAssert.Clean(error);
    }
}
