using System.Text.Json;
using Afilnet.Contacts.Transport;
using WireMock;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>What a transport put on the wire, decoded back to the neutral call.</summary>
/// <param name="Class">The API class sent.</param>
/// <param name="Method">The wire method name sent.</param>
/// <param name="Parameters">The method's parameters, in the order sent, decoded.</param>
public sealed record DecodedCall(string Class, string Method, IReadOnlyList<KeyValuePair<string, string>> Parameters);

/// <summary>
/// One connection style as the contract tests see it: how to build its transport against the fake, how to decode
/// (and check the carrier of) the request it sent, and how to render a neutral answer in its wire format.
/// </summary>
public abstract class WireStyle
{
    public abstract string Name { get; }

    public abstract ITransport CreateTransport(HttpClient httpClient, Uri baseAddress, AfilnetCredentials credentials);

    /// <summary>
    /// Decodes the request and asserts everything style-specific about it: verb, path, content type, and where
    /// the credentials travel (and where they must not).
    /// </summary>
    public abstract DecodedCall DecodeAndCheck(IRequestMessage request, AfilnetCredentials credentials);

    /// <summary>
    /// Adds what the style needs on the fake besides the API answer (a token endpoint); called again after every
    /// <see cref="FakeApi.Answer"/>, which resets the mappings.
    /// </summary>
    public virtual void Prepare(FakeApi fake)
    {
    }

    /// <summary>Whether <paramref name="request"/> is an API call, as opposed to a side request such as a token request.</summary>
    public virtual bool IsApiCall(IRequestMessage request) => true;

    /// <summary>Renders a success answer whose result is <paramref name="resultJson"/> (protocol.md section 2 shape), or none.</summary>
    public abstract (string Body, string ContentType) RenderSuccess(ApiOperation operation, string? resultJson);

    /// <summary>Renders an error answer carrying <paramref name="code"/>.</summary>
    public abstract (string Body, string ContentType) RenderError(ApiOperation operation, string code);

    public override string ToString() => Name;
}

/// <summary>The JSON answer shared by HttpGet, HttpPost, BasicAuth and OAuth2Json.</summary>
public abstract class JsonAnswerWireStyle : WireStyle
{
    public override (string Body, string ContentType) RenderSuccess(ApiOperation operation, string? resultJson) =>
        (resultJson is null ? """{"status":"SUCCESS"}""" : $$"""{"status":"SUCCESS","result":{{resultJson}}}""", "application/json");

    public override (string Body, string ContentType) RenderError(ApiOperation operation, string code) =>
        ($$"""{"status":"ERROR","error":{{JsonSerializer.Serialize(code)}}}""", "application/json");
}
