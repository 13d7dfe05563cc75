using System.Text.Json;
using Afilnet.Testing;
using WireMock;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>What a transport put on the wire, decoded back to the neutral call.</summary>
/// <param name="Class">The API class sent.</param>
/// <param name="Method">The wire method name sent.</param>
/// <param name="Parameters">The method's parameters, in the order sent, decoded.</param>
public sealed record DecodedCall(string Class, string Method, IReadOnlyList<KeyValuePair<string, string>> Parameters);

/// <summary>
/// One connection style as the tests see it: how to configure the SDK for it, how to decode (and check the carrier of)
/// the request it sent, and how to render an answer in its wire format. Written from protocol.md, independently of the
/// SDK's own encoders and decoders. <see cref="WireStyles.All"/> is the one list every suite runs over.
/// </summary>
public abstract class WireStyle
{
    /// <summary>The style's name in test names: the transport, and the verb for BasicAuth.</summary>
    public abstract string Name { get; }

    /// <summary>The <c>Afilnet:Transport</c> setting of the style.</summary>
    public abstract AfilnetTransportKind Transport { get; }

    /// <summary>The <c>Afilnet:BasicAuthVerb</c> setting of the style.</summary>
    public virtual BasicAuthVerb Verb => BasicAuthVerb.Post;

    /// <summary>How the stateful fake records a call of this style.</summary>
    public FakeWireStyle FakeStyle => Enum.Parse<FakeWireStyle>(Transport.ToString());

    /// <summary>Whether the style carries the call in the query string (the URL limit applies).</summary>
    public bool UsesQueryString => Transport == AfilnetTransportKind.HttpGet || (Transport == AfilnetTransportKind.BasicAuth && Verb == BasicAuthVerb.Get);

    /// <summary>The content type of the style's answers.</summary>
    public virtual string AnswerContentType => "application/json";

    /// <summary>
    /// The configuration keys that select this style, as an appsettings file would hold them (the base address and the
    /// credentials aside).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Transport"] = Transport.ToString(),
        ["BasicAuthVerb"] = Verb.ToString(),
    };

    /// <summary>
    /// Every secret a client of this style is given or receives, with the composite forms they travel in: what a canary
    /// scan looks for. A value a transport never saw cannot be known to scrub.
    /// </summary>
    public virtual IReadOnlyList<string> Secrets => [TestCredentials.Password];

    /// <summary>Options for a client of this style against <paramref name="baseAddress"/>, with the test credentials.</summary>
    public virtual AfilnetOptions Options(Uri baseAddress) => new()
    {
        Transport = Transport,
        BasicAuthVerb = Verb,
        BaseAddress = baseAddress,
        User = TestCredentials.User,
        Password = TestCredentials.Password,
    };

    /// <summary>
    /// Decodes the request and asserts everything style-specific about it: verb, path, content type, and where
    /// the credentials travel (and where they must not).
    /// </summary>
    public abstract DecodedCall DecodeAndCheck(IRequestMessage request);

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
    public virtual (string Body, string ContentType) RenderSuccess(string method, string? resultJson) =>
        (resultJson is null ? """{"status":"SUCCESS"}""" : $$"""{"status":"SUCCESS","result":{{resultJson}}}""", AnswerContentType);

    /// <summary>Renders an error answer carrying <paramref name="code"/>.</summary>
    public virtual (string Body, string ContentType) RenderError(string method, string code) =>
        ($$"""{"status":"ERROR","error":{{JsonSerializer.Serialize(code)}}}""", AnswerContentType);

    public override string ToString() => Name;
}
