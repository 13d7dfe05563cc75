using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;

namespace Afilnet.Contacts.Secrets;

/// <summary>
/// The readings of a text under every reversible encoding a server or a proxy may have applied to what it echoes, and
/// these nested in one another: percent-encoding (either hex case), <c>+</c> for space, JSON and JavaScript escapes
/// (<c>\u00fc</c>, <c>\/</c>, <c>\x41</c>), XML and HTML character references and entities, base64 and base64url.
/// <see cref="ServerTextGate"/> looks for secrets in each reading, so a secret is recognised however it was encoded.
/// </summary>
/// <remarks>
/// Percent and entity decoding are the framework's (<see cref="Uri.UnescapeDataString(string)"/>, <see cref="WebUtility"/>).
/// The JSON and base64 readings are written here because the framework's decoders refuse a whole text for one bad
/// sequence, where this needs every well-formed sequence decoded and the rest left as it is.
/// </remarks>
internal static class ReversibleEncodings
{
    /// <summary>How many encodings deep a secret is looked for: a base64 of a percent-encoded JSON escape is found.</summary>
    public const int MaxDepth = 4;

    // A bound on the work for a hostile text: readings beyond these are not made (the gate then withholds the text).
    private const int MaxReadings = 256;
    private const int MaxReadingChars = 1 << 20;

    // Six characters of base64 hold four bytes: the shortest secret the gate knows.
    private const int MinBase64Run = 6;

    /// <summary>
    /// The text and its readings, each distinct; <see langword="false"/> when the limits stopped the search before every
    /// reading was made (the caller must then treat the text as unsafe).
    /// </summary>
    public static bool TryReadings(string text, out IReadOnlyCollection<string> readings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { text };
        var frontier = new List<string> { text };
        var chars = text.Length;
        for (var depth = 0; depth < MaxDepth && frontier.Count > 0; depth++)
        {
            var next = new List<string>();
            foreach (var reading in frontier)
            {
                foreach (var decoded in Decodings(reading))
                {
                    if (!seen.Add(decoded))
                    {
                        continue;
                    }

                    chars += decoded.Length;
                    if (seen.Count > MaxReadings || chars > MaxReadingChars)
                    {
                        readings = seen;
                        return false;
                    }

                    next.Add(decoded);
                }
            }

            frontier = next;
        }

        readings = seen;
        return true;
    }

    private static IEnumerable<string> Decodings(string text)
    {
        if (text.Contains('%', StringComparison.Ordinal))
        {
            yield return Uri.UnescapeDataString(text);
        }

        if (text.Contains('+', StringComparison.Ordinal))
        {
            // Form encoding: '+' is a space (a literal '+' would have been %2B).
            yield return WebUtility.UrlDecode(text);
        }

        if (text.Contains('\\', StringComparison.Ordinal))
        {
            yield return UnescapeJson(text);
        }

        if (text.Contains('&', StringComparison.Ordinal))
        {
            // XML's five entities and numeric references (&#233; &#xE9;), and HTML's named entities.
            yield return WebUtility.HtmlDecode(text);
        }

        if (DecodeBase64Runs(text) is { } base64)
        {
            yield return base64;
        }

        // Normalisation refuses invalid UTF-16, which a decoded \ud800 escape is; such a reading is searched as it is.
        if (Requests.ApiRequest.LoneSurrogateAt(text) is null && !text.IsNormalized(NormalizationForm.FormC))
        {
            yield return text.Normalize(NormalizationForm.FormC);
        }
    }

    /// <summary>JSON's escapes (<c>\uXXXX</c>, <c>\/</c>, <c>\n</c>, …) and JavaScript's <c>\xXX</c>; anything else is left as it is.</summary>
    private static string UnescapeJson(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                builder.Append(c);
                continue;
            }

            var next = text[i + 1];
            if (next == 'u' && Hex(text, i + 2, 4) is { } unit)
            {
                builder.Append((char)unit);
                i += 5;
            }
            else if (next == 'x' && Hex(text, i + 2, 2) is { } code)
            {
                builder.Append((char)code);
                i += 3;
            }
            else if (Simple(next) is { } simple)
            {
                builder.Append(simple);
                i++;
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static char? Simple(char escaped) => escaped switch
    {
        '"' or '\\' or '/' or '\'' => escaped,
        'b' => '\b',
        'f' => '\f',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => null,
    };

    private static int? Hex(string text, int start, int length) =>
        start + length <= text.Length
        && int.TryParse(text.AsSpan(start, length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>
    /// Every run of base64 (or base64url) characters decoded as UTF-8, the runs joined by line breaks; from each of the
    /// four alignments, since a run may begin with characters that are not part of the encoded value.
    /// </summary>
    private static string? DecodeBase64Runs(string text)
    {
        StringBuilder? decoded = null;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsBase64Char(text[i]))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0 && i - start >= MinBase64Run)
            {
                for (var offset = 0; offset < 4 && i - start - offset >= MinBase64Run; offset++)
                {
                    if (Base64Text(text.AsSpan(start + offset, i - start - offset)) is { } value)
                    {
                        (decoded ??= new StringBuilder()).Append(value).Append('\n');
                    }
                }
            }

            start = -1;
        }

        return decoded?.ToString();
    }

    /// <summary>
    /// The stretches of a decoding that could be text: most ordinary words are valid base64 too, and decode to bytes
    /// that are mostly not; keeping only printable stretches as long as a secret keeps the readings few.
    /// </summary>
    private static string? PrintableSegments(string decoded)
    {
        StringBuilder? kept = null;
        var start = 0;
        for (var i = 0; i <= decoded.Length; i++)
        {
            if (i < decoded.Length && decoded[i] != '\uFFFD' && !char.IsControl(decoded[i]))
            {
                continue;
            }

            if (i - start >= ServerTextGate.MinimumSecretLength)
            {
                (kept ??= new StringBuilder()).Append(decoded, start, i - start).Append('\n');
            }

            start = i + 1;
        }

        return kept?.ToString();
    }

    private static bool IsBase64Char(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_';

    private static string? Base64Text(ReadOnlySpan<char> run)
    {
        // Whole quanta only, padded: a trailing partial quantum of one character holds no byte.
        var length = run.Length % 4 == 1 ? run.Length - 1 : run.Length;
        var padded = (length + 3) / 4 * 4;
        var chars = ArrayPool<char>.Shared.Rent(padded);
        var bytes = ArrayPool<byte>.Shared.Rent(padded / 4 * 3);
        try
        {
            for (var i = 0; i < padded; i++)
            {
                chars[i] = i >= length ? '=' : run[i] switch
                {
                    '-' => '+',
                    '_' => '/',
                    var c => c,
                };
            }

            return Convert.TryFromBase64Chars(chars.AsSpan(0, padded), bytes, out var written)
                ? PrintableSegments(Encoding.UTF8.GetString(bytes, 0, written))
                : null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
