using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>BasicAuth over POST (form body) or GET (query): credentials only in the Basic header.</summary>
public sealed class BasicAuthStyle(BasicAuthVerb verb) : JsonAnswerWireStyle
{
    public BasicAuthVerb Verb { get; } = verb;

    public override string Name => $"BasicAuth-{Verb.ToString().ToUpperInvariant()}";

    public static string ExpectedAuthorization(AfilnetCredentials credentials) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credentials.User}:{TestCredentials.Password}"));

    public override ITransport CreateTransport(HttpClient httpClient, Uri baseAddress, AfilnetCredentials credentials) =>
        new BasicAuthTransport(httpClient, new BasicAuthTransportOptions { BaseAddress = baseAddress, Credentials = credentials, Verb = Verb });

    public override DecodedCall DecodeAndCheck(IRequestMessage request, AfilnetCredentials credentials)
    {
        Assert.Equal("/api/basic/", request.Path);
        Assert.Equal(ExpectedAuthorization(credentials), Assert.Single(request.Headers!["Authorization"]));
        AuthChecks.NoCredentialsIn(request.Url, request.Body);
        if (Verb == BasicAuthVerb.Get)
        {
            Assert.Equal("GET", request.Method);
            Assert.True(string.IsNullOrEmpty(request.Body), "a GET carries no body");
            return FormText.ToCall(FormText.Parse(request.RawQuery), withCredentials: false, credentials);
        }

        Assert.Equal("POST", request.Method);
        Assert.True(string.IsNullOrEmpty(request.RawQuery), "BasicAuth POST puts nothing in the query string");
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"].Single());
        return FormText.ToCall(FormText.Parse(request.Body), withCredentials: false, credentials);
    }
}

/// <summary>OAuth2Json: a token endpoint on the same fake, then a JSON body with a bearer token.</summary>
public sealed class OAuth2JsonStyle : JsonAnswerWireStyle
{
    public const string TokenPath = "/api/oauth2/token";

    public const string AccessToken = "tok-CANARY-9d1e.abc_DEF-123";

    public override string Name => "OAuth2Json";

    /// <summary>A token answer as RFC 6749 section 5.1 describes it.</summary>
    public static string TokenAnswer(string token = AccessToken, int? expiresIn = 3600) =>
        expiresIn is null
            ? $$"""{"access_token":"{{token}}","token_type":"Bearer"}"""
            : $$"""{"access_token":"{{token}}","token_type":"Bearer","expires_in":{{expiresIn}}}""";

    /// <summary>Maps the token endpoint above the catch-all API answer.</summary>
    public static void MapToken(FakeApi fake, string body, int status = 200, string contentType = "application/json") =>
        fake.Server
            .Given(Request.Create().WithPath(TokenPath).UsingPost())
            .AtPriority(-10)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));

    public static bool IsTokenRequest(IRequestMessage request) => request.Path == TokenPath;

    public override void Prepare(FakeApi fake) => MapToken(fake, TokenAnswer());

    public override bool IsApiCall(IRequestMessage request) => !IsTokenRequest(request);

    public override ITransport CreateTransport(HttpClient httpClient, Uri baseAddress, AfilnetCredentials credentials) =>
        new OAuth2JsonTransport(httpClient, new OAuth2JsonTransportOptions { BaseAddress = baseAddress, Credentials = credentials });

    public override DecodedCall DecodeAndCheck(IRequestMessage request, AfilnetCredentials credentials)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/json/", request.Path);
        Assert.True(string.IsNullOrEmpty(request.RawQuery), "OAuth2Json puts nothing in the query string");
        Assert.Equal("application/json; charset=utf-8", request.Headers!["Content-Type"].Single());
        Assert.Equal("Bearer " + AccessToken, Assert.Single(request.Headers["Authorization"]));
        AuthChecks.NoCredentialsIn(request.Url, request.Body);

        using var document = JsonDocument.Parse(request.Body!);
        Assert.Equal(JsonValueKind.Object, document.RootElement.ValueKind);
        var properties = document.RootElement.EnumerateObject().ToList();
        Assert.True(properties.Count >= 2, "class and method must be sent");
        Assert.Equal("class", properties[0].Name);
        Assert.Equal("method", properties[1].Name);
        Assert.DoesNotContain(properties, p => p.Name is "user" or "password");
        var parameters = new List<KeyValuePair<string, string>>();
        foreach (var property in properties.Skip(2))
        {
            if (property.Name == "contacts")
            {
                Assert.Equal(JsonValueKind.Array, property.Value.ValueKind);
                parameters.Add(new(property.Name, Compact(property.Value)));
            }
            else
            {
                Assert.Equal(JsonValueKind.String, property.Value.ValueKind);
                parameters.Add(new(property.Name, property.Value.GetString()!));
            }
        }

        return new DecodedCall(properties[0].Value.GetString()!, properties[1].Value.GetString()!, parameters);
    }

    /// <summary>Re-serialises JSON compactly with the same relaxed escaping the SDK's contacts text uses.</summary>
    private static string Compact(JsonElement element)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}

public static class AuthChecks
{
    /// <summary>Neither user nor password, raw or encoded, anywhere in the URL or body.</summary>
    public static void NoCredentialsIn(string? url, string? body)
    {
        foreach (var text in new[] { url ?? string.Empty, body ?? string.Empty })
        {
            foreach (var secret in new[] { TestCredentials.User, TestCredentials.Password })
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Uri.EscapeDataString(secret), text, StringComparison.Ordinal);
            }
        }
    }
}
