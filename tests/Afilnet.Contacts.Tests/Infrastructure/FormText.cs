namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>Decodes <c>a=b&amp;c=d</c> text independently of the SDK's encoder, keeping order and duplicates.</summary>
public static class FormText
{
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.TrimStart('?').Split('&'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];

            // Form decoding: '+' is a space, then percent-decoding of UTF-8.
            pairs.Add(new(Uri.UnescapeDataString(name.Replace('+', ' ')), Uri.UnescapeDataString(value.Replace('+', ' '))));
        }

        return pairs;
    }

    /// <summary>Splits the leading class/method/user/password fields from the method's parameters.</summary>
    public static DecodedCall ToCall(IReadOnlyList<KeyValuePair<string, string>> fields, bool withCredentials)
    {
        Assert.True(fields.Count >= 2, "class and method must be sent");
        Assert.Equal("class", fields[0].Key);
        Assert.Equal("method", fields[1].Key);
        var skip = 2;
        if (withCredentials)
        {
            Assert.Equal(new KeyValuePair<string, string>("user", TestCredentials.User), fields[2]);
            Assert.Equal(new KeyValuePair<string, string>("password", TestCredentials.Password), fields[3]);
            skip = 4;
        }
        else
        {
            Assert.DoesNotContain(fields, f => f.Key is "user" or "password");
        }

        return new DecodedCall(fields[0].Value, fields[1].Value, [.. fields.Skip(skip)]);
    }
}
