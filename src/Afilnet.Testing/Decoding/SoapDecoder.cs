using System.Xml;
using Afilnet.Testing.Protocol;

namespace Afilnet.Testing.Decoding;

/// <summary>
/// The Soap style: a SOAP 1.1 envelope whose Body holds one element named after the method, with <c>user</c>,
/// <c>password</c> and the parameters as children (protocol.md section 4). Read with an <see cref="XmlReader"/>,
/// DTD processing prohibited and nothing external resolved.
/// </summary>
internal static class SoapDecoder
{
    public const string EnvelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        MaxCharactersInDocument = 16 * 1024 * 1024,
    };

    /// <summary>Decodes the envelope.</summary>
    /// <returns>The call, or the reason it is not a SOAP request this API can process (answered with a SOAP Fault).</returns>
    public static (ApiCall? Call, string? Problem) Decode(ReadOnlyMemory<byte> body, string? soapAction)
    {
        string? method = null;
        string? user = null;
        string? password = null;
        var parameters = new List<KeyValuePair<string, string>>();
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, Settings);
            reader.MoveToContent();
            if (!reader.IsStartElement("Envelope", EnvelopeNamespace))
            {
                return (null, "The request is not a SOAP 1.1 Envelope.");
            }

            reader.ReadStartElement();
            while (reader.IsStartElement() && !reader.IsStartElement("Body", EnvelopeNamespace))
            {
                // A SOAP Header: nothing in it concerns this API.
                reader.Skip();
            }

            if (!reader.IsStartElement("Body", EnvelopeNamespace) || reader.IsEmptyElement)
            {
                return (null, "The SOAP Envelope has no Body content.");
            }

            reader.ReadStartElement();
            if (!reader.IsStartElement() || reader.NamespaceURI != FakeProtocol.SoapNamespace)
            {
                return (null, $"The SOAP Body must hold one element in the namespace {FakeProtocol.SoapNamespace}.");
            }

            method = reader.LocalName;
            if (soapAction is null || soapAction.Trim('"') != FakeProtocol.SoapNamespace + method)
            {
                return (null, $"The SOAPAction header must be \"{FakeProtocol.SoapNamespace}{method}\".");
            }

            if (!reader.IsEmptyElement)
            {
                reader.ReadStartElement();
                while (reader.IsStartElement())
                {
                    var name = reader.LocalName;
                    var value = reader.ReadElementContentAsString();
                    switch (name)
                    {
                        case "user":
                            user = value;
                            break;
                        case "password":
                            password = value;
                            break;
                        default:
                            parameters.Add(new(name, value));
                            break;
                    }
                }
            }
        }
        catch (XmlException)
        {
            return (null, "The request is not well-formed XML (a DTD is never processed).");
        }

        return (new ApiCall(FakeWireStyle.Soap, "POST", FakeProtocol.ClassName, method, parameters, user, password), null);
    }
}
