using System.Text;

namespace Afilnet.Contacts.Transport.Http;

/// <summary>
/// The one encoder for every <c>name=value&amp;…</c> the SDK writes, in a query string or a form body:
/// RFC 3986 percent-encoding of UTF-8 (space as <c>%20</c>, everything but unreserved characters escaped).
/// </summary>
internal static class FormEncoder
{
    /// <summary>
    /// Writes <c>class</c>, <c>method</c>, optionally <c>user</c> and <c>password</c>, then the request's parameters,
    /// in documented order.
    /// </summary>
    public static string Encode(ApiRequest request, AfilnetCredentials? credentials, string? prefix = null)
    {
        var text = new StringBuilder(prefix, 128 + (prefix?.Length ?? 0));
        Append(text, "class", ApiOperation.ClassName);
        Append(text, "method", request.Operation.Name);
        if (credentials is not null)
        {
            Append(text, "user", credentials.User);
            Append(text, "password", credentials.Password);
        }

        foreach (var parameter in request.Parameters)
        {
            Append(text, parameter.Name, parameter.Value);
        }

        return text.ToString();
    }

    /// <summary>The same fields as an <c>application/x-www-form-urlencoded; charset=utf-8</c> body.</summary>
    public static HttpContent CreateContent(ApiRequest request, AfilnetCredentials? credentials) =>
        new StringContent(Encode(request, credentials), Encoding.UTF8, "application/x-www-form-urlencoded");

    private static void Append(StringBuilder text, string name, string value)
    {
        if (text.Length > 0 && text[^1] != '?')
        {
            text.Append('&');
        }

        text.Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
    }
}
