namespace Afilnet.Testing.Decoding;

/// <summary>
/// The HttpGet, HttpPost and BasicAuth styles: <c>a=b&amp;c=d</c> text (a query or a form body) to an <see cref="ApiCall"/>.
/// Decoding is form decoding: <c>+</c> is a space, then percent-decoding of UTF-8; order is kept.
/// </summary>
internal static class FormDecoder
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal) { "class", "method", "user", "password" };

    /// <summary>HttpGet and HttpPost: the credentials travel as <c>user</c> and <c>password</c> fields.</summary>
    public static ApiCall WithFieldCredentials(FakeWireStyle style, string verb, string? text)
    {
        var fields = Parse(text);
        return new ApiCall(style, verb, First(fields, "class"), First(fields, "method"), Parameters(fields), First(fields, "user"), First(fields, "password"));
    }

    /// <summary>BasicAuth: the credentials come from the header only; <c>user</c> or <c>password</c> fields are ignored.</summary>
    public static ApiCall WithHeaderCredentials(string verb, string? text, string? user, string? password)
    {
        var fields = Parse(text);
        return new ApiCall(FakeWireStyle.BasicAuth, verb, First(fields, "class"), First(fields, "method"), Parameters(fields), user, password);
    }

    public static List<KeyValuePair<string, string>> Parse(string? text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(text))
        {
            return pairs;
        }

        foreach (var part in text.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add(new(Decode(name), Decode(value)));
        }

        return pairs;
    }

    public static string? First(List<KeyValuePair<string, string>> fields, string name)
    {
        foreach (var field in fields)
        {
            if (string.Equals(field.Key, name, StringComparison.Ordinal))
            {
                return field.Value;
            }
        }

        return null;
    }

    private static List<KeyValuePair<string, string>> Parameters(List<KeyValuePair<string, string>> fields) =>
        [.. fields.Where(f => !Reserved.Contains(f.Key))];

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
