using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Afilnet.Contacts.Answers;

/// <summary>
/// <see cref="IAnswerReader"/> over the JSON answer of HttpGet, HttpPost, BasicAuth and OAuth2Json, read once with
/// <see cref="Utf8JsonReader"/> straight into typed results: no document, no intermediate tree. Tolerant as protocol.md
/// asks (numbers as strings, unknown members ignored), strict where it must be (depth, UTF-8, trailing content).
/// </summary>
internal ref struct JsonAnswerReader : IAnswerReader
{
    private const int CachedNames = 16;

    private static readonly (byte[] Utf8, string Text)[] KnownNames =
        [.. new[] { "status", "result", "error", "idgroup", "idcontact", "added" }.Select(name => (Encoding.UTF8.GetBytes(name), name))];

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = AfilnetOptions.MaxJsonDepth };

    private readonly AnswerContext _context;
    private Utf8JsonReader _json;

    // Member names by position in their record: a list of contacts repeats the same few names in every record, and
    // each is then allocated once per answer instead of once per record.
    private string?[]? _names;
    private int _member;

    private JsonAnswerReader(ReadOnlySpan<byte> body, in AnswerContext context, string?[]? names = null)
    {
        _context = context;
        _json = new Utf8JsonReader(body, ReaderOptions);
        _names = names;
    }

    /// <summary>The reader options of every JSON answer, whole or streamed.</summary>
    public static JsonReaderOptions Options => ReaderOptions;

    /// <summary>A new cache of member names, to share across the records of one streamed answer.</summary>
    public static string?[] NewNameCache() => new string?[CachedNames];

    /// <summary>
    /// Decodes one complete contact record of a streamed list, <paramref name="record"/> holding exactly its bytes,
    /// with the decoders' own rule; <paramref name="names"/> carries the field names from one record to the next.
    /// </summary>
    public static Contact DecodeContact(ReadOnlySpan<byte> record, in AnswerContext context, string?[] names, int expectedFields)
    {
        var reader = new JsonAnswerReader(record, context, names);
        reader._json.Read();
        return Decoders.ReadContact(ref reader, context, expectedFields);
    }

    /// <summary>Decodes one complete scalar value of a streamed answer (the envelope's status or error); null for JSON null.</summary>
    public static string? DecodeText(ReadOnlySpan<byte> value, in AnswerContext context)
    {
        var reader = new JsonAnswerReader(value, context);
        reader._json.Read();
        return reader.IsNull ? null : reader.ReadText();
    }

    public readonly bool IsNull => _json.TokenType == JsonTokenType.Null;

    /// <summary>Decodes a whole answer body with <typeparamref name="TDecoder"/>.</summary>
    public static TResult Decode<TDecoder, TResult>(ReadOnlySpan<byte> body, in AnswerContext context)
        where TDecoder : IResultDecoder<TResult>
    {
        if (body.IsEmpty)
        {
            throw context.Unreadable("is empty");
        }

        var reader = new JsonAnswerReader(body, context);
        try
        {
            reader._json.Read();
            var result = AnswerEnvelope.Decode<JsonAnswerReader, TDecoder, TResult>(ref reader, in context);
            if (reader._json.Read())
            {
                throw context.Unreadable("has more after its JSON object");
            }

            return result;
        }
        catch (JsonException ex)
        {
            // Not kept as the inner exception: its message may quote the body (an echoed password with it), which the
            // scrubbed excerpt covers and the raw message would not. The position is enough to find the fault.
            throw context.Unreadable($"is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {ex.BytePositionInLine ?? 0})");
        }
    }

    public bool TryEnterRecord()
    {
        _member = 0;
        return _json.TokenType == JsonTokenType.StartObject;
    }

    public bool NextMember([NotNullWhen(true)] out string? name)
    {
        _json.Read();
        if (_json.TokenType == JsonTokenType.EndObject)
        {
            name = null;
            return false;
        }

        name = Name(_member++);
        _json.Read();
        return true;
    }

    public readonly bool TryEnterList(string itemName) => _json.TokenType == JsonTokenType.StartArray;

    public bool NextItem()
    {
        _json.Read();
        return _json.TokenType != JsonTokenType.EndArray;
    }

    public string ReadText() => _json.TokenType switch
    {
        JsonTokenType.String => String(),

        // Numbers keep their digits as sent: "1000" and 1000 read alike.
        JsonTokenType.Number => Encoding.UTF8.GetString(_json.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => string.Empty,
        _ => throw _context.Unreadable("has a record or list where a text value belongs"),
    };

    public bool TryReadInteger(out long value)
    {
        switch (_json.TokenType)
        {
            case JsonTokenType.Number:
                return _json.TryGetInt64(out value);
            case JsonTokenType.String when !_json.ValueIsEscaped:
                return Digits(_json.ValueSpan, out value);
            case JsonTokenType.String:
                return Digits(Encoding.UTF8.GetBytes(String()), out value);
            default:
                Skip();
                value = 0;
                return false;
        }
    }

    public void Skip()
    {
        if (_json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _json.Skip();
        }
    }

    /// <summary>A digit string: ASCII digits only (no sign, no space), fitting a long.</summary>
    private static bool Digits(ReadOnlySpan<byte> text, out long value)
    {
        value = 0;
        return !text.IsEmpty && text.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
            && Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
    }

    private readonly string String()
    {
        string text;
        try
        {
            text = _json.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's answer to invalid UTF-8 inside a string.
            throw _context.Unreadable("holds text that is not valid UTF-8");
        }

        // Only an escape can make a lone surrogate: UTF-8 that would is refused above.
        return _json.ValueIsEscaped ? _context.Checked(text) : text;
    }

    private string Name(int position)
    {
        // The protocol's own member names, as the documented answers spell them, cost no string at all.
        foreach (var (utf8, text) in KnownNames)
        {
            if (_json.ValueTextEquals(utf8))
            {
                return text;
            }
        }

        if (position < CachedNames && _names?[position] is { } known && _json.ValueTextEquals(known))
        {
            return known;
        }

        var name = String();
        if (position < CachedNames)
        {
            (_names ??= new string?[CachedNames])[position] = name;
        }

        return name;
    }
}
