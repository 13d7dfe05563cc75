using System.Text.Json;

namespace Afilnet.Testing.Decoding;

/// <summary>
/// The OAuth2Json style: <c>{"class":"group","method":"M",…}</c> to an <see cref="ApiCall"/>. String values are taken
/// as they are, numbers and booleans as their JSON text, and <c>contacts</c> (an array) as its JSON text. A body that
/// is not a JSON object decodes to a call with neither class nor method (answered MISSING_CLASS).
/// </summary>
internal static class JsonDecoder
{
    public static ApiCall Decode(ReadOnlyMemory<byte> body)
    {
        string? apiClass = null;
        string? method = null;
        var parameters = new List<KeyValuePair<string, string>>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var value = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Array or JsonValueKind.Object
                            => property.Value.GetRawText(),
                        _ => null,
                    };
                    if (value is null)
                    {
                        continue;
                    }

                    switch (property.Name)
                    {
                        case "class":
                            apiClass = value;
                            break;
                        case "method":
                            method = value;
                            break;
                        default:
                            parameters.Add(new(property.Name, value));
                            break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            parameters.Clear();
        }

        return new ApiCall(FakeWireStyle.OAuth2Json, "POST", apiClass, method, parameters, null, null, IsBearer: true);
    }
}
