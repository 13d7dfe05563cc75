using System.Globalization;
using System.Text.Json;
using System.Xml;

namespace Afilnet.Transports.Benchmarks.Baselines;

/// <summary>One contact as a hand-written client would keep it: the id and the fields, in order.</summary>
public sealed record PlainContact(long Id, List<KeyValuePair<string, string>> Fields);

/// <summary>
/// What a hand-written client minimally does with an answer: check the status and read the result into plain
/// objects (<see cref="JsonDocument"/> for JSON, <see cref="XmlReader"/> for SOAP). The SDK delivers the same
/// information (typed contacts, the new group id), so the comparison is like for like.
/// </summary>
internal static class MinimalParse
{
    private static readonly XmlReaderSettings XmlSettings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        IgnoreComments = true,
    };

    public static List<PlainContact> JsonContacts(JsonDocument document)
    {
        var root = Success(document);
        var result = root.GetProperty("result");
        var contacts = new List<PlainContact>(result.GetArrayLength());
        foreach (var item in result.EnumerateArray())
        {
            long id = 0;
            var fields = new List<KeyValuePair<string, string>>();
            foreach (var property in item.EnumerateObject())
            {
                if (property.NameEquals("idcontact"))
                {
                    id = property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetInt64() : long.Parse(property.Value.GetString()!, CultureInfo.InvariantCulture);
                }
                else
                {
                    fields.Add(new(property.Name, property.Value.GetString()!));
                }
            }

            contacts.Add(new PlainContact(id, fields));
        }

        return contacts;
    }

    public static long JsonGroupId(JsonDocument document) => Success(document).GetProperty("result").GetProperty("idgroup").GetInt64();

    public static string JsonAccessToken(JsonDocument document) => document.RootElement.GetProperty("access_token").GetString()!;

    public static List<PlainContact> SoapContacts(Stream body)
    {
        using var reader = XmlReader.Create(body, XmlSettings);
        return SoapContacts(reader);
    }

    /// <summary>The same parse over a reader the caller has (WCF's body reader in <see cref="RawWcf"/>).</summary>
    public static List<PlainContact> SoapContacts(XmlReader reader)
    {
        ReadToStatus(reader);
        var contacts = new List<PlainContact>();
        while (reader.ReadToFollowing("contact", Baselines.HandWritten.SoapNamespace))
        {
            using var contact = reader.ReadSubtree();
            long id = 0;
            var fields = new List<KeyValuePair<string, string>>();
            contact.Read();
            contact.Read();
            while (!contact.EOF)
            {
                if (contact.NodeType != XmlNodeType.Element)
                {
                    contact.Read();
                }
                else if (contact.LocalName == "idcontact")
                {
                    id = long.Parse(contact.ReadElementContentAsString(), CultureInfo.InvariantCulture);
                }
                else if (contact.LocalName == "field")
                {
                    var name = contact.GetAttribute("name")!;
                    fields.Add(new(name, contact.ReadElementContentAsString()));
                }
                else
                {
                    contact.Skip();
                }
            }

            contacts.Add(new PlainContact(id, fields));
        }

        return contacts;
    }

    public static long SoapGroupId(Stream body)
    {
        using var reader = XmlReader.Create(body, XmlSettings);
        return SoapGroupId(reader);
    }

    public static long SoapGroupId(XmlReader reader)
    {
        ReadToStatus(reader);
        reader.ReadToFollowing("idgroup", Baselines.HandWritten.SoapNamespace);
        return long.Parse(reader.ReadElementContentAsString(), CultureInfo.InvariantCulture);
    }

    private static JsonElement Success(JsonDocument document)
    {
        var root = document.RootElement;
        return root.GetProperty("status").ValueEquals("SUCCESS")
            ? root
            : throw new InvalidOperationException("The API answered " + root.GetProperty("error").GetString());
    }

    private static void ReadToStatus(XmlReader reader)
    {
        if (!reader.ReadToFollowing("status", Baselines.HandWritten.SoapNamespace) || reader.ReadElementContentAsString() != "SUCCESS")
        {
            throw new InvalidOperationException("The SOAP answer is not a success.");
        }
    }
}
