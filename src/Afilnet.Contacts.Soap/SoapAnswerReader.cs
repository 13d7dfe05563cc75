using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Xml;
using Afilnet.Contacts.Answers;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// <see cref="IAnswerReader"/> over the SOAP body, as WCF's <see cref="XmlDictionaryReader"/> gives it: the response
/// element is the envelope record, its children and theirs are members and items (protocol.md section 4). Elements are
/// matched exactly in the API namespace; elements of other namespaces and stray text are skipped.
/// </summary>
/// <remarks>
/// The XML comes from WCF's text encoder, whose reader refuses a DTD outright and resolves nothing external, and
/// whose quotas bound depth and size. Names are compared in place (<see cref="XmlDictionaryReader.IsLocalName(string)"/>,
/// <see cref="XmlDictionaryReader.IsNamespaceUri(string)"/>): reading <see cref="XmlReader.LocalName"/> builds a string and
/// fills a name table per reply, which only an unexpected member name still pays.
/// </remarks>
internal struct SoapAnswerReader(XmlDictionaryReader xml, AnswerContext context) : IAnswerReader
{
    // Every member name the envelope and the decoders look for: handed on as these very strings, not read off the XML.
    private static readonly string[] KnownMemberNames = ["status", "result", "error", "idgroup", "idcontact", "added"];

    // The protocol's lists hold records, never lists: the item name of the list entered last is all there is to keep.
    // Field names longer than this are read as strings each time; the protocol's are short.
    private const int MaxSharedFieldNameLength = 64;

    // The <field name="…"> names seen in this reply: every contact of a list repeats them, so each is one string.
    private const int MaxSharedFieldNames = 32;

    private string? _item;
    private bool _enteredEmpty;
    private string[]? _fieldNames;
    private int _fieldNameCount;

    // Inside a <contact>, protocol.md section 4 allows <idcontact> and <field name="…"> only: anything else is skipped,
    // as JSON's unknown members are nowhere (every JSON member of a contact but idcontact is a field).
    private bool _inContact;

    public readonly bool IsNull => false;

    /// <summary>Positions the reader on the response element <paramref name="expected"/> (<c>&lt;method&gt;Response</c>), or says what is there instead.</summary>
    public readonly void MoveToResponse(string expected)
    {
        xml.MoveToContent();
        if (!xml.IsStartElement(expected, SoapTransport.Namespace))
        {
            throw context.Unreadable(
                $"holds <{context.Gate.Text(xml.LocalName, 64)}> in namespace '{context.Gate.Text(xml.NamespaceURI, 100)}' instead of <{expected}> in '{SoapTransport.Namespace}'");
        }
    }

    public bool TryEnterRecord()
    {
        var contact = xml.NodeType == XmlNodeType.Element && xml.IsLocalName("contact");
        if (!Enter())
        {
            return false;
        }

        _inContact = contact;
        return true;
    }

    public bool TryEnterList(string itemName)
    {
        _item = itemName;
        return Enter();
    }

    public bool NextMember([NotNullWhen(true)] out string? name)
    {
        name = null;
        while (NextElement())
        {
            var field = xml.IsLocalName("field");
            if (_inContact && !field && !xml.IsLocalName("idcontact"))
            {
                xml.Skip();
                continue;
            }

            if (!field)
            {
                name = LocalName();
                return true;
            }

            // A contact's <field name="mobile">: the member is named by the attribute.
            name = FieldName();
            return name is { Length: > 0 } ? true : throw context.Unreadable("has a contact <field> without a name attribute");
        }

        _inContact = false;
        return false;
    }

    public bool NextItem()
    {
        while (NextElement())
        {
            if (_item is not null && xml.IsLocalName(_item))
            {
                return true;
            }

            xml.Skip();
        }

        return false;
    }

    public readonly string ReadText()
    {
        if (xml.IsEmptyElement)
        {
            xml.Read();
            return string.Empty;
        }

        // Throws XmlException on child elements: a record where text belongs is an unreadable answer.
        return context.Checked(xml.ReadElementContentAsString());
    }

    public readonly bool TryReadInteger(out long value)
    {
        var text = ReadText();
        value = 0;
        return text.Length > 0 && text.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0 && long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value);
    }

    public readonly void Skip() => xml.Skip();

    private bool Enter()
    {
        if (xml.NodeType != XmlNodeType.Element)
        {
            return false;
        }

        _enteredEmpty = xml.IsEmptyElement;
        if (_enteredEmpty)
        {
            xml.Read();
        }
        else
        {
            xml.ReadStartElement();
        }

        return true;
    }

    /// <summary>The element's local name: one of <see cref="KnownMemberNames"/> when it is one, else read off the XML.</summary>
    private readonly string LocalName()
    {
        foreach (var known in KnownMemberNames)
        {
            if (xml.IsLocalName(known))
            {
                return known;
            }
        }

        return xml.LocalName;
    }

    /// <summary>
    /// The <c>name</c> attribute of the current <c>&lt;field&gt;</c>, checked; the same string for the same name
    /// throughout the reply. <see langword="null"/> when the element has none.
    /// </summary>
    private string? FieldName()
    {
        if (!xml.MoveToAttribute("name"))
        {
            return null;
        }

        var buffer = ArrayPool<char>.Shared.Rent(MaxSharedFieldNameLength + 1);
        try
        {
            // Decoded into the buffer, not into a new string: a name seen before is handed on as the string made then.
            var length = 0;
            int read;
            while (length < buffer.Length && (read = xml.ReadValueChunk(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            if (length > MaxSharedFieldNameLength)
            {
                xml.MoveToElement();
                return xml.GetAttribute("name") is { } longName ? context.Checked(longName) : null;
            }

            var value = buffer.AsSpan(0, length);
            var names = _fieldNames ??= new string[4];
            foreach (var known in names.AsSpan(0, _fieldNameCount))
            {
                if (value.SequenceEqual(known))
                {
                    return known;
                }
            }

            var name = context.Checked(value.ToString());
            if (_fieldNameCount == names.Length && names.Length < MaxSharedFieldNames)
            {
                Array.Resize(ref _fieldNames, names.Length * 2);
                names = _fieldNames;
            }

            if (_fieldNameCount < names.Length)
            {
                names[_fieldNameCount++] = name;
            }

            return name;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
            xml.MoveToElement();
        }
    }

    /// <summary>Moves to the next child element in the API namespace; at the container's end, consumes it and says no.</summary>
    private bool NextElement()
    {
        if (_enteredEmpty)
        {
            _enteredEmpty = false;
            return false;
        }

        while (true)
        {
            switch (xml.MoveToContent())
            {
                case XmlNodeType.Element when xml.IsNamespaceUri(SoapTransport.Namespace):
                    return true;
                case XmlNodeType.Element:
                    xml.Skip();
                    break;
                case XmlNodeType.EndElement:
                    xml.ReadEndElement();
                    return false;
                case XmlNodeType.None:
                    return false;
                default:
                    // Text between elements: not part of the protocol, ignored.
                    xml.Read();
                    break;
            }
        }
    }
}
