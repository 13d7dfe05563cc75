using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Afilnet.Contacts.Tests.Security;

/// <summary>
/// The encodings a server or a proxy may apply to a secret it echoes, written here from their specifications and
/// independently of the SDK's gate (which decodes; these encode, each in its own way). The canary tests compose them
/// into chains and look for every link of a chain in what the SDK produced.
/// </summary>
public static class CanaryEncodings
{
    /// <summary>One encoding: a name for the report, and the function.</summary>
    public sealed record Encoding(string Name, Func<string, string> Apply)
    {
        public override string ToString() => Name;
    }

    public static IReadOnlyList<Encoding> All { get; } =
    [
        new("raw", s => s),
        new("percent-upper", s => Percent(s, "X2", everyByte: true)),
        new("percent-lower", s => Percent(s, "x2", everyByte: true)),
        new("percent-reserved-lower", s => Percent(s, "x2", everyByte: false)),
        new("form-plus", s => Percent(s, "X2", everyByte: false).Replace("%20", "+", StringComparison.Ordinal)),
        new("json-u-lower", s => string.Concat(s.Select(c => $"\\u{(int)c:x4}"))),
        new("json-u-upper-non-ascii", s => string.Concat(s.Select(c => c is >= ' ' and < '\u007f' and not ('"' or '\\' or '&' or '+') ? c.ToString() : $"\\u{(int)c:X4}"))),
        new("json-php-slashes", s => JsonSerializer.Serialize(s)[1..^1].Replace("/", "\\/", StringComparison.Ordinal)),
        new("xml-decimal", s => CodePoints(s, cp => $"&#{cp};")),
        new("xml-hex", s => CodePoints(s, cp => $"&#x{cp:X};")),
        new("html-named", WebUtility.HtmlEncode),
        new("base64", s => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s))),
        new("base64url", s => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(s)).TrimEnd('=').Replace('+', '-').Replace('/', '_')),
    ];

    /// <summary>
    /// A server that changes the letter case of what it echoes. Not reversible, so not chained (an upper-cased base64
    /// is beyond any decoder); alone, the secret must still be recognised.
    /// </summary>
    public static Encoding UpperCase { get; } = new("upper-case", s => s.ToUpperInvariant());

    /// <summary>A chain of one to three reversible encodings, applied first to last.</summary>
    public static Gen<Encoding[]> Chain { get; } =
        from length in Gen.Choose(1, 3)
        from chain in Gen.ArrayOf(Gen.Elements(All.ToArray()), length)
        select chain;

    /// <summary>Every form the secret takes along the chain, the secret itself first, and each encoding alone.</summary>
    public static IReadOnlyList<string> FormsAlong(string secret, IEnumerable<Encoding> chain)
    {
        var forms = new List<string> { secret };
        var current = secret;
        foreach (var encoding in chain)
        {
            current = encoding.Apply(current);
            forms.Add(current);
        }

        forms.AddRange(All.Select(e => e.Apply(secret)));
        return forms;
    }

    public static string Apply(string secret, IEnumerable<Encoding> chain) => chain.Aggregate(secret, (text, e) => e.Apply(text));

    public static string Describe(IEnumerable<Encoding> chain) => string.Join(" > ", chain.Select(e => e.Name));

    private static string Percent(string text, string hexFormat, bool everyByte)
    {
        var builder = new StringBuilder();
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            var unreserved = char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';
            builder.Append(!everyByte && unreserved ? ((char)b).ToString() : "%" + b.ToString(hexFormat, CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static string CodePoints(string text, Func<int, string> reference)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i += char.IsSurrogatePair(text, i) ? 2 : 1)
        {
            builder.Append(reference(char.ConvertToUtf32(text, i)));
        }

        return builder.ToString();
    }
}
