using System.Text.Json;
using System.Xml.Linq;
using Afilnet.Contacts.Tests.Contract;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Soap;

/// <summary>The request envelope, compared as XML, and values that XML must carry exactly in both directions.</summary>
public sealed class SoapEnvelopeTests
{
    private static readonly XNamespace Env = SoapStyle.Env;
    private static readonly XNamespace Api = SoapStyle.Api;

    public static TheoryData<string> Methods() => [.. ContractCases.All.Select(c => c.Method)];

    [Theory]
    [MemberData(nameof(Methods))]
    public async Task Sends_exactly_the_documented_envelope(string method)
    {
        var @case = ContractCases.Get(method);
        using var rig = new SoapRig();
        rig.AnswerSuccess(method, @case.ResultJson);

        await @case.Invoke(rig.Api, TestContext.Current.CancellationToken);

        var request = Assert.Single(rig.Fake.Requests);
        var expected = new XElement(
            Env + "Envelope",
            new XElement(
                Env + "Body",
                new XElement(
                    Api + method,
                    new XElement(Api + "user", TestCredentials.User),
                    new XElement(Api + "password", TestCredentials.Password),
                    @case.ExpectedParameters.Select(p => new XElement(Api + p.Key, p.Value)))));
        var actual = XDocument.Parse(request.Body!).Root!;
        Assert.True(
            XNode.DeepEquals(Normalise(expected), Normalise(actual)),
            $"expected\n{Normalise(expected)}\nactual\n{Normalise(actual)}");
        Assert.Equal($"\"https://www.afilnet.com/api/soap/{method}\"", Assert.Single(request.Headers!["SOAPAction"]));
    }

    [Theory]
    [InlineData("Clients & Co <b>\"quoted\" 'single'</b>")]
    [InlineData("]]> inside <![CDATA[ text ]]>")]
    [InlineData("José Ñúñez ça 中文 😀 tab\tend")]
    [InlineData("line\u2028separator back\\slash, comma: colon")]
    [InlineData("  leading and trailing spaces  ")]
    [InlineData("&amp; already-escaped &lt;x&gt; &#65;")]
    public async Task Carries_any_text_value_exactly_to_the_server(string name)
    {
        using var rig = new SoapRig();
        rig.AnswerSuccess("creategroup", """{"idgroup": 7}""");

        var result = await rig.Api.CreateGroupAsync(name, GroupType.Email, ["email", "name"], TestContext.Current.CancellationToken);

        Assert.Equal(new GroupId(7), result.GroupId);
        var operation = SoapStyle.RequestElement(Assert.Single(rig.Fake.Requests).Body);
        Assert.Equal(name, operation.Element(Api + "name")!.Value);
        Assert.Equal(TestCredentials.Password, operation.Element(Api + "password")!.Value);
    }

