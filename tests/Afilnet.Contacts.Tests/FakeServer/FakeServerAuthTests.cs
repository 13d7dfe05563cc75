using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>The fake's WSDL and OAuth 2.0 token endpoint (RFC 6749 5.1 and 5.2), and bearer checks on /api/json/.</summary>
public sealed class FakeServerAuthTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly AfilnetFakeServer _fake;
    private readonly HttpClient _http = new();

    public FakeServerAuthTests()
    {
        _fake = AfilnetFakeServer.Start(new AfilnetFakeServerOptions { TokenLifetime = TimeSpan.FromMinutes(10), TimeProvider = _clock });
    }

    [Fact]
    public async Task Wsdl_is_served_at_api_soap_query_wsdl()
    {
        using var response = await _http.GetAsync(new Uri(_fake.BaseAddress, "api/soap/?wsdl"), TestContext.Current.CancellationToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        var wsdl = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // The file the repository ships, and a WSDL of the API's namespace naming each of the twelve methods.
        Assert.Equal(File.ReadAllText(RepositoryFile("src", "Afilnet.Contacts.Soap", "contacts.wsdl")), wsdl);
        var definitions = XDocument.Parse(wsdl).Root!;
        XNamespace wsdlNs = "http://schemas.xmlsoap.org/wsdl/";
        Assert.Equal(wsdlNs + "definitions", definitions.Name);
        Assert.Equal(SoapStyle.Api.NamespaceName, (string?)definitions.Attribute("targetNamespace"));
        var operations = definitions.Elements(wsdlNs + "portType").Elements(wsdlNs + "operation").Select(o => (string)o.Attribute("name")!);
        Assert.Equal(ApiOperations.All.Select(o => o.Name).Order(), operations.Order());
    }

    [Theory]
    [InlineData(OAuth2ClientAuthentication.ClientSecretBasic)]
    [InlineData(OAuth2ClientAuthentication.ClientSecretPost)]
    public async Task Good_client_gets_a_token_by_Basic_header_or_in_the_body(OAuth2ClientAuthentication style)
    {
        using var client = new FakeClient(_fake, "OAuth2Json", o => o.ClientCredentialStyle = style);

        await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], TestContext.Current.CancellationToken);
        await client.Api.GetContactsAsync(new GroupId(1000), TestContext.Current.CancellationToken);

        Assert.Equal(1, _fake.TokensIssued);
    }

    [Fact]
    public async Task Account_user_and_password_serve_as_client_credentials()
    {
        using var client = new FakeClient(_fake, "OAuth2Json", o =>
        {
            // The fake's own user and password stay set; with no client configured they serve as the client.
            o.ClientId = null;
            o.ClientSecret = null;
        });

        await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], TestContext.Current.CancellationToken);

        Assert.Equal(1, _fake.TokensIssued);
    }

    [Theory]
    [InlineData(OAuth2ClientAuthentication.ClientSecretBasic, 401)]
    [InlineData(OAuth2ClientAuthentication.ClientSecretPost, 400)]
    public async Task Bad_client_is_invalid_client_and_no_call_is_sent(OAuth2ClientAuthentication style, int status)
    {
        using var client = new FakeClient(_fake, "OAuth2Json", o =>
        {
            o.ClientCredentialStyle = style;
            o.ClientSecret = "wrong";
        });

        var error = await Assert.ThrowsAsync<AfilnetAuthenticationException>(
            () => client.Api.GetContactsAsync(new GroupId(1000), TestContext.Current.CancellationToken));

        Assert.Equal("invalid_client", error.OAuthError);
        Assert.Equal(status, error.StatusCode);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task Token_answer_is_RFC_6749_section_5_1()
    {
        using var request = TokenRequest("grant_type=client_credentials");

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(response.Headers.CacheControl!.NoStore);
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(600, json.RootElement.GetProperty("expires_in").GetInt32());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("access_token").GetString()));
    }

    [Theory]
    [InlineData("grant_type=password", 400, "unsupported_grant_type")]
    [InlineData("", 400, "invalid_request")]
    public async Task Token_errors_are_RFC_6749_section_5_2(string form, int status, string error)
    {
        using var request = TokenRequest(form);

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer made-up-token")]
    [InlineData("Basic Zm9vOmJhcg==")]
    public async Task Json_call_without_a_token_it_issued_is_HTTP_401(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_fake.BaseAddress, "api/json/"))
        {
            Content = new StringContent("""{"class":"group","method":"getcontacts","idgroup":"1000"}""", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Expired_token_is_refused_with_401_and_the_SDK_gets_a_new_one_and_replays_once()
    {
        var ct = TestContext.Current.CancellationToken;

        // The client measures expiry on its own clock, which stays put; only the fake's moves, so the client still trusts the old token.
        using var client = new FakeClient(_fake, "OAuth2Json");
        await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct);
        _clock.Advance(TimeSpan.FromMinutes(11));

        var columns = await client.Api.GetGroupColumnsAsync(new GroupId(1000), ct);

        Assert.Equal(["mobile"], columns);
        Assert.Equal(2, _fake.TokensIssued);
        Assert.Equal(["creategroup", "getgroupcolumns", "getgroupcolumns"], _fake.Requests.Select(r => r.Method));
    }

    public void Dispose()
    {
        _http.Dispose();
        _fake.Dispose();
    }

    /// <summary>A file of the repository, found by walking up from the test binaries to the solution file.</summary>
    private static string RepositoryFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Afilnet.Transports.sln")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException($"No Afilnet.Transports.sln above {AppContext.BaseDirectory}.");
    }

    private HttpRequestMessage TokenRequest(string form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_fake.BaseAddress, "api/oauth2/token"))
        {
            Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(_fake.ClientId)}:{Uri.EscapeDataString(_fake.ClientSecret)}")));
        return request;
    }
}
