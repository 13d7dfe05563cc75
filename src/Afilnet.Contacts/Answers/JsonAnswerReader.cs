using System.Text.Json;
using Afilnet.Contacts.Transport;

namespace Afilnet.Contacts;

/// <summary>
/// Reads the JSON answer shared by the HttpGet, HttpPost, BasicAuth and OAuth2Json transports into an
/// <see cref="ApiAnswer"/>. Tolerant as protocol.md asks: status in any case, numbers as strings,
/// unknown properties ignored, absent or null result.
/// </summary>
internal static class JsonAnswerReader
{
    /// <summary>System.Text.Json's own default; deeper input is refused instead of risking the stack.</summary>
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    public static ApiAnswer Read(ReadOnlyMemory<byte> body, string method, SecretScrubber scrubber)
    {
        if (body.IsEmpty)
        {
            throw new AfilnetProtocolException($"Afilnet '{method}' answered with an empty body.", method);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // Not kept as the inner exception: its message quotes the body (an echoed password with it), which the
            // scrubbed excerpt covers and the raw message would not. The position is enough to find the fault.
            throw Unreadable(method, $"is not valid JSON (at line {ex.LineNumber}, byte {ex.BytePositionInLine})", body, scrubber);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Unreadable(method, "is not a JSON object", body, scrubber);
            }

            string? status = null;
            string? error = null;
            ApiValue? result = null;
            var names = new NameCache();
            foreach (var property in root.EnumerateObject())
            {
                switch (Classify(property))
                {
                    case TopLevel.Status:
                        // The usual spelling needs no new string.
                        status = property.Value.ValueKind == JsonValueKind.String && property.Value.ValueEquals("SUCCESS"u8)
                            ? "SUCCESS"
                            : ScalarText(property.Value);
                        break;
                    case TopLevel.Error:
                        error = ScalarText(property.Value);
                        break;
                    case TopLevel.Result:
                        result = ToValue(property.Value, ref names);
                        break;
                }
            }

            if (string.Equals(status, "SUCCESS", StringComparison.OrdinalIgnoreCase))
            {
                return ApiAnswer.Success(result);
            }

            if (string.Equals(status, "ERROR", StringComparison.OrdinalIgnoreCase))
            {
                return string.IsNullOrEmpty(error)
                    ? throw Unreadable(method, "has status ERROR but no error code", body, scrubber)
                    : ApiAnswer.Error(new ApiErrorCode(error));
            }

            throw Unreadable(method, status is null ? "has no status" : "has an unknown status", body, scrubber);
        }
    }

    private static AfilnetProtocolException Unreadable(
        string method, string problem, ReadOnlyMemory<byte> body, SecretScrubber scrubber, Exception? inner = null)
    {
        var excerpt = scrubber.Excerpt(body.Span);
        return new AfilnetProtocolException(
            $"Afilnet '{method}' answered with a body that {problem}: {excerpt}", method, excerpt, inner);
    }

    private enum TopLevel
    {
        Other,
        Status,
        Error,
        Result,
    }

    /// <summary>Which top-level property this is, in any case; the exact spellings are matched without allocating the name.</summary>
    private static TopLevel Classify(JsonProperty property)
    {
        if (property.NameEquals("status"u8))
        {
            return TopLevel.Status;
        }

        if (property.NameEquals("result"u8))
        {
            return TopLevel.Result;
        }

        if (property.NameEquals("error"u8))
        {
            return TopLevel.Error;
        }

        var name = property.Name;
        return name.Equals("status", StringComparison.OrdinalIgnoreCase) ? TopLevel.Status
            : name.Equals("error", StringComparison.OrdinalIgnoreCase) ? TopLevel.Error
            : name.Equals("result", StringComparison.OrdinalIgnoreCase) ? TopLevel.Result
            : TopLevel.Other;
    }

    private static string? ScalarText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };

    private static ApiValue? ToValue(JsonElement element, ref NameCache names)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Array:
                var items = new List<ApiValue>(element.GetArrayLength());

                // Records of a list share their names; a lone record has nothing to share them with.
                names.Enabled |= items.Capacity > 1;
                foreach (var item in element.EnumerateArray())
                {
                    if (ToValue(item, ref names) is { } value)
                    {
                        items.Add(value);
                    }
                }

                return ApiValue.List(items);
            case JsonValueKind.Object:
                var properties = new List<KeyValuePair<string, ApiValue>>(element.GetPropertyCount());
                var index = 0;
                foreach (var property in element.EnumerateObject())
                {
                    if (ToValue(property.Value, ref names) is { } value)
                    {
                        properties.Add(new(names.Get(property, index), value));
                    }

                    index++;
                }

                return ApiValue.Record(properties);
            case JsonValueKind.Number:
                // Keep the digits as sent; "1000" and 1000 then read alike.
                return ApiValue.Scalar(element.GetRawText());
            case JsonValueKind.True or JsonValueKind.False:
                return ApiValue.Scalar(element.GetBoolean() ? "true" : "false");
            default:
                return ApiValue.Scalar(element.GetString() ?? string.Empty);
        }
    }

    /// <summary>
    /// Property names seen in this answer, by position: a list of contacts repeats the same few names
    /// (<c>idcontact</c>, <c>mobile</c>, …) in every record, and each is then allocated once per answer, not once
    /// per record. Same strings either way; only the copies go.
    /// </summary>
    private struct NameCache
    {
        private const int Capacity = 16;
        private string?[]? _names;

        /// <summary>Set once a list of more than one item is read; until then names are not kept.</summary>
        public bool Enabled { get; set; }

        public string Get(JsonProperty property, int index)
        {
            if (!Enabled || index >= Capacity)
            {
                return property.Name;
            }

            _names ??= new string?[Capacity];
            if (_names[index] is { } known && property.NameEquals(known))
            {
                return known;
            }

            return _names[index] = property.Name;
        }
    }
}
