using System.Globalization;
using System.Text;
using System.Xml;
using Afilnet.Testing.Protocol;
using Afilnet.Testing.Decoding;
using Afilnet.Testing.State;

namespace Afilnet.Testing.Rendering;

/// <summary>
/// The Soap answer (protocol.md section 4): <c>&lt;methodResponse&gt;</c> with <c>&lt;status&gt;</c> and
/// <c>&lt;error&gt;</c> or <c>&lt;result&gt;</c>, every element qualified with the API namespace; or a SOAP Fault
/// (HTTP 500) when the envelope could not be processed.
/// </summary>
internal static class SoapRenderer
{
    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    public static Reply Render(string method, Outcome outcome) => new(200, Reply.Xml, Envelope(writer =>
    {
        writer.WriteStartElement(method + "Response", FakeProtocol.SoapNamespace);
        if (outcome.Error is { } error)
        {
            Element(writer, "status", "ERROR");
            Element(writer, "error", error);
        }
        else
        {
            Element(writer, "status", "SUCCESS");
            if (outcome.Result is { } result)
            {
                writer.WriteStartElement("result", FakeProtocol.SoapNamespace);
                WriteResult(writer, result);
                writer.WriteEndElement();
            }
        }

        writer.WriteEndElement();
    }));

    public static Reply Fault(string faultString) => new(500, Reply.Xml, Envelope(writer =>
    {
        writer.WriteStartElement("soap", "Fault", SoapDecoder.EnvelopeNamespace);
        writer.WriteStartElement("faultcode");
        writer.WriteQualifiedName("Client", SoapDecoder.EnvelopeNamespace);
        writer.WriteEndElement();
        writer.WriteElementString("faultstring", faultString);
        writer.WriteEndElement();
    }));

    private static void WriteResult(XmlWriter writer, ResultValue result)
    {
        switch (result)
        {
            case IdResult id:
                Element(writer, id.Name, id.Id.ToString(CultureInfo.InvariantCulture));
                break;
            case AddedResult added:
                Element(writer, "added", added.Added.ToString(CultureInfo.InvariantCulture));
                break;
            case ColumnsResult columns:
                foreach (var column in columns.Columns)
                {
                    Element(writer, "field", column);
                }

                break;
            case ContactListResult list:
                foreach (var contact in list.Contacts)
                {
                    WriteContact(writer, contact);
                }

                break;
            case ContactResult single:
                WriteContact(writer, single.Contact);
                break;
        }
    }

    private static void WriteContact(XmlWriter writer, ContactView contact)
    {
        writer.WriteStartElement("contact", FakeProtocol.SoapNamespace);
        Element(writer, "idcontact", contact.Id.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in contact.Fields)
        {
            writer.WriteStartElement("field", FakeProtocol.SoapNamespace);
            writer.WriteAttributeString("name", name);
            writer.WriteString(value);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void Element(XmlWriter writer, string name, string value) => writer.WriteElementString(name, FakeProtocol.SoapNamespace, value);

    private static byte[] Envelope(Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement("soap", "Envelope", SoapDecoder.EnvelopeNamespace);
            writer.WriteStartElement("soap", "Body", SoapDecoder.EnvelopeNamespace);
            body(writer);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }
}
