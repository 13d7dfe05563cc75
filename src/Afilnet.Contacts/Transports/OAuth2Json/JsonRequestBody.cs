using System.Buffers;
using System.Text.Json;

namespace Afilnet.Contacts.Transport.Http;

/// <summary>
/// Writes the body of <c>POST /api/json/</c>: <c>{"class":"group","method":"M",…parameters}</c>, every parameter a
/// JSON string except <c>contacts</c>, embedded as the JSON array it is. No credentials: the bearer token authenticates.
/// </summary>
internal static class JsonRequestBody
{
    public static byte[] Write(ApiRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("class", ApiOperation.ClassName);
            writer.WriteString("method", request.Operation.Name);
            foreach (var parameter in request.Parameters)
            {
                writer.WritePropertyName(parameter.Name);
                if (parameter.IsJson)
                {
                    // Validated by the writer: malformed text fails here rather than at the server.
                    writer.WriteRawValue(parameter.Value);
                }
                else
                {
                    writer.WriteStringValue(parameter.Value);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