    [Fact]
    public async Task Carries_contacts_json_with_markup_and_quotes_exactly()
    {
        using var rig = new SoapRig();
        rig.AnswerSuccess("addcontactlist", """{"added": 1}""");

        ContactFields[] contacts = [new ContactFields { { "email", "a@b.c" }, { "note", "<x> & \"y\" ]]> é 😀" } }];

        await rig.Api.AddContactListAsync(new GroupId(3), contacts, TestContext.Current.CancellationToken);

        // Markup and quotes travel as text: the element holds no child, and its text is the JSON array of the contacts.
        var element = SoapStyle.RequestElement(Assert.Single(rig.Fake.Requests).Body).Element(Api + "contacts")!;
        Assert.False(element.HasElements, "the contacts JSON must be escaped text, not markup");
        using var json = JsonDocument.Parse(element.Value);
        var contact = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(["email", "note"], contact.EnumerateObject().Select(p => p.Name));
        Assert.Equal("a@b.c", contact.GetProperty("email").GetString());
        Assert.Equal("<x> & \"y\" ]]> é 😀", contact.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Reads_any_text_value_exactly_from_the_server()
    {
        const string tricky = "<b>Ana</b> & \"Co\" 'x' ]]> é 中 😀 \u2028 end";
        using var rig = new SoapRig();
        rig.AnswerXml(SoapStyle.Envelope(new XElement(
            Api + "getcontactsResponse",
            new XElement(Api + "status", "success"),
            new XElement(
                Api + "result",
                new XElement(
                    Api + "contact",
                    new XElement(Api + "idcontact", "1000"),
                    new XElement(Api + "field", new XAttribute("name", "mobile"), "34600000000"),
                    new XElement(Api + "field", new XAttribute("name", "na<me> & \"q\""), tricky),
                    // Neither an element outside the API namespace nor one that is not <idcontact> or <field> is
                    // part of the contact (protocol.md section 4).
                    new XElement(XNamespace.Get("urn:other") + "unknown", "ignored"),
                    new XElement(Api + "unknown", "ignored too")),
                new XElement(Api + "contact", new XElement(Api + "idcontact", "1001"))))));

        var contacts = await rig.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken);

        Assert.Equal(2, contacts.Count);
        Assert.Equal(new ContactId(1000), contacts[0].Id);
        Assert.Equal("34600000000", contacts[0].Fields["mobile"]);
        Assert.Equal(tricky, contacts[0].Fields["na<me> & \"q\""]);
        Assert.Equal(2, contacts[0].Fields.Count);
        Assert.Equal(new ContactId(1001), contacts[1].Id);
        Assert.Empty(contacts[1].Fields);
    }

    [Fact]
    public async Task Reads_field_names_repeated_across_contacts_long_or_many_exactly()
    {
        // The reader shares one string per field name within a reply, up to a length and a count: past either, names are
        // still read exactly, only no longer shared.
        var longName = new string('n', 70) + " & é";
        var many = Enumerable.Range(0, 40).Select(i => $"f{i}").ToList();
        XElement Contact(int id, IEnumerable<string> names) => new(
            Api + "contact",
            new XElement(Api + "idcontact", id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            names.Select(name => new XElement(Api + "field", new XAttribute("name", name), "v-" + name)));
        using var rig = new SoapRig();
        rig.AnswerXml(SoapStyle.Envelope(new XElement(
            Api + "getcontactsResponse",
            new XElement(Api + "status", "SUCCESS"),
            new XElement(Api + "result", Contact(1, ["mobile", longName, "name"]), Contact(2, ["name", "mobile", longName]), Contact(3, many), Contact(4, many)))));

        var contacts = await rig.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken);

        Assert.Equal(["mobile", longName, "name"], contacts[0].Fields.Select(f => f.Key));
        Assert.Equal(["name", "mobile", longName], contacts[1].Fields.Select(f => f.Key));
        Assert.Equal("v-" + longName, contacts[1].Fields[longName]);
        Assert.Same(contacts[0].Fields.First(f => f.Key == "mobile").Key, contacts[1].Fields.First(f => f.Key == "mobile").Key);
        foreach (var contact in contacts.Skip(2))
        {
            Assert.Equal(many, contact.Fields.Select(f => f.Key));
            Assert.All(contact.Fields, f => Assert.Equal("v-" + f.Key, f.Value));
        }
    }

    [Fact]
    public async Task Reads_an_empty_result_as_an_empty_list()
    {
        using var rig = new SoapRig();
        rig.AnswerXml(SoapStyle.Envelope(new XElement(Api + "getgroupcolumnsResponse", new XElement(Api + "status", "SUCCESS"), new XElement(Api + "result"))));

        Assert.Empty(await rig.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Refuses_a_value_XML_cannot_carry_before_sending()
    {
        using var rig = new SoapRig();
        rig.AnswerSuccess("creategroup", """{"idgroup": 7}""");

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => rig.Api.CreateGroupAsync("bell\u0007", GroupType.Email, ["email"], TestContext.Current.CancellationToken));

        Assert.Contains("'name'", error.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Fake.Requests);
    }

    [Fact]
    public void Describes_itself_by_endpoint_without_credentials()
    {
        using var rig = new SoapRig();

        Assert.Equal(AfilnetTransportKind.Soap, rig.Api.Transport);
        Assert.Equal(SecurityLevel.MediumHigh, rig.Api.SecurityLevel);
        Assert.Equal($"ContactsClient {{ Soap {new Uri(rig.Fake.BaseAddress, "api/soap/")} }}", rig.Api.ToString());
    }

    [Fact]
    public void Refuses_clear_text_http_to_a_remote_host()
    {
        var error = Assert.Throws<ArgumentException>(() => new ContactsClient(new AfilnetOptions
        {
            Transport = AfilnetTransportKind.Soap,
            BaseAddress = new Uri("http://api.example.com/"),
            User = TestCredentials.User,
            Password = TestCredentials.Password,
        }));

        Assert.Contains("Afilnet:BaseAddress", error.Message, StringComparison.Ordinal);
        Assert.Contains("clear text", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_credentials_XML_cannot_carry_at_construction()
    {
        var error = Assert.Throws<ArgumentException>(() => TestClients.Create(WireStyles.Get("Soap"), ScriptedHandler.BaseAddress, o => o.Password = "bell\u0007" + TestCredentials.Password));

        Assert.Contains("Afilnet:Password", error.Message, StringComparison.Ordinal);
        SecretAssert.Clean(error);
    }

    /// <summary>Drops namespace declarations (prefixes are the writer's choice) and insignificant whitespace.</summary>
    private static XElement Normalise(XElement element) =>
        new(
            element.Name,
            element.Attributes().Where(a => !a.IsNamespaceDeclaration),
            element.Nodes().Select(n => n is XElement child ? Normalise(child) : n));
}
