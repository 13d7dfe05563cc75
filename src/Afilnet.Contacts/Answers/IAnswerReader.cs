using System.Diagnostics.CodeAnalysis;

namespace Afilnet.Contacts.Answers;

/// <summary>
/// The one small reader every answer is decoded through, whatever carried it: the JSON answer of HttpGet, HttpPost,
/// BasicAuth and OAuth2Json (<see cref="JsonAnswerReader"/>, over <c>Utf8JsonReader</c>) and the SOAP body
/// (<c>SoapAnswerReader</c>, over WCF's <c>XmlDictionaryReader</c>). The envelope rule (<see cref="AnswerEnvelope"/>)
/// and the per-operation decoders (<see cref="Decoders"/>) are written once against it.
/// </summary>
/// <remarks>
/// The reader stands on a value. A record's members and a list's items are values; reading one (text, integer, skip,
/// or entering and walking it to its end) leaves the reader ready for the next. In SOAP a record is an element whose
/// children are its members, named by their local name or, for <c>&lt;field name="…"&gt;</c>, by that attribute; a list
/// is an element whose children of the given item name are its items (protocol.md sections 2 and 4).
/// </remarks>
internal interface IAnswerReader
{
    /// <summary>Whether the value is JSON <c>null</c> (SOAP has none).</summary>
    bool IsNull { get; }

    /// <summary>Enters the value as a record; <see langword="false"/> (nothing consumed) when it is not one.</summary>
    bool TryEnterRecord();

    /// <summary>Moves to the next member of the record entered last; <see langword="false"/> at its end, which is consumed.</summary>
    bool NextMember([NotNullWhen(true)] out string? name);

    /// <summary>Enters the value as a list of <paramref name="itemName"/> items (the name matters to SOAP only); <see langword="false"/> when it is not one.</summary>
    bool TryEnterList(string itemName);

    /// <summary>Moves to the next item of the list entered last; <see langword="false"/> at its end, which is consumed.</summary>
    bool NextItem();

    /// <summary>Reads a scalar value as text (a JSON number as its digits); a record or list is an unreadable answer.</summary>
    string ReadText();

    /// <summary>Reads a whole number sent as a JSON number or a string of ASCII digits; <see langword="false"/> for anything else (consumed either way).</summary>
    bool TryReadInteger(out long value);

    /// <summary>Skips the value, whatever it is.</summary>
    void Skip();
}
