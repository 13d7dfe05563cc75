using System.Buffers;
using System.Net.Http.Headers;
using System.Text;

using Afilnet.Contacts.Requests;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// The one encoder for every <c>name=value&amp;…</c> the SDK writes, in a query string or a form body:
/// RFC 3986 percent-encoding of UTF-8 (space as <c>%20</c>, everything but unreserved characters escaped).
/// </summary>
/// <remarks>
/// Escapes straight into a pooled character buffer (<see cref="Uri.TryEscapeDataString(ReadOnlySpan{char}, Span{char}, out int)"/>),
/// so a call allocates only its result: the URL string, or the body bytes.
/// </remarks>
internal static class FormEncoder
{
    /// <summary>The most characters one UTF-16 character can escape to: three UTF-8 bytes, each as <c>%XX</c>.</summary>
    private const int MaxEscapedCharsPerChar = 9;

    /// <summary>Shared by every form body: read-only once built, as HttpClient only reads header values.</summary>
    private static readonly MediaTypeHeaderValue FormContentType = new("application/x-www-form-urlencoded") { CharSet = "utf-8" };

    /// <summary>
    /// Writes <c>class</c>, <c>method</c>, optionally <c>user</c> and <c>password</c>, then the request's parameters,
    /// in documented order.
    /// </summary>
    public static string Encode(ApiRequest request, Credentials? credentials, string? prefix = null)
    {
        var buffer = ArrayPool<char>.Shared.Rent(MaxLength(request, credentials, prefix));
        try
        {
            return new string(buffer, 0, Write(buffer, request, credentials, prefix));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The same fields as an <c>application/x-www-form-urlencoded; charset=utf-8</c> body.</summary>
    public static HttpContent CreateContent(ApiRequest request, Credentials? credentials)
    {
        var buffer = ArrayPool<char>.Shared.Rent(MaxLength(request, credentials, prefix: null));
        try
        {
            // Percent-encoded text is ASCII: one byte per character, the same bytes UTF-8 would give.
            var length = Write(buffer, request, credentials, prefix: null);
            var body = new byte[length];
            Encoding.ASCII.GetBytes(buffer.AsSpan(0, length), body);
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = FormContentType;
            return content;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int MaxLength(ApiRequest request, Credentials? credentials, string? prefix)
    {
        // Names and values, each escaped at worst; '=' and '&' per pair.
        long chars = (prefix?.Length ?? 0) + ((long)"class".Length + ApiOperation.ClassName.Length + "method".Length + request.Operation.Name.Length) * MaxEscapedCharsPerChar + 4;
        if (credentials is not null)
        {
            chars += ((long)"user".Length + credentials.User.Length + "password".Length + credentials.Password.Length) * MaxEscapedCharsPerChar + 4;
        }

        // Indexed, not foreach: an interface enumerator would be one more allocation per call.
        var parameters = request.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            chars += ((long)parameters[i].Name.Length + parameters[i].Value.Length) * MaxEscapedCharsPerChar + 2;
        }

        return chars <= Array.MaxLength ? (int)chars : throw new ArgumentException("The request is too large to encode.", nameof(request));
    }

    private static int Write(Span<char> buffer, ApiRequest request, Credentials? credentials, string? prefix)
    {
        var length = 0;
        if (prefix is not null)
        {
            prefix.CopyTo(buffer);
            length = prefix.Length;
        }

        Append(buffer, ref length, "class", ApiOperation.ClassName);
        Append(buffer, ref length, "method", request.Operation.Name);
        if (credentials is not null)
        {
            Append(buffer, ref length, "user", credentials.User);
            Append(buffer, ref length, "password", credentials.Password);
        }

        var parameters = request.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            Append(buffer, ref length, parameters[i].Name, parameters[i].Value);
        }

        return length;
    }

    private static void Append(Span<char> buffer, ref int length, string name, string value)
    {
        if (length > 0 && buffer[length - 1] != '?')
        {
            buffer[length++] = '&';
        }

        length += Escape(name, buffer[length..]);
        buffer[length++] = '=';
        length += Escape(value, buffer[length..]);
    }

    private static int Escape(string text, Span<char> destination) =>
        Uri.TryEscapeDataString(text, destination, out var written)
            ? written
            : throw new InvalidOperationException("The encoding buffer was sized too small."); // cannot happen: sized for the worst case
}
