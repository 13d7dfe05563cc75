using System.Net;
using System.Text;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.OAuth2;

/// <summary>
/// The OAuth2Json token life cycle (protocol.md section 5): one shared token request, reuse until shortly before expiry
/// on the client's clock, one refresh and replay on a 401, and no API call without a token.
/// </summary>
public sealed class OAuth2JsonTransportTests
{
    private const string ClientSecret = "Cs-CANARY-42b9& =+%#?/:é";

    private static readonly string[] Columns = ["mobile", "name"];

    [Fact]
    public async Task Reuses_one_token_across_calls()
    {
        using var rig = new OAuthRig();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Columns, await rig.CallAsync());
        }

        Assert.Single(rig.TokenRequests);
        Assert.Equal(3, rig.ApiCalls.Count);
        Assert.All(rig.ApiCalls, c => Assert.Equal($"Bearer {OAuthRig.TokenNumber(0)}", c.Authorization?.ToString()));
    }

    /// <summary>
    /// When the cached token is replaced, in seconds after it was issued: its lifetime less the 60 s skew, or half its
    /// lifetime when that is shorter than twice the skew; 5 minutes when the answer has no usable <c>expires_in</c>.
    /// </summary>
    public static TheoryData<int?, int> LifetimesAndRefreshTimes() => new()
    {
        { 3600, 3540 },
        { 121, 61 },
        { 120, 60 },
        { 100, 50 },
        { 10, 5 },
        { null, 240 },
        { 0, 240 },
    };

    [Theory]
    [MemberData(nameof(LifetimesAndRefreshTimes))]
    public async Task Replaces_the_token_exactly_when_its_refresh_time_comes(int? expiresIn, int refreshAfterSeconds)
    {
        using var rig = new OAuthRig();
        rig.TokenAnswer = n => ScriptedHandler.Json(OAuth2JsonStyle.TokenAnswer(OAuthRig.TokenNumber(n), expiresIn));
        await rig.CallAsync();

        rig.Time.Advance(TimeSpan.FromSeconds(refreshAfterSeconds - 1));
        await rig.CallAsync();
        Assert.Single(rig.TokenRequests);

        rig.Time.Advance(TimeSpan.FromSeconds(1));
        await rig.CallAsync();

        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Equal(
            [OAuthRig.TokenNumber(0), OAuthRig.TokenNumber(0), OAuthRig.TokenNumber(1)],
            rig.ApiCalls.Select(c => c.Authorization?.Parameter));
    }

    [Fact]
    public async Task Tokens_of_the_fake_server_are_renewed_before_it_expires_them_on_the_shared_clock()
    {
        var time = TestClients.NewClock();
        using var fake = AfilnetFakeServer.CreateInMemory(new AfilnetFakeServerOptions { TimeProvider = time });
        using var handler = fake.CreateHandler();
        var options = fake.CreateClientOptions(AfilnetTransportKind.OAuth2Json);
        options.Retry.MaxRetries = 0;
        using var api = new ContactsClient(options, handler, timeProvider: time);
        var ct = TestContext.Current.CancellationToken;

        var group = (await api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        time.Advance(TimeSpan.FromSeconds(3539));
        await api.GetGroupColumnsAsync(group, ct);
        Assert.Equal(1, fake.TokensIssued);

        time.Advance(TimeSpan.FromSeconds(1));
        await api.GetGroupColumnsAsync(group, ct);
        time.Advance(TimeSpan.FromSeconds(3540));
        await api.GetGroupColumnsAsync(group, ct);

        // A token the server had expired would have been refused (and the call recorded twice): every call went once.
        Assert.Equal(3, fake.TokensIssued);
        Assert.Equal(4, fake.Requests.Count);
    }

    [Fact]
    public async Task One_hundred_concurrent_cold_calls_make_exactly_one_token_request()
    {
        using var rig = new OAuthRig();
        rig.HoldTokenRequests();

        var calls = Enumerable.Range(0, 100).Select(_ => rig.CallAsync()).ToList();
        await rig.TokenRequestHeld.WaitAsync(TestContext.Current.CancellationToken);

        // Every call is waiting for the token while its request is still unanswered.
        Assert.All(calls, c => Assert.False(c.IsCompleted));
        rig.ReleaseTokenRequests();
        await Task.WhenAll(calls);

        Assert.Single(rig.TokenRequests);
        Assert.Equal(100, rig.ApiCalls.Count);
        Assert.All(rig.ApiCalls, c => Assert.Equal(OAuthRig.TokenNumber(0), c.Authorization?.Parameter));
    }

    [Fact]
    public async Task A_callers_cancellation_does_not_fail_the_shared_token_request()
    {
        using var rig = new OAuthRig();
        rig.HoldTokenRequests();
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        // The impatient caller is the one whose call started the token request.
        var cancelled = rig.CallAsync(impatient.Token);
        var patient = rig.CallAsync();
        await rig.TokenRequestHeld.WaitAsync(TestContext.Current.CancellationToken);
        await impatient.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(impatient.Token, thrown.CancellationToken);
        Assert.False(patient.IsCompleted);
        rig.ReleaseTokenRequests();

        Assert.Equal(Columns, await patient);
        Assert.Single(rig.TokenRequests);
        Assert.Single(rig.ApiCalls);
    }

    [Fact]
    public async Task A_token_request_that_never_answers_times_out_on_the_clients_clock_and_sends_no_call()
    {
        using var rig = new OAuthRig(o => o.Timeout = TimeSpan.FromSeconds(10));
        rig.HoldTokenRequests();

        var call = rig.CallAsync();
        await rig.TokenRequestHeld.WaitAsync(TestContext.Current.CancellationToken);
        rig.Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(call.IsCompleted);
        rig.Time.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => call);
        var timeout = Assert.IsType<AfilnetTransportException>(error.InnerException);
        Assert.Equal(TransportFailureReason.Timeout, timeout.Reason);
        Assert.False(error.RequestMayHaveReachedServer);
        Assert.Empty(rig.ApiCalls);
    }

    [Fact]
    public async Task A_401_gets_one_new_token_and_one_replay()
    {
        using var rig = new OAuthRig();
        rig.ApiAnswer = n => n == 0 ? ScriptedHandler.Status(401) : ScriptedHandler.Json("""{"status":"SUCCESS","result":["a"]}""");

        Assert.Equal(["a"], await rig.CallAsync());

        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Equal([OAuthRig.TokenNumber(0), OAuthRig.TokenNumber(1)], rig.ApiCalls.Select(c => c.Authorization?.Parameter));
        Assert.Equal(rig.ApiCalls[0].Body, rig.ApiCalls[1].Body);
    }

    [Fact]
    public async Task A_401_on_a_write_is_replayed_too_since_the_server_did_not_act_on_it()
    {
        using var rig = new OAuthRig();
        rig.ApiAnswer = n => n == 0 ? ScriptedHandler.Status(401) : ScriptedHandler.Json("""{"status":"SUCCESS"}""");

        await rig.Api.DeleteGroupAsync(new GroupId(7), TestContext.Current.CancellationToken);

        Assert.Equal(2, rig.ApiCalls.Count);
        Assert.Equal(2, rig.TokenRequests.Count);
    }

    [Fact]
    public async Task A_second_401_is_an_authentication_error()
    {
        using var rig = new OAuthRig();
        rig.ApiAnswer = n => new HttpResponseMessage(HttpStatusCode.Unauthorized)
        {
            Content = new StringContent($"expired: Bearer {OAuthRig.TokenNumber(n)} {TestCredentials.Password}", Encoding.UTF8, "text/plain"),
        };

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("getgroupcolumns", error.Method);
        Assert.True(error.RequestMayHaveReachedServer);
        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Equal(2, rig.ApiCalls.Count);
        SecretAssert.Clean(error, OAuthRig.TokenNumber(0), OAuthRig.TokenNumber(1));
    }

    /// <summary>
    /// Found by <c>HostileAnswerProperties</c>: when the refresh after a 401 fails, the first attempt did reach the server,
    /// so the error must not say the call provably never left (which would invite resending a write).
    /// </summary>
    [Fact]
    public async Task A_401_whose_refresh_fails_is_an_authentication_error_that_says_the_call_reached_the_server()
    {
        using var rig = new OAuthRig();
        rig.TokenAnswer = n => ScriptedHandler.Json(n == 0 ? OAuth2JsonStyle.TokenAnswer(OAuthRig.TokenNumber(0)) : """{"access_token":"tok\r\nX-Injected: 1","token_type":"Bearer"}""");
        rig.ApiAnswer = _ => ScriptedHandler.Status(401);

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());

        Assert.True(error.RequestMayHaveReachedServer);
        Assert.Equal("getgroupcolumns", error.Method);
        Assert.Contains("HTTP 401", error.Message, StringComparison.Ordinal);
        Assert.Contains("a bearer header cannot carry", Assert.IsType<AfilnetAuthenticationException>(error.InnerException).Message, StringComparison.Ordinal);
        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Single(rig.ApiCalls);
    }

    public static TheoryData<string, int, string, string, string?> TokenEndpointFailures() => new()
    {
        { "401 invalid_client", 401, "application/json", $$"""{"error":"invalid_client","error_description":"bad secret {{TestCredentials.Password}}"}""", "invalid_client" },
        { "400 invalid_client", 400, "application/json", """{"error":"invalid_client"}""", "invalid_client" },
        { "400 unauthorized_client", 400, "application/json", """{"error":"unauthorized_client"}""", "unauthorized_client" },
        { "401 without an error", 401, "text/plain", $"denied {TestCredentials.Password}", null },
        { "500", 500, "text/plain", $"boom {TestCredentials.Password}", null },
        { "503 HTML", 503, "text/html", $"<html><body>Down for {TestCredentials.Password}</body></html>", null },
        { "truncated JSON", 200, "application/json", "{\"access_token\":\"tok-", null },
        { "HTML", 200, "text/html", "<html><body>Login</body></html>", null },
        { "a JSON array", 200, "application/json", "[1,2,3]", null },
        { "no access_token", 200, "application/json", """{"token_type":"Bearer","expires_in":3600}""", null },
        { "not bearer", 200, "application/json", """{"access_token":"x-1234","token_type":"mac","expires_in":3600}""", null },
        { "CR LF in the token", 200, "application/json", """{"access_token":"abc\r\nX-Injected: 1","token_type":"Bearer","expires_in":3600}""", null },
        { "an answer of 100 KB", 200, "application/json", $$"""{"access_token":"{{new string('a', 100_000)}}","token_type":"Bearer"}""", null },
    };

    [Theory]
    [MemberData(nameof(TokenEndpointFailures))]
    public async Task A_token_endpoint_failure_is_an_authentication_error_and_no_API_call(string name, int status, string contentType, string body, string? oauthError)
    {
        using var rig = new OAuthRig();
        rig.TokenAnswer = _ => new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(body, Encoding.UTF8, contentType) };

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());

        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {error.Message}");
        Assert.Equal(oauthError, error.OAuthError);
        Assert.Equal(status, error.StatusCode);
        Assert.Equal("getgroupcolumns", error.Method);
        Assert.False(error.RequestMayHaveReachedServer);
        Assert.StartsWith("OAuth2Json 'getgroupcolumns': ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith(". The call was not sent.", error.Message, StringComparison.Ordinal);
        Assert.Single(rig.TokenRequests);
        Assert.Empty(rig.ApiCalls);
        SecretAssert.Clean(error);
    }

    [Fact]
    public async Task A_token_endpoint_that_cannot_be_reached_is_an_authentication_error_without_a_status()
    {
        using var rig = new OAuthRig();
        rig.TokenAnswer = _ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused");

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());

        Assert.Null(error.OAuthError);
        Assert.Null(error.StatusCode);
        Assert.False(error.RequestMayHaveReachedServer);
        Assert.Equal(TransportFailureReason.ConnectionFailed, Assert.IsType<AfilnetTransportException>(error.InnerException).Reason);
        Assert.Empty(rig.ApiCalls);
        SecretAssert.Clean(error);
    }

    [Fact]
    public async Task A_failed_token_request_is_not_cached()
    {
        using var rig = new OAuthRig();
        rig.TokenAnswer = n => n == 0 ? ScriptedHandler.Status(503) : ScriptedHandler.Json(OAuth2JsonStyle.TokenAnswer(OAuthRig.TokenNumber(n)));

        await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => rig.CallAsync());
        Assert.Equal(Columns, await rig.CallAsync());

        Assert.Equal(2, rig.TokenRequests.Count);
        Assert.Equal(OAuthRig.TokenNumber(1), Assert.Single(rig.ApiCalls).Authorization?.Parameter);
    }

    [Fact]
    public async Task Client_secret_basic_is_the_default_and_falls_back_to_user_and_password()
    {
        Assert.Equal(OAuth2ClientAuthentication.ClientSecretBasic, new AfilnetOptions().ClientCredentialStyle);
        using var rig = new OAuthRig();
        await rig.CallAsync();

        var token = Assert.Single(rig.TokenRequests);
        Assert.Equal("POST", token.Method);
        Assert.Equal(new Uri(ScriptedHandler.BaseAddress, "api/oauth2/token"), token.Uri);
        Assert.StartsWith("application/x-www-form-urlencoded", token.ContentType, StringComparison.Ordinal);
        Assert.StartsWith("Afilnet.Contacts/", token.UserAgent, StringComparison.Ordinal);
        Assert.Contains(new KeyValuePair<string, string>("grant_type", "client_credentials"), token.Form);
        Assert.DoesNotContain(token.Form, f => f.Key is "client_id" or "client_secret");
        Assert.Equal((TestCredentials.User, TestCredentials.Password), BasicClient(token));
    }

    [Fact]
    public async Task A_client_id_and_secret_suffice_without_an_account()
    {
        using var rig = new OAuthRig(o =>
        {
            o.User = null;
            o.Password = null;
            o.ClientId = "client 1+";
            o.ClientSecret = ClientSecret;
        });

        Assert.Equal(SecurityLevel.High, rig.Api.SecurityLevel);
        await rig.CallAsync();

        Assert.Equal(("client 1+", ClientSecret), BasicClient(Assert.Single(rig.TokenRequests)));
    }

    [Fact]
    public async Task Client_secret_post_puts_client_id_and_secret_in_the_body_and_sends_no_Basic_header()
    {
        using var rig = new OAuthRig(o =>
        {
            o.ClientId = "client-1";
            o.ClientSecret = ClientSecret;
            o.ClientCredentialStyle = OAuth2ClientAuthentication.ClientSecretPost;
        });
        await rig.CallAsync();

        var token = Assert.Single(rig.TokenRequests);
        Assert.Null(token.Authorization);
        Assert.Contains(new KeyValuePair<string, string>("grant_type", "client_credentials"), token.Form);
        Assert.Contains(new KeyValuePair<string, string>("client_id", "client-1"), token.Form);
        Assert.Contains(new KeyValuePair<string, string>("client_secret", ClientSecret), token.Form);
        Assert.DoesNotContain(token.Form, f => f.Value == TestCredentials.Password);
    }

    [Fact]
    public async Task A_relative_token_endpoint_is_resolved_against_the_base_address()
    {
        using var rig = new OAuthRig(o =>
        {
            o.BaseAddress = new Uri(ScriptedHandler.BaseAddress, "proxy/afilnet");
            o.TokenEndpoint = new Uri("auth/token", UriKind.Relative);
        });
        await rig.CallAsync();

        Assert.Equal(new Uri(ScriptedHandler.BaseAddress, "proxy/afilnet/auth/token"), Assert.Single(rig.TokenRequests).Uri);
        Assert.Equal(new Uri(ScriptedHandler.BaseAddress, "proxy/afilnet/api/json/"), Assert.Single(rig.ApiCalls).Uri);
    }

    [Fact]
    public void Clear_text_http_to_a_remote_token_endpoint_is_refused_and_loopback_allowed()
    {
        static AfilnetOptions Options(string token, bool allow = false) => new()
        {
            Transport = AfilnetTransportKind.OAuth2Json,
            BaseAddress = new Uri("https://api.example.com/"),
            TokenEndpoint = new Uri(token, UriKind.RelativeOrAbsolute),
            User = TestCredentials.User,
            Password = TestCredentials.Password,
            AllowInsecureHttp = allow,
        };

        var refused = Assert.Throws<ArgumentException>(() => new ContactsClient(Options("http://auth.example.com/token")));
        Assert.Contains("Afilnet:TokenEndpoint", refused.Message, StringComparison.Ordinal);
        Assert.Contains("auth.example.com", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Afilnet:BaseAddress", refused.Message, StringComparison.Ordinal);
        SecretAssert.Clean(refused);

        using var loopback = new ContactsClient(Options("http://127.0.0.1:9/token"));
        Assert.EndsWith("(token: http://127.0.0.1:9/token) }", loopback.ToString(), StringComparison.Ordinal);
        using var optedIn = new ContactsClient(Options("http://auth.example.com/token", allow: true));
        Assert.EndsWith("(token: http://auth.example.com/token) }", optedIn.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Clear_text_http_to_a_remote_base_address_is_refused()
    {
        var refused = Assert.Throws<ArgumentException>(() => new ContactsClient(new AfilnetOptions
        {
            Transport = AfilnetTransportKind.OAuth2Json,
            BaseAddress = new Uri("http://api.example.com/"),
            User = TestCredentials.User,
            Password = TestCredentials.Password,
        }));

        Assert.Contains("Afilnet:BaseAddress", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Needs_client_or_account_credentials()
    {
        var error = Assert.Throws<ArgumentException>(() => new ContactsClient(new AfilnetOptions { Transport = AfilnetTransportKind.OAuth2Json }));

        Assert.Contains("Afilnet:User", error.Message, StringComparison.Ordinal);
        Assert.Contains("Afilnet:Password", error.Message, StringComparison.Ordinal);
        Assert.Contains("Afilnet:ClientId", error.Message, StringComparison.Ordinal);
        Assert.Contains("Afilnet:ClientSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_and_client_ToString_print_placeholders()
    {
        var options = new AfilnetOptions
        {
            Transport = AfilnetTransportKind.OAuth2Json,
            User = TestCredentials.User,
            Password = TestCredentials.Password,
            ClientId = "client-1",
            ClientSecret = ClientSecret,
        };
        using var client = new ContactsClient(options);

        var text = options.ToString();
        Assert.Contains("ClientId = client-1", text, StringComparison.Ordinal);
        Assert.Contains("ClientSecret = ***", text, StringComparison.Ordinal);
        Assert.Contains("Password = ***", text, StringComparison.Ordinal);
        SecretAssert.CleanText(text + client, TestCredentials.Password, ClientSecret);
    }

    /// <summary>The client id and secret of a token request's Basic header: RFC 6749 2.3.1 form-encodes each, then base64-encodes "id:secret".</summary>
    private static (string Id, string Secret) BasicClient(OAuthRig.Seen token)
    {
        Assert.Equal("Basic", token.Authorization?.Scheme);
        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(token.Authorization!.Parameter!));
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        Assert.True(colon > 0, "the Basic value is id:secret");
        return (FormText.Parse("a=" + pair[..colon])[0].Value, FormText.Parse("a=" + pair[(colon + 1)..])[0].Value);
    }
}
