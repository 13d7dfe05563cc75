using System.Text.Json;

namespace Afilnet.Testing.State;

/// <summary>The two ways a contact's values arrive: <c>field:value,field:value</c> and a JSON array of objects.</summary>
internal static class ContactText
{
    /// <summary>
    /// Parses <c>mobile:34600000000,name:Ana</c>: pairs split at <c>,</c>, each at its first <c>:</c>. The format has
    /// no escaping; a pair without <c>:</c> is ignored, and a repeated field keeps its last value.
    /// </summary>
    public static List<KeyValuePair<string, string>> ParsePairs(string text)
    {
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var pair in text.Split(','))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                Set(fields, pair[..colon], pair[(colon + 1)..]);
            }
        }

        return fields;
    }

    /// <summary>
    /// Parses <c>[{"mobile":"34600000000","name":"Ana"}]</c>. String values are taken as they are, numbers and booleans
    /// as their JSON text; other values and non-object items are ignored.
    /// </summary>
    /// <returns>The contacts, or <see langword="null"/> when the text is not a JSON array.</returns>
    public static List<List<KeyValuePair<string, string>>>? ParseList(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var contacts = new List<List<KeyValuePair<string, string>>>();
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var fields = new List<KeyValuePair<string, string>>();
                foreach (var property in item.EnumerateObject())
                {
                    var value = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                        _ => null,
                    };
                    if (value is not null)
                    {
                        Set(fields, property.Name, value);
                    }
                }

                contacts.Add(fields);
            }

            return contacts;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Set(List<KeyValuePair<string, string>> fields, string name, string value)
    {
        var index = fields.FindIndex(f => string.Equals(f.Key, name, StringComparison.Ordinal));
        if (index >= 0)
        {
            fields[index] = new(name, value);
        }
        else
        {
            fields.Add(new(name, value));
        }
    }
}
