using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>BasicAuth over POST (form body) or GET (query): credentials only in the Basic header.</summary>
public sealed class BasicAuthStyle(BasicAuthVerb verb) : WireStyle
{
    public override BasicAuthVerb Verb { get; } = verb;

    public override string Name => $"BasicAuth-{Verb.ToString().ToUpperInvariant()}";

    public override AfilnetTransportKind Transport => AfilnetTransportKind.BasicAuth;

    public static string Pair => $"{TestCredentials.User}:{TestCredentials.Password}";

    public static string ExpectedAuthorization => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(Pair));

    public override IReadOnlyList<string> Secrets => [TestCredentials.Password, Pair];

    public override DecodedCall DecodeAndCheck(IRequestMessage request)
    {
        Assert.Equal("/api/basic/", request.Path);
        Assert.Equal(ExpectedAuthorization, Assert.Single(request.Headers!["Authorization"]));
        AuthChecks.NoCredentialsIn(request.Url, request.Body);
        if (Verb == BasicAuthVerb.Get)
        {
            Assert.Equal("GET", request.Method);
            Assert.True(string.IsNullOrEmpty(request.Body), "a GET carries no body");
            return FormText.ToCall(FormText.Parse(request.RawQuery), withCredentials: false);
        }

        Assert.Equal("POST", request.Method);
        Assert.True(string.IsNullOrEmpty(request.RawQuery), "BasicAuth POST puts nothing in the query string");
        Assert.Equal("application/x-www-form-urlencoded; charset=utf-8", request.Headers["Content-Type"].Single());
        return FormText.ToCall(FormText.Parse(request.Body), withCredentials: false);
    }
}

/// <summary>OAuth2Json: a token endpoint on the same fake, then a JSON body with a bearer token.</summary>
public sealed class OAuth2JsonStyle : WireStyle
{
    public const string TokenPath = "/api/oauth2/token";

    public const string AccessToken = "tok-CANARY-9d1e.abc_DEF-123";

    public override string Name => "OAuth2Json";

    public override AfilnetTransportKind Transport => AfilnetTransportKind.OAuth2Json;

    /// <summary>The client's Basic header pair when the account serves as the client: id and secret form-encoded (RFC 6749 2.3.1).</summary>
    public static string ClientPair(string id, string secret) =>
        $"{Uri.EscapeDataString(id).Replace("%20", "+", StringComparison.Ordinal)}:{Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal)}";

    public override IReadOnlyList<string> Secrets => [TestCredentials.Password, AccessToken, ClientPair(TestCredentials.User, TestCredentials.Password)];

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

    public override DecodedCall DecodeAndCheck(IRequestMessage request)
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
