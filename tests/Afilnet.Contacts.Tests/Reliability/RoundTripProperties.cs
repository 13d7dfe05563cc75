using System.Text;
using System.Text.Json;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Requests;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using WireMock;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// Properties over arbitrary Unicode: credentials, names, fields and contact values reach a fake server exactly as sent,
/// on every transport (each generated value goes through all six configurations); and the <c>contact</c> format rule
/// rejects exactly the inputs holding <c>,</c> or <c>:</c>.
/// </summary>
public sealed class RoundTripProperties
{
    private static readonly Lazy<FakeApi> SharedFake = new(FakeApi.Start);

    private static readonly string[] Hostile = ["&", "=", "+", "%", "#", "?", "/", ":", ",", " ", "é", "中", "😀", "<", ">", "\"", "'", "\\", "]]>", "\u2028", "\t", "\n", "%20", "&amp;"];

    private static readonly string[] HostileWithoutSeparators = [.. Hostile.Where(h => h is not ("," or ":"))];

    /// <summary>
    /// Any character XML 1.0 can carry (SOAP must carry it too), except CR, which XML parsers normalise: ASCII, the
    /// characters every carrier escapes, the rest of the BMP without surrogates, and astral code points (emoji).
    /// </summary>
    private static Gen<string> Piece(bool withSeparators) => Gen.Frequency(
        (3, Gen.Choose(0x20, 0x7E).Select(c => ((char)c).ToString()).Where(c => withSeparators || (c != "," && c != ":"))),
        (3, Gen.Elements(withSeparators ? Hostile : HostileWithoutSeparators)),
        (2, Gen.Choose(0xA0, 0xD7FF).Select(c => ((char)c).ToString())),
        (1, Gen.Choose(0xE000, 0xFFFD).Select(c => ((char)c).ToString())),
        (1, Gen.Choose(0x10000, 0x10FFFF).Select(char.ConvertFromUtf32)));

    private static Gen<string> Text(bool withSeparators = true) =>
        Piece(withSeparators).NonEmptyListOf().Select(string.Concat).Where(s => !string.IsNullOrWhiteSpace(s));

    private sealed record Values(string User, string Password, string GroupName, string Field, string Value, string ListName, string ListValue);

    private static Arbitrary<Values> ValuesArb() => Arb.From(
        from user in Text()
        from password in Text()
        from groupName in Text()
        from field in Text(withSeparators: false)
        from value in Text(withSeparators: false)
        from listName in Text()
        from listValue in Text()
        where field != "mobile" && listName != "mobile"
        select new Values(user, password, groupName, field, value, listName, listValue));

    [Property(MaxTest = 12)]
    public Property Arbitrary_credentials_names_fields_and_values_reach_the_server_exactly_on_every_transport() =>
        Prop.ForAll(ValuesArb(), values =>
        {
            foreach (var style in WireStyles.All)
            {
                Task.Run(() => CheckAsync(style, values)).GetAwaiter().GetResult();
            }
        });

    [Property(MaxTest = 400)]
    public Property The_contact_rule_rejects_exactly_a_comma_or_colon_in_a_name_or_value() =>
        Prop.ForAll(Arb.From(Gen.Two(Text())), pair =>
        {
            var (name, value) = pair;
            var forbidden = name.AsSpan().IndexOfAny(',', ':') >= 0 || value.AsSpan().IndexOfAny(',', ':') >= 0;
            var error = Record.Exception(() => ApiRequestFactory.AddContact(new GroupId(1), new ContactFields { { name, value } }));
            if (forbidden)
            {
                var argument = Assert.IsType<ArgumentException>(error);
                Assert.Contains(name, argument.Message, StringComparison.Ordinal);
                Assert.Contains("AddContactListAsync", argument.Message, StringComparison.Ordinal);
            }
            else
            {
                Assert.Null(error);
                var request = ApiRequestFactory.AddContact(new GroupId(1), new ContactFields { { name, value } });
                Assert.Equal($"{name}:{value}", request.Parameters.Single(p => p.Name == "contact").Value);
            }
        });

