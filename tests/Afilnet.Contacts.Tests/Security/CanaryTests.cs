using System.Text;
using Afilnet.Contacts.Tests.Contract;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.Security;

/// <summary>
/// Runs every transport through all twelve methods and a set of failures with distinctive secrets, collects every
/// text the SDK produced, and searches it for the secrets in every form they travel in.
/// </summary>
public sealed class CanaryTests
{
    private const string ClientId = "client-canary";
    private const string ClientSecret = "Cs-CANARY-42b9& =+%#?/:é";

    public static TheoryData<string> Transports() => ["HttpGet", "HttpPost", "BasicAuth-POST", "BasicAuth-GET", "OAuth2Json"];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task No_secret_appears_in_any_text_the_SDK_produces(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        using var fake = FakeApi.Start();
        fake.IsApiCall = r => !OAuth2JsonStyle.IsTokenRequest(r);
        using var httpClient = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        var credentials = TestCredentials.Create();
        var time = new FakeTimeProvider();
        var basicPair = $"{TestCredentials.User}:{TestCredentials.Password}";
        var basicHeader = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(basicPair));
        var clientBasicHeader = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(
            $"{Uri.EscapeDataString(ClientId)}:{Uri.EscapeDataString(ClientSecret).Replace("%20", "+", StringComparison.Ordinal)}"));
        AfilnetHttpTransportOptions options = name switch
        {
            "HttpGet" => new HttpGetTransportOptions(),
            "HttpPost" => new HttpPostTransportOptions(),
            "BasicAuth-POST" => new BasicAuthTransportOptions { Verb = BasicAuthVerb.Post },
            "BasicAuth-GET" => new BasicAuthTransportOptions { Verb = BasicAuthVerb.Get },
            _ => new OAuth2JsonTransportOptions { ClientId = ClientId, ClientSecret = ClientSecret, TimeProvider = time },
        };
        options.BaseAddress = fake.BaseAddress;
        options.Credentials = credentials;
        ITransport transport = options switch
        {
            HttpGetTransportOptions o => new HttpGetTransport(httpClient, o),
            HttpPostTransportOptions o => new HttpPostTransport(httpClient, o),
            BasicAuthTransportOptions o => new BasicAuthTransport(httpClient, o),
            OAuth2JsonTransportOptions o => new OAuth2JsonTransport(httpClient, o),
            _ => throw new InvalidOperationException(),
        };
        var api = new ContactsClient(transport);
        var texts = new List<string> { options.ToString()!, transport.ToString()!, credentials.ToString(), api.ToString()! };
        void Answer(string body, int status = 200, string contentType = "application/json")
        {
            fake.Answer(body, contentType, status);
            OAuth2JsonStyle.MapToken(fake, OAuth2JsonStyle.TokenAnswer());
        }

        async Task Fail(Func<Task> call)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(call);
            texts.AddRange(SecretAssert.Texts(error));
        }

        // Every method, successfully.
        foreach (var @case in ContractCases.All)
        {
            Answer(@case.ResultJson is null ? """{"status":"SUCCESS"}""" : $$"""{"status":"SUCCESS","result":{{@case.ResultJson}}}""");
            texts.Add(new ApiRequest(@case.Operation, [.. @case.ExpectedParameters.Select(p => new ApiParameter(p.Key, p.Value))]).ToString());
            await @case.Invoke(api, ct);
        }

        // A server that echoes what it received from this transport: the password raw and as it travelled
        // (URL or form encoded, Basic header), the client secret, the client's Basic header and the token.
        var echo = name switch
        {
            "HttpGet" or "HttpPost" => $"{TestCredentials.Password} {Uri.EscapeDataString(TestCredentials.Password)}",
            "BasicAuth-POST" or "BasicAuth-GET" => $"{TestCredentials.Password} {basicHeader}",
            _ => $"{TestCredentials.Password} {clientBasicHeader} {ClientSecret} Bearer {OAuth2JsonStyle.AccessToken}",
        };
        Answer($"error: {echo}", 500, "text/plain");
        await Fail(() => api.GetContactsAsync(new GroupId(1), ct));
        Answer($"garbage {echo}");
        await Fail(() => api.GetContactsAsync(new GroupId(1), ct));
        Answer($$"""{"status":"ERROR","error":"SOME_CODE"}""");
        await Fail(() => api.DeleteGroupAsync(new GroupId(1), ct));
        Answer($"unauthorized {echo}", 401, "text/plain");
        await Fail(() => api.GetContactsAsync(new GroupId(1), ct));
        await Assert.ThrowsAsync<ArgumentException>(() => api.CreateGroupAsync("x", GroupType.Mobile, ["mobile", "a,b"], ct));
        if (transport is OAuth2JsonTransport)
        {
            // The token expires, and the token endpoint refuses to renew it, echoing the old one.
            time.Advance(TimeSpan.FromHours(2));
            var fresh = api;
            fake.Answer("""{"status":"SUCCESS"}""", "application/json");
            OAuth2JsonStyle.MapToken(fake, $$"""{"error":"invalid_client","error_description":"{{echo.Replace("\"", "'", StringComparison.Ordinal)}}"}""", 401);
            await Fail(() => fresh.DeleteGroupAsync(new GroupId(1), ct));
            OAuth2JsonStyle.MapToken(fake, $"<html>{echo}</html>", 502, "text/html");
            await Fail(() => fresh.DeleteGroupAsync(new GroupId(1), ct));
        }

        Assert.True(texts.Count > 10);
        foreach (var text in texts)
        {
            SecretAssert.CleanText(text, TestCredentials.Password, ClientSecret, OAuth2JsonStyle.AccessToken, basicPair);
            Assert.DoesNotContain(basicHeader, text, StringComparison.Ordinal);
            Assert.DoesNotContain(clientBasicHeader, text, StringComparison.Ordinal);
            Assert.DoesNotContain(clientBasicHeader["Basic ".Length..], text, StringComparison.Ordinal);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{name}: {texts.Count} texts scanned, 0 canary hits");
    }
}
