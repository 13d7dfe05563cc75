using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Validation;

/// <summary>Input the API cannot accept is refused with a clear ArgumentException, and nothing reaches the server.</summary>
public sealed class ValidationTests : IDisposable
{
    private readonly Harness _harness = new("HttpPost");

    private ContactsClient Api => _harness.Api;

    public ValidationTests() => _harness.Fake.Answer("""{"status":"SUCCESS"}""");

    public static TheoryData<string, string> BadCalls() => new()
    {
        { "empty group name", "name" },
        { "white-space group name", "name" },
        { "undefined group type", "type" },
        { "mobile group without mobile field", "fields" },
        { "email group without email field", "fields" },
        { "field name with a comma", "fields" },
        { "empty field list entry", "fields" },
        { "column with a colon", "field" },
        { "empty column", "field" },
        { "country of two letters", "countryIso3" },
        { "country with a digit", "countryIso3" },
        { "zero group id", "groupId" },
        { "negative contact id", "contactId" },
        { "contact without fields", "contact" },
        { "contact value with a comma", "contact" },
        { "contact value with a colon", "contact" },
        { "contact field name with a colon", "contact" },
        { "modified contact value with a comma", "contact" },
        { "empty contact list", "contacts" },
        { "contact list entry without fields", "contacts" },
        { "group name with a lone surrogate", "name" },
        { "column with a lone surrogate", "field" },
        { "contact value with a lone surrogate", "contact" },
        { "contact list value with a lone surrogate", "contacts" },
    };

    [Theory]
    [MemberData(nameof(BadCalls))]
    public async Task Refused_before_sending(string call, string parameter)
    {
        var g = new GroupId(1);
        var ct = TestContext.Current.CancellationToken;
        Func<Task> act = call switch
        {
            "empty group name" => () => Api.CreateGroupAsync("", GroupType.Mobile, ["mobile"], ct),
            "white-space group name" => () => Api.CreateGroupAsync("  ", GroupType.Mobile, ["mobile"], ct),
            "undefined group type" => () => Api.CreateGroupAsync("g", (GroupType)7, ["mobile"], ct),
            "mobile group without mobile field" => () => Api.CreateGroupAsync("g", GroupType.Mobile, ["email", "name"], ct),
            "email group without email field" => () => Api.CreateGroupAsync("g", GroupType.Email, ["mobile"], ct),
            "field name with a comma" => () => Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile", "a,b"], ct),
            "empty field list entry" => () => Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile", ""], ct),
            "column with a colon" => () => Api.AddColumnToGroupAsync(g, "a:b", ct),
            "empty column" => () => Api.DeleteColumnFromGroupAsync(g, " ", ct),
            "country of two letters" => () => Api.AssignCountryToGroupAsync(g, "es", ct),
            "country with a digit" => () => Api.AssignCountryToGroupAsync(g, "e5p", ct),
            "zero group id" => () => Api.GetContactsAsync(new GroupId(0), ct),
            "negative contact id" => () => Api.GetContactAsync(g, new ContactId(-4), ct),
            "contact without fields" => () => Api.AddContactAsync(g, [], ct),
            "contact value with a comma" => () => Api.AddContactAsync(g, new ContactFields { { "mobile", "1" }, { "city", "Madrid, Spain" } }, ct),
            "contact value with a colon" => () => Api.AddContactAsync(g, new ContactFields { { "mobile", "1" }, { "time", "10:30" } }, ct),
            "contact field name with a colon" => () => Api.AddContactAsync(g, new ContactFields { { "mobile", "1" }, { "a:b", "x" } }, ct),
            "modified contact value with a comma" => () => Api.ModifyContactAsync(g, new ContactId(2), new ContactFields { { "name", "Doe, Jane" } }, ct),
            "empty contact list" => () => Api.AddContactListAsync(g, [], ct),
            "contact list entry without fields" => () => Api.AddContactListAsync(g, [new ContactFields { { "mobile", "1" } }, []], ct),
            "group name with a lone surrogate" => () => Api.CreateGroupAsync("half \ud83d of an emoji", GroupType.Mobile, ["mobile"], ct),
            "column with a lone surrogate" => () => Api.AddColumnToGroupAsync(g, "\udc00tail", ct),
            "contact value with a lone surrogate" => () => Api.AddContactAsync(g, new ContactFields { { "mobile", "1" }, { "name", "Ana\ud800" } }, ct),
            "contact list value with a lone surrogate" => () => Api.AddContactListAsync(g, [new ContactFields { { "mobile", "1" }, { "name", "\ud800Ana" } }], ct),
            _ => throw new InvalidOperationException(call),
        };

        var error = await Assert.ThrowsAnyAsync<ArgumentException>(act);

        Assert.Equal(parameter, error.ParamName);
        Assert.Empty(_harness.Fake.Requests);
    }

    [Fact]
    public async Task A_lone_surrogate_is_refused_rather_than_sent_as_a_replacement_character()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Api.CreateGroupAsync("Clientes \ud83d", GroupType.Mobile, ["mobile"], TestContext.Current.CancellationToken));

        Assert.Contains("lone surrogate", error.Message, StringComparison.Ordinal);
        Assert.Contains("U+D83D", error.Message, StringComparison.Ordinal);
        Assert.Empty(_harness.Fake.Requests);
    }

    [Fact]
    public async Task Contact_format_error_names_the_field_and_suggests_AddContactList()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "1" }, { "city", "Madrid, Spain" } }, TestContext.Current.CancellationToken));

        Assert.Contains("'city'", error.Message, StringComparison.Ordinal);
        Assert.Contains("AddContactListAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commas_and_colons_are_fine_in_a_contact_list()
    {
        await Api.AddContactListAsync(new GroupId(1), [new ContactFields { { "mobile", "1" }, { "city", "Madrid, Spain" }, { "time", "10:30" } }], TestContext.Current.CancellationToken);

        Assert.Single(_harness.Fake.Requests);
    }

    [Fact]
    public async Task Country_code_is_sent_in_lower_case()
    {
        await Api.AssignCountryToGroupAsync(new GroupId(1), "FrA", TestContext.Current.CancellationToken);

        Assert.Equal("fra", _harness.SingleCall().Parameters[1].Value);
    }

    public void Dispose() => _harness.Dispose();
}
