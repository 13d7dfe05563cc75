using System.Globalization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Xml;

namespace Afilnet.Contacts.Transport.Soap;

/// <summary>
/// The SOAP counterpart of <see cref="JsonAnswerReader"/>: reads a reply envelope into an <see cref="ApiAnswer"/>,
/// converting <c>&lt;result&gt;</c> into the JSON shape of protocol.md section 2 (driven by
/// <see cref="ApiOperation.ResultShape"/>), so <see cref="AnswerMapper"/> maps every transport alike.
/// </summary>
/// <remarks>
/// The XML comes from WCF's text encoder, whose reader refuses a DTD outright and resolves nothing external,
/// and whose quotas bound depth and size. Element names are matched exactly in the API namespace; the status value
/// is matched in any case, and unknown elements are skipped.
/// </remarks>
internal static class SoapAnswerReader
{
    /// <summary>Fault details beyond this are not read; a faultstring is short.</summary>
    private const int MaxFaultBytes = 64 * 1024;

    private const int MaxFaultStringChars = 300;

    /// <summary>Reads <paramref name="reply"/>.</summary>
    /// <param name="reply">The reply WCF decoded.</param>
    /// <param name="operation">The operation called.</param>
    /// <param name="scrubber">Removes known secrets from anything the server sent back.</param>
    /// <param name="excerpt">A scrubbed excerpt of the raw reply, for error messages.</param>
    /// <exception cref="AfilnetProtocolException">A Fault, or a reply that is not the documented response.</exception>
    public static ApiAnswer Read(Message reply, ApiOperation operation, SecretScrubber scrubber, Func<string?> excerpt)
    {
        var method = operation.Name;
        if (reply.IsFault)
        {
            throw FromFault(reply, method, scrubber, excerpt);
        }

        if (reply.IsEmpty)
        {
            throw Unreadable(method, "has an empty SOAP Body", excerpt);
        }

        try
        {
            using var reader = reply.GetReaderAtBodyContents();
            return ReadResponse(reader, operation, excerpt);
        }
        catch (XmlException ex)
        {
            // Not kept as the inner exception: XML messages may quote the body, which excerpt() scrubs and this would not.
            throw Unreadable(method, NotWellFormed(ex), excerpt);
        }
        catch (CommunicationException)
        {
            throw Unreadable(method, "could not be read as a SOAP message", excerpt);
        }
    }

    /// <summary>Builds the protocol error for a Fault: code and string, the string scrubbed and shortened.</summary>
    public static AfilnetProtocolException FaultError(string method, string? code, string? text, SecretScrubber scrubber, Exception? inner = null)
    {
        var faultString = text is null ? null : Shorten(scrubber.Scrub(text).ReplaceLineEndings(" "), MaxFaultStringChars);
        return new AfilnetProtocolException(
            $"Soap '{method}': the server answered with a SOAP Fault (faultcode {code ?? "none"}): {faultString ?? "no faultstring"}",
            method,
            responseExcerpt: null,
            innerException: inner,
            faultCode: code,
            faultString: faultString);
    }

    /// <summary>Describes an XML error by position only (when the reader knows it), never by its message, which may quote the body.</summary>
    public static string NotWellFormed(XmlException ex) => ex.LineNumber > 0
        ? $"is not a well-formed SOAP envelope (XML error at line {ex.LineNumber}, position {ex.LinePosition})"
        : "is not a well-formed SOAP envelope";

    public static AfilnetProtocolException Unreadable(string method, string problem, Func<string?> excerpt, Exception? inner = null)
    {
        var text = excerpt();
        return new AfilnetProtocolException(
            $"Soap '{method}': the answer {problem}{(text is null ? "." : ": " + text)}", method, text, inner);
    }

    private static AfilnetProtocolException FromFault(Message reply, string method, SecretScrubber scrubber, Func<string?> excerpt)
    {
        MessageFault fault;
        try
        {
            fault = MessageFault.CreateFault(reply, MaxFaultBytes);
        }
        catch (Exception ex) when (ex is XmlException or CommunicationException)
        {
            throw Unreadable(method, "is a SOAP Fault that cannot be read", excerpt);
        }

        var text = fault.Reason?.GetMatchingTranslation(CultureInfo.InvariantCulture)?.Text;
        return FaultError(method, fault.Code?.Name, text, scrubber);
    }

