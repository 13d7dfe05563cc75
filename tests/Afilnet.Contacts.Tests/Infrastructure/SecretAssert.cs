using System.Collections;
using System.Text;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>Searches text for secrets raw, URL-encoded (both space styles) and base64, and for Basic header values.</summary>
public static class SecretAssert
{
    public static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal);
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(secret));
        yield return System.Security.SecurityElement.Escape(secret);
    }

    /// <summary>Everything an exception shows: ToString (inner exceptions included), each Message and Data value.</summary>
    public static IEnumerable<string> Texts(Exception error)
    {
        yield return error.ToString();
        for (var e = error; e is not null; e = e.InnerException)
        {
            yield return e.Message;
            foreach (DictionaryEntry entry in e.Data)
            {
                yield return $"{entry.Key}={entry.Value}";
            }
        }
    }

    public static void Clean(Exception error, params string[] secrets)
    {
        foreach (var text in Texts(error))
        {
            CleanText(text, [TestCredentials.Password, .. secrets]);
        }
    }

    public static void CleanText(string text, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            foreach (var form in Forms(secret))
            {
                Assert.False(text.Contains(form, StringComparison.Ordinal), $"a secret leaked in: {text}");
            }
        }
    }
}
