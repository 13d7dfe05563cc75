using System.Net.Http.Headers;
using System.Text;

namespace Afilnet.Testing.Decoding;

/// <summary>Reads <c>Authorization: Basic base64(utf8(user:password))</c>.</summary>
internal static class BasicCredentials
{
    /// <summary>The user and password in the header; either is null when absent or unreadable.</summary>
    public static (string? User, string? Password) Read(string? authorization)
    {
        if (authorization is null || !AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return (null, null);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            return (null, null);
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (text, null) : (text[..colon], text[(colon + 1)..]);
    }
}