    private static ApiAnswer ReadResponse(XmlDictionaryReader reader, ApiOperation operation, Func<string?> excerpt)
    {
        var method = operation.Name;
        var expected = method + "Response";
        reader.MoveToContent();
        if (!reader.IsStartElement(expected, SoapTransport.Namespace))
        {
            throw Unreadable(
                method,
                $"holds <{reader.LocalName}> in namespace '{reader.NamespaceURI}' instead of <{expected}> in '{SoapTransport.Namespace}'",
                excerpt);
        }

        string? status = null;
        string? error = null;
        ApiValue? result = null;
        if (!reader.IsEmptyElement)
        {
            reader.ReadStartElement();
            while (reader.MoveToContent() == XmlNodeType.Element)
            {
                if (reader.NamespaceURI != SoapTransport.Namespace)
                {
                    reader.Skip();
                    continue;
                }

                switch (reader.LocalName)
                {
                    case "status":
                        status = reader.ReadElementContentAsString();
                        break;
                    case "error":
                        error = reader.ReadElementContentAsString();
                        break;
                    case "result":
                        result = ReadResult(reader, operation, excerpt);
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
        }

        status = status?.Trim();
        if (string.Equals(status, "SUCCESS", StringComparison.OrdinalIgnoreCase))
        {
            return ApiAnswer.Success(result);
        }

        if (string.Equals(status, "ERROR", StringComparison.OrdinalIgnoreCase))
        {
            error = error?.Trim();
            return string.IsNullOrEmpty(error)
                ? throw Unreadable(method, "has status ERROR but no error code", excerpt)
                : ApiAnswer.Error(new ApiErrorCode(error));
        }

        throw Unreadable(method, status is null ? "has no <status>" : "has an unknown <status>", excerpt);
    }

    /// <summary>Reads <c>&lt;result&gt;</c> (the reader is on it) into the section-2 JSON shape of the operation.</summary>
    private static ApiValue? ReadResult(XmlDictionaryReader reader, ApiOperation operation, Func<string?> excerpt)
    {
        switch (operation.ResultShape)
        {
            case ApiResultShape.Columns:
                // ["mobile","name"]: one scalar per <field>.
                return ApiValue.List(ReadChildren(reader, "field", r => ApiValue.Scalar(r.ReadElementContentAsString())));
            case ApiResultShape.ContactList:
                return ApiValue.List(ReadChildren(reader, "contact", r => ReadContact(r, operation, excerpt)));
            case ApiResultShape.Contact:
                var contacts = ReadChildren(reader, "contact", r => ReadContact(r, operation, excerpt));
                return contacts.Count switch
                {
                    0 => null,
                    1 => contacts[0],

                    // More than one: hand the list on, and the mapper reports what it got.
                    _ => ApiValue.List(contacts),
                };
            case ApiResultShape.GroupId or ApiResultShape.ContactId or ApiResultShape.Added:
                // {"idgroup": 1000}: every simple child becomes a property of that name.
                var properties = new List<KeyValuePair<string, ApiValue>>();
                ReadChildren(reader, null, r =>
                {
                    properties.Add(new(r.LocalName, ApiValue.Scalar(r.ReadElementContentAsString())));
                    return null;
                });
                return ApiValue.Record(properties);
            default:
                // The method has no result: whatever the server put there is ignored.
                reader.Skip();
                return null;
        }
    }

    /// <summary>
    /// Reads the contact the reader is on: <c>&lt;idcontact&gt;</c> and <c>&lt;field name="x"&gt;v&lt;/field&gt;</c>
    /// into <c>{"idcontact": ..., "x": "v"}</c>.
    /// </summary>
    private static ApiValue ReadContact(XmlDictionaryReader reader, ApiOperation operation, Func<string?> excerpt)
    {
        var properties = new List<KeyValuePair<string, ApiValue>>();
        ReadChildren(reader, null, r =>
        {
            switch (r.LocalName)
            {
                case "idcontact":
                    properties.Add(new("idcontact", ApiValue.Scalar(r.ReadElementContentAsString())));
                    break;
                case "field":
                    var name = r.GetAttribute("name");
                    if (string.IsNullOrEmpty(name))
                    {
                        throw Unreadable(operation.Name, "has a contact <field> without a name attribute", excerpt);
                    }

                    properties.Add(new(name, ApiValue.Scalar(r.ReadElementContentAsString())));
                    break;
                default:
                    r.Skip();
                    break;
            }

            return null;
        });
        return ApiValue.Record(properties);
    }

    /// <summary>
    /// Calls <paramref name="read"/> for each child element of the element the reader is on that is in the API namespace
    /// (and named <paramref name="name"/>, when given); skips the others. <paramref name="read"/> must consume its element.
    /// </summary>
    private static List<ApiValue> ReadChildren(XmlDictionaryReader reader, string? name, Func<XmlDictionaryReader, ApiValue?> read)
    {
        var values = new List<ApiValue>();
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return values;
        }

        reader.ReadStartElement();
        while (reader.MoveToContent() == XmlNodeType.Element)
        {
            if (reader.NamespaceURI == SoapTransport.Namespace && (name is null || reader.LocalName == name))
            {
                if (read(reader) is { } value)
                {
                    values.Add(value);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        reader.ReadEndElement();
        return values;
    }

    private static string Shorten(string text, int maxChars) =>
        text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars), "…");
}
