using System.Net;
using System.Net.Sockets;
using System.Text;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport.Http;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.OAuth2;

public sealed class OAuth2JsonTransportTests
{
    private const string ClientSecret = "Cs-CANARY-42b9& =+%#?/:é";

    [Fact]
    public async Task Reuses_one_token_across_calls()
    {
        using var rig = new OAuthRig();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(["mobile", "name"], await rig.CallAsync());
        }

        Assert.Single(rig.TokenRequests);
        Assert.Equal(3, rig.ApiCalls.Count);
        Assert.All(rig.ApiCalls, c => Assert.Equal("Bearer " + OAuth2JsonStyle.AccessToken, c.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task Refreshes_the_token_skew_before_expiry()
    {
        using var rig = new OAuthRig(); // expires_in 3600, default skew 60 s
        await rig.CallAsync();

        rig.Time.Advance(TimeSpan.FromSeconds(3539));
        await rig.CallAsync();
        Assert.Single(rig.TokenRequests);

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.CallAsync();
        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Equal(3, rig.ApiCalls.Count);
    }

    [Fact]
    public async Task Missing_expires_in_falls_back_to_DefaultTokenLifetime()
    {
        using var rig = new OAuthRig(o => o.DefaultTokenLifetime = TimeSpan.FromMinutes(10), mapToken: false);
        OAuth2JsonStyle.MapToken(rig.Fake, OAuth2JsonStyle.TokenAnswer(expiresIn: null));
        await rig.CallAsync();

        rig.Time.Advance(TimeSpan.FromMinutes(9) - TimeSpan.FromSeconds(1));
        await rig.CallAsync();
        Assert.Single(rig.TokenRequests);

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.CallAsync();
        Assert.Equal(2, rig.TokenRequests.Count);
    }

    [Fact]
    public async Task An_expires_in_shorter_than_the_skew_refreshes_at_half_life()
    {
        using var rig = new OAuthRig(mapToken: false);
        OAuth2JsonStyle.MapToken(rig.Fake, OAuth2JsonStyle.TokenAnswer(expiresIn: 10));
        await rig.CallAsync();

        rig.Time.Advance(TimeSpan.FromSeconds(4));
        await rig.CallAsync();
        Assert.Single(rig.TokenRequests);

        rig.Time.Advance(TimeSpan.FromSeconds(2));
        await rig.CallAsync();
        Assert.Equal(2, rig.TokenRequests.Count);
    }

    [Fact]
    public async Task One_hundred_concurrent_cold_calls_make_exactly_one_token_request()
    {
        using var rig = new OAuthRig(mapToken: false);
        rig.Fake.Server.Given(Request.Create().WithPath(OAuth2JsonStyle.TokenPath).UsingPost()).AtPriority(-10)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(OAuth2JsonStyle.TokenAnswer())
                .WithDelay(TimeSpan.FromMilliseconds(300)));

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => rig.CallAsync())));

        var tokenRequests = rig.TokenRequests.Count;
        TestContext.Current.TestOutputHelper?.WriteLine($"token requests for 100 concurrent cold calls: {tokenRequests}");
        Assert.Equal(1, tokenRequests);
        Assert.Equal(100, rig.ApiCalls.Count);
    }

    [Fact]
    public async Task A_401_gets_one_new_token_and_one_replay()
    {
        using var rig = new OAuthRig();
        rig.Fake.Server.Given(Request.Create().WithPath("/api/json/")).InScenario("api").WillSetStateTo("refused-once")
            .RespondWith(Response.Create().WithStatusCode(401));
        rig.Fake.Server.Given(Request.Create().WithPath("/api/json/")).InScenario("api").WhenStateIs("refused-once")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"status":"SUCCESS","result":["a"]}"""));

        Assert.Equal(["a"], await rig.CallAsync());

        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Equal(2, rig.ApiCalls.Count);
    }

    [Fact]
    public async Task A_second_401_is_an_authentication_error()
    {
        using var rig = new OAuthRig();
        rig.AnswerApi("""{"message":"expired"}""", status: 401);

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("getgroupcolumns", error.Method);
        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Equal(2, rig.ApiCalls.Count);
        SecretAssert.Clean(error, ClientSecret, OAuth2JsonStyle.AccessToken);
    }

    public static TheoryData<string, int, string, string, string?> TokenEndpointFailures() => new()
    {
        { "401 invalid_client", 401, "application/json", $$"""{"error":"invalid_client","error_description":"bad secret {{TestCredentials.Password}}"}""", "invalid_client" },
        { "400 invalid_client", 400, "application/json", """{"error":"invalid_client"}""", "invalid_client" },
        { "400 unauthorized_client", 400, "application/json", """{"error":"unauthorized_client"}""", "unauthorized_client" },
        { "500", 500, "text/plain", $"boom {TestCredentials.Password}", null },
        { "garbage", 200, "application/json", "{\"access_token\":\"tok-", null },
        { "HTML", 200, "text/html", "<html><body>Login</body></html>", null },
        { "no access_token", 200, "application/json", """{"token_type":"Bearer","expires_in":3600}""", null },
        { "not bearer", 200, "application/json", """{"access_token":"x-1234","token_type":"mac","expires_in":3600}""", null },
    };

    [Theory]
    [MemberData(nameof(TokenEndpointFailures))]
    public async Task A_token_endpoint_failure_is_an_authentication_error_and_no_API_call(string name, int status, string contentType, string body, string? oauthError)
    {
        using var rig = new OAuthRig(mapToken: false);
        OAuth2JsonStyle.MapToken(rig.Fake, body, status, contentType);

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());

        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {error.Message}");
        Assert.Equal(oauthError, error.OAuthError);
        Assert.Equal(status, error.StatusCode);
        Assert.False(error.RequestMayHaveReachedServer);
        Assert.Contains("token endpoint", error.Message, StringComparison.Ordinal);
        Assert.Single(rig.TokenRequests);
        Assert.Empty(rig.ApiCalls);
        SecretAssert.Clean(error, TestCredentials.Password);
    }

    [Fact]
    public async Task A_refused_token_endpoint_connection_is_an_authentication_error()
    {
        var closedPort = ClosedPort();
        using var rig = new OAuthRig(o => o.TokenEndpoint = new Uri($"http://127.0.0.1:{closedPort}/token"), mapToken: false);

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());

        Assert.Null(error.OAuthError);
        Assert.Null(error.StatusCode);
        Assert.Empty(rig.Fake.AllRequests);
        SecretAssert.Clean(error, TestCredentials.Password);
    }

    [Fact]
    public async Task A_failed_token_request_is_not_cached()
    {
        using var rig = new OAuthRig(mapToken: false);
        rig.Fake.Server.Given(Request.Create().WithPath(OAuth2JsonStyle.TokenPath)).AtPriority(-10).InScenario("token").WillSetStateTo("up")
            .RespondWith(Response.Create().WithStatusCode(503));
        rig.Fake.Server.Given(Request.Create().WithPath(OAuth2JsonStyle.TokenPath)).AtPriority(-10).InScenario("token").WhenStateIs("up")
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(OAuth2JsonStyle.TokenAnswer()));

        await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());
        await rig.CallAsync();

        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Single(rig.ApiCalls);
    }

    [Fact]
    public async Task A_callers_cancellation_does_not_fail_the_shared_token_request()
    {
        using var rig = new OAuthRig(mapToken: false);
        rig.Fake.Server.Given(Request.Create().WithPath(OAuth2JsonStyle.TokenPath).UsingPost()).AtPriority(-10)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(OAuth2JsonStyle.TokenAnswer())
                .WithDelay(TimeSpan.FromMilliseconds(500)));
        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var cancelled = rig.CallAsync(impatient.Token);
        var patient = rig.CallAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(impatient.Token, thrown.CancellationToken);
        Assert.Equal(["mobile", "name"], await patient);
        Assert.Single(rig.TokenRequests);
        Assert.Single(rig.ApiCalls);
    }

    [Fact]
    public async Task Client_secret_basic_is_the_default_and_falls_back_to_user_and_password()
    {
        using var rig = new OAuthRig();
        await rig.CallAsync();

        var token = Assert.Single(rig.TokenRequests);
        Assert.Equal("POST", token.Method);
        Assert.StartsWith("application/x-www-form-urlencoded", token.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.StartsWith("Afilnet.Contacts/", token.Headers["User-Agent"].Single(), StringComparison.Ordinal);
        var form = FormText.Parse(token.Body);
        Assert.Contains(new KeyValuePair<string, string>("grant_type", "client_credentials"), form);
        Assert.DoesNotContain(form, f => f.Key is "client_id" or "client_secret");

        // RFC 6749 2.3.1: id and secret are form-encoded, then joined and base64-encoded.
        var basic = token.Headers["Authorization"].Single();
        Assert.StartsWith("Basic ", basic, StringComparison.Ordinal);
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(basic["Basic ".Length..]));
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        Assert.Equal(TestCredentials.User, FormText.Parse("a=" + pair[..colon])[0].Value);
        Assert.Equal(TestCredentials.Password, FormText.Parse("a=" + pair[(colon + 1)..])[0].Value);
    }

    [Fact]
    public async Task Client_secret_post_puts_client_id_and_secret_in_the_body_and_sends_no_Basic_header()
    {
        using var rig = new OAuthRig(o =>
        {
            o.ClientId = "client-1";
            o.ClientSecret = ClientSecret;
            o.ClientAuthentication = OAuth2ClientAuthentication.ClientSecretPost;
        });
        await rig.CallAsync();

        var token = Assert.Single(rig.TokenRequests);
        Assert.False(token.Headers!.ContainsKey("Authorization"));
        var form = FormText.Parse(token.Body);
        Assert.Contains(new KeyValuePair<string, string>("grant_type", "client_credentials"), form);
        Assert.Contains(new KeyValuePair<string, string>("client_id", "client-1"), form);
        Assert.Contains(new KeyValuePair<string, string>("client_secret", ClientSecret), form);
        Assert.DoesNotContain(TestCredentials.Password, token.Body!, StringComparison.Ordinal);
    }

    [Fact]
    public void Clear_text_http_to_a_remote_token_endpoint_is_refused_and_loopback_allowed()
    {
        using var client = new HttpClient();
        OAuth2JsonTransportOptions Options(string token, bool allow = false) => new()
        {
            BaseAddress = new Uri("https://api.example.com/"),
            TokenEndpoint = new Uri(token, UriKind.RelativeOrAbsolute),
            Credentials = TestCredentials.Create(),
            AllowInsecureHttp = allow,
        };

        var refused = Assert.Throws<ArgumentException>(() => new OAuth2JsonTransport(client, Options("http://auth.example.com/token")));
        Assert.Contains("TokenEndpoint", refused.Message, StringComparison.Ordinal);
        Assert.Contains("auth.example.com", refused.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new OAuth2JsonTransport(client, new OAuth2JsonTransportOptions { BaseAddress = new Uri("http://api.example.com/"), Credentials = TestCredentials.Create() }));

        Assert.Equal(new Uri("http://127.0.0.1:9/token"), new OAuth2JsonTransport(client, Options("http://127.0.0.1:9/token")).TokenEndpoint);
        Assert.Equal(new Uri("http://auth.example.com/token"), new OAuth2JsonTransport(client, Options("http://auth.example.com/token", allow: true)).TokenEndpoint);
        Assert.Equal(new Uri("https://api.example.com/api/oauth2/token"), new OAuth2JsonTransport(client, Options("api/oauth2/token")).TokenEndpoint);
    }

    [Fact]
    public void Needs_client_or_account_credentials()
    {
        using var client = new HttpClient();
        Assert.Throws<ArgumentException>(() => new OAuth2JsonTransport(client, new OAuth2JsonTransportOptions()));
        var clientOnly = new OAuth2JsonTransport(client, new OAuth2JsonTransportOptions { ClientId = "id", ClientSecret = ClientSecret });
        Assert.Equal(SecurityLevel.High, clientOnly.SecurityLevel);
    }

    [Fact]
    public void Options_ToString_prints_placeholders()
    {
        var options = new OAuth2JsonTransportOptions { Credentials = TestCredentials.Create(), ClientId = "client-1", ClientSecret = ClientSecret };
        var text = options.ToString();
        Assert.Contains("ClientSecret = ***", text, StringComparison.Ordinal);
        Assert.Contains("Password = ***", text, StringComparison.Ordinal);
        SecretAssert.CleanText(text, TestCredentials.Password, ClientSecret);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
