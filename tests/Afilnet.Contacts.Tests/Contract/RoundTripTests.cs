using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Contract;

/// <summary>Values that need escaping in URLs, forms, XML or JSON reach the server exactly as given, on every transport.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<string, string> StylesAndValues()
    {
        string[] values =
        [
            "two  spaces and a tab\t",
            "a&b=c+d%e#f?g/h",
            "\"double\" and 'single' quotes",
            "<tag attr=\"x\">&amp;</tag> ]]>",
            "àéîõü ñ ç ß Ø",
            "emoji 😀👍🏽 and 中文",
            "right-to-left: שלום עולם مرحبا",
            "back\\slash and line\u2028separator",
        ];
        return WireStyles.Times(values);
    }

    [Theory]
    [MemberData(nameof(StylesAndValues))]
    public async Task Group_name_reaches_the_server_unchanged(string style, string value)
    {
        using var harness = new Harness(style);
        harness.AnswerSuccess("creategroup", """{"idgroup": 5}""");

        await harness.Api.CreateGroupAsync(value, GroupType.Email, ["email"], TestContext.Current.CancellationToken);

        var call = harness.SingleCall();
        Assert.Equal(value, call.Parameters[0].Value);
    }

    [Theory]
    [MemberData(nameof(StylesAndValues))]
    public async Task Contact_list_values_reach_the_server_unchanged(string style, string value)
    {
        using var harness = new Harness(style);
        harness.AnswerSuccess("addcontactlist", """{"added": 1}""");

        await harness.Api.AddContactListAsync(new GroupId(3), [new ContactFields { { "email", "a@b.c" }, { "note", value } }], TestContext.Current.CancellationToken);

        var contacts = System.Text.Json.JsonDocument.Parse(harness.SingleCall().Parameters[1].Value).RootElement;
        Assert.Equal(value, contacts[0].GetProperty("note").GetString());
    }

    [Theory]
    [MemberData(nameof(StylesAndValues))]
    public async Task Values_read_back_unchanged(string style, string value)
    {
        using var harness = new Harness(style);
        var json = System.Text.Json.JsonSerializer.Serialize(value);
        harness.AnswerSuccess("getcontact", $$"""{"idcontact": 9, "email": "a@b.c", "note": {{json}}}""");

        var contact = await harness.Api.GetContactAsync(new GroupId(3), new ContactId(9), TestContext.Current.CancellationToken);

        Assert.Equal(value, contact.Fields["note"]);
    }
}
