using System.Text.Json;
using System.Xml.Linq;
using WireMock;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// SOAP 1.1 as protocol.md section 4 describes it, decoded and rendered with LINQ to XML, independently of the SDK's
/// WCF-based writer and reader.
/// </summary>
public sealed class SoapStyle : WireStyle
{
    public static readonly XNamespace Env = "http://schemas.xmlsoap.org/soap/envelope/";

    public static readonly XNamespace Api = "https://www.afilnet.com/api/soap/";

    public override string Name => "Soap";

    public override AfilnetTransportKind Transport => AfilnetTransportKind.Soap;

    public override string AnswerContentType => "text/xml; charset=utf-8";

    public override DecodedCall DecodeAndCheck(IRequestMessage request)
    {
        Assert.Equal("POST", request.Method);
        Assert.Equal("/api/soap/", request.Path);
        Assert.True(string.IsNullOrEmpty(request.RawQuery), "Soap puts nothing in the query string");
        Assert.Equal("text/xml; charset=utf-8", Assert.Single(request.Headers!["Content-Type"]));
        Assert.False(request.Headers.ContainsKey("Authorization"), "Soap sends no Authorization header");
        var soapAction = Assert.Single(request.Headers["SOAPAction"]);

        var operation = RequestElement(request.Body);
        var method = operation.Name.LocalName;
        Assert.Equal($"\"{Api.NamespaceName}{method}\"", soapAction);

        var children = operation.Elements().ToList();
        Assert.All(children, c => Assert.Equal(Api, c.Name.Namespace));
        Assert.All(children, c => Assert.False(c.HasElements, $"<{c.Name.LocalName}> must be a plain string"));
        Assert.True(children.Count >= 2, "user and password come first");
        Assert.Equal("user", children[0].Name.LocalName);
        Assert.Equal(TestCredentials.User, children[0].Value);
        Assert.Equal("password", children[1].Name.LocalName);
        Assert.Equal(TestCredentials.Password, children[1].Value);
        return new DecodedCall("group", method, [.. children.Skip(2).Select(c => new KeyValuePair<string, string>(c.Name.LocalName, c.Value))]);
    }

    public override (string Body, string ContentType) RenderSuccess(string method, string? resultJson)
    {
        var response = new XElement(Api + (method + "Response"), new XElement(Api + "status", "SUCCESS"));
        if (resultJson is not null)
        {
            using var json = JsonDocument.Parse(resultJson);
            response.Add(ResultElement(method, json.RootElement));
        }

        return (Envelope(response), AnswerContentType);
    }

    public override (string Body, string ContentType) RenderError(string method, string code) =>
        (Envelope(new XElement(Api + (method + "Response"), new XElement(Api + "status", "ERROR"), new XElement(Api + "error", code))), AnswerContentType);

    /// <summary>Parses a request envelope and returns the single element of its Body, checking the envelope's shape.</summary>
    public static XElement RequestElement(string? body)
    {
        Assert.False(string.IsNullOrEmpty(body), "a SOAP request has a body");
        var envelope = XDocument.Parse(body).Root!;
        Assert.Equal(Env + "Envelope", envelope.Name);
        var soapBody = Assert.Single(envelope.Elements(Env + "Body"));
        var operation = Assert.Single(soapBody.Elements());
        Assert.Equal(Api, operation.Name.Namespace);
        return operation;
    }

    /// <summary>Wraps a body element in a SOAP 1.1 envelope.</summary>
    public static string Envelope(params object[] bodyContent) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
        + new XElement(Env + "Envelope", new XAttribute(XNamespace.Xmlns + "soap", Env), new XElement(Env + "Body", bodyContent)).ToString(SaveOptions.DisableFormatting);

    /// <summary>The section-4 <c>&lt;result&gt;</c> of <paramref name="method"/> for a result in the JSON shape of section 2.</summary>
    public static XElement ResultElement(string method, JsonElement result) => method switch
    {
        "getgroupcolumns" => new XElement(Api + "result", result.EnumerateArray().Select(c => new XElement(Api + "field", Text(c)))),
        "getcontacts" => new XElement(Api + "result", result.EnumerateArray().Select(ContactElement)),
        "getcontact" => new XElement(Api + "result", ContactElement(result)),
        _ => new XElement(Api + "result", result.EnumerateObject().Select(p => new XElement(Api + p.Name, Text(p.Value)))),
    };

    private static XElement ContactElement(JsonElement contact) =>
        new(
            Api + "contact",
            contact.EnumerateObject().Where(p => p.Name == "idcontact").Select(p => new XElement(Api + "idcontact", Text(p.Value))),
            contact.EnumerateObject().Where(p => p.Name != "idcontact").Select(p => new XElement(Api + "field", new XAttribute("name", p.Name), Text(p.Value))));

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
