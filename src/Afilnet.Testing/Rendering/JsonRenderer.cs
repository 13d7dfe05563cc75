using System.Buffers;
using System.Text.Json;
using Afilnet.Testing.State;

namespace Afilnet.Testing.Rendering;

/// <summary>
/// The answer of HttpGet, HttpPost, BasicAuth and OAuth2Json (protocol.md section 2):
/// <c>{"status":"SUCCESS","result":…}</c> or <c>{"status":"ERROR","error":"CODE"}</c>.
/// </summary>
internal static class JsonRenderer
{
    public static Reply Render(Outcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (outcome.Error is { } error)
            {
                writer.WriteString("status", "ERROR");
                writer.WriteString("error", error);
            }
            else
            {
                writer.WriteString("status", "SUCCESS");
                if (outcome.Result is { } result)
                {
                    writer.WritePropertyName("result");
                    WriteResult(writer, result);
                }
            }

            writer.WriteEndObject();
        }

        return new Reply(200, Reply.Json, buffer.WrittenSpan.ToArray());
    }

    private static void WriteResult(Utf8JsonWriter writer, ResultValue result)
    {
        switch (result)
        {
            case IdResult id:
                writer.WriteStartObject();
                writer.WriteNumber(id.Name, id.Id);
                writer.WriteEndObject();
                break;
            case AddedResult added:
                writer.WriteStartObject();
                writer.WriteNumber("added", added.Added);
                writer.WriteEndObject();
                break;
            case ColumnsResult columns:
                writer.WriteStartArray();
                foreach (var column in columns.Columns)
                {
                    writer.WriteStringValue(column);
                }

                writer.WriteEndArray();
                break;
            case ContactListResult list:
                writer.WriteStartArray();
                foreach (var contact in list.Contacts)
                {
                    WriteContact(writer, contact);
                }

                writer.WriteEndArray();
                break;
            case ContactResult single:
                WriteContact(writer, single.Contact);
                break;
        }
    }

    private static void WriteContact(Utf8JsonWriter writer, ContactView contact)
    {
        writer.WriteStartObject();
        writer.WriteNumber("idcontact", contact.Id);
        foreach (var (name, value) in contact.Fields)
        {
            writer.WriteString(name, value);
        }

        writer.WriteEndObject();
    }
}
