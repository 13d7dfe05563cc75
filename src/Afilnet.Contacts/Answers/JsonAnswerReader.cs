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
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("status") || property.Name.Equals("status", StringComparison.OrdinalIgnoreCase))
                {
                    status = ScalarText(property.Value);
                }
                else if (property.Name.Equals("error", StringComparison.OrdinalIgnoreCase))
                {
                    error = ScalarText(property.Value);
                }
                else if (property.Name.Equals("result", StringComparison.OrdinalIgnoreCase))
                {
                    result = ToValue(property.Value);
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

    private static string? ScalarText(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => null,
    };

    private static ApiValue? ToValue(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            case JsonValueKind.Array:
                var items = new List<ApiValue>(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    if (ToValue(item) is { } value)
                    {
                        items.Add(value);
                    }
                }

                return ApiValue.List(items);
            case JsonValueKind.Object:
                var properties = new List<KeyValuePair<string, ApiValue>>();
                foreach (var property in element.EnumerateObject())
                {
                    if (ToValue(property.Value) is { } value)
                    {
                        properties.Add(new(property.Name, value));
                    }
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
}