    private static async Task CheckAsync(WireStyle style, Values values)
    {
        var ct = TestContext.Current.CancellationToken;
        var styleName = style.Name;
        var fake = SharedFake.Value;
        var credentials = (values.User, values.Password);
        using (var api = TestClients.Create(style, fake.BaseAddress, o => (o.User, o.Password) = credentials))
        {
            Answer(fake, style, "creategroup");
            await api.CreateGroupAsync(values.GroupName, GroupType.Mobile, ["mobile", values.Field], ct);
            var create = Decode(styleName, fake, credentials);
            Assert.True(styleName != "OAuth2Json" || fake.AllRequests.Any(OAuth2JsonStyle.IsTokenRequest), "the first call fetches a token");
            Assert.Equal([new("name", values.GroupName), new("type", "mobile"), new("fields", "mobile," + values.Field)], create);

            Answer(fake, style, "addcontact");
            await api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "34600000000" }, { values.Field, values.Value } }, ct);
            var add = Decode(styleName, fake, credentials);
            Assert.Equal($"mobile:34600000000,{values.Field}:{values.Value}", add.Single(p => p.Key == "contact").Value);

            Answer(fake, style, "addcontactlist");
            await api.AddContactListAsync(new GroupId(1), [new ContactFields { { "mobile", "1" }, { values.ListName, values.ListValue } }], ct);
            var list = Decode(styleName, fake, credentials);
            using var json = JsonDocument.Parse(list.Single(p => p.Key == "contacts").Value);
            var contact = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(
                [new("mobile", "1"), new(values.ListName, values.ListValue)],
                contact.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.GetString()!)));
        }
    }

    private static void Answer(FakeApi fake, WireStyle style, string method)
    {
        fake.Server.Reset();
        var (body, contentType) = style.RenderSuccess(method, null);
        fake.Answer(body, contentType);
        style.Prepare(fake);
    }

    /// <summary>
    /// Decodes the single API call (and, for OAuth2Json, the token request) independently of the SDK, checks the
    /// credentials arrived exactly, and returns the method's parameters as the server reads them.
    /// </summary>
    private static List<KeyValuePair<string, string>> Decode(string style, FakeApi fake, (string User, string Password) credentials)
    {
        var request = Assert.Single(fake.AllRequests, r => !OAuth2JsonStyle.IsTokenRequest(r));
        var password = credentials.Password;
        switch (style)
        {
            case "HttpGet" or "HttpPost":
                var fields = FormText.Parse(style == "HttpGet" ? request.RawQuery : request.Body);
                Assert.Equal(new KeyValuePair<string, string>("user", credentials.User), fields[2]);
                Assert.Equal(new KeyValuePair<string, string>("password", password), fields[3]);
                return [.. fields.Skip(4)];
            case "BasicAuth-POST" or "BasicAuth-GET":
                Assert.Equal($"{credentials.User}:{password}", BasicPair(request));
                return [.. FormText.Parse(style == "BasicAuth-GET" ? request.RawQuery : request.Body).Skip(2)];
            case "Soap":
                var children = SoapStyle.RequestElement(request.Body).Elements().ToList();
                Assert.Equal(credentials.User, children[0].Value);
                Assert.Equal(password, children[1].Value);
                return [.. children.Skip(2).Select(c => new KeyValuePair<string, string>(c.Name.LocalName, c.Value))];
            default:
                // client_secret_basic: each half form-encoded (RFC 6749 section 2.3.1), then base64.
                // The token is fetched by the first call and reused after it.
                if (fake.AllRequests.SingleOrDefault(OAuth2JsonStyle.IsTokenRequest) is { } token)
                {
                    var pair = BasicPair(token);
                    var colon = pair.IndexOf(':', StringComparison.Ordinal);
                    Assert.Equal(credentials.User, FormDecode(pair[..colon]));
                    Assert.Equal(password, FormDecode(pair[(colon + 1)..]));
                }

                using (var json = JsonDocument.Parse(request.Body!))
                {
                    return [.. json.RootElement.EnumerateObject().Skip(2).Select(p => new KeyValuePair<string, string>(
                        p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()))];
                }
        }
    }

    private static string BasicPair(IRequestMessage request)
    {
        var header = Assert.Single(request.Headers!["Authorization"]);
        Assert.StartsWith("Basic ", header, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
    }

    private static string FormDecode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
