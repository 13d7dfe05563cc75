using System.Buffers;
using System.Text.Json;

using Afilnet.Contacts.Requests;

namespace Afilnet.Contacts.Transports.OAuth2Json;

/// <summary>
/// Writes the body of <c>POST /api/json/</c>: <c>{"class":"group","method":"M",…parameters}</c>, every parameter a
/// JSON string except <c>contacts</c>, embedded as the JSON array it is. No credentials: the bearer token authenticates.
/// </summary>
internal static class JsonRequestBody
{
    // One writer and buffer per thread, reset for each body: Write is synchronous, so nothing else uses them meanwhile.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static byte[] Write(ApiRequest request)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(256);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("class", ApiOperation.ClassName);
            writer.WriteString("method", request.Operation.Name);
            var parameters = request.Parameters;
            for (var i = 0; i < parameters.Count; i++)
            {
                var parameter = parameters[i];
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
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A large body (addcontactlist) would otherwise keep its buffer alive on this thread.
            if (buffer.Capacity > MaxRetainedBytes)
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    private const int MaxRetainedBytes = 16 * 1024;
}
