namespace Afilnet.Contacts.Tests.Contract;

/// <summary>
/// One documented method as the contract suite exercises it: the call, the exact parameters it must put on the wire,
/// a documented success result and what it must map to, and the method's documented error codes.
/// </summary>
public sealed record ContractCase(
    string Method,
    Func<IContactsApi, CancellationToken, Task<object?>> Invoke,
    IReadOnlyList<KeyValuePair<string, string>> ExpectedParameters,
    string? ResultJson,
    Action<object?> AssertResult,
    IReadOnlyList<ApiErrorCode> MethodErrors,
    string? Label = null)
{
    /// <summary>The case's name in test data: the wire method, or a label for a second way of calling it.</summary>
    public string Name => Label ?? Method;

    public override string ToString() => Name;
}

public static class ContractCases
{
    private static readonly GroupId Group = new(1000);
    private static readonly ContactId ContactOne = new(1001);

    /// <summary>The fourteen codes protocol.md section 1 documents, spelled out here rather than taken from the SDK.</summary>
    public static IReadOnlyList<string> DocumentedCodes { get; } =
    [
        "MISSING_USER", "MISSING_PASSWORD", "MISSING_CLASS", "MISSING_METHOD", "MISSING_COMPULSORY_PARAM", "INCORRECT_USER_PASSWORD",
        "INCORRECT_CLASS", "INCORRECT_METHOD", "INCORRECT_TYPE", "MISSING_MAIN_FIELD", "NOT_ACCESS_TO_GROUP", "NOT_ACCESS_TO_CONTACT",
        "CONTACT_EXISTS", "COUNTRY_NOT_FOUND",
    ];

    /// <summary>Errors every method can return (protocol.md section 1).</summary>
    public static IReadOnlyList<ApiErrorCode> CommonErrors { get; } =
    [
        ApiErrorCode.MissingUser, ApiErrorCode.MissingPassword, ApiErrorCode.MissingClass, ApiErrorCode.MissingMethod,
        ApiErrorCode.MissingCompulsoryParam, ApiErrorCode.IncorrectUserPassword, ApiErrorCode.IncorrectClass, ApiErrorCode.IncorrectMethod,
    ];

    public static IReadOnlyList<ContractCase> All { get; } =
    [
        new(
            "creategroup",
            async (api, ct) => await api.CreateGroupAsync("Clients & Co 2026", GroupType.Mobile, ["mobile", "name", "address"], ct),
            P(("name", "Clients & Co 2026"), ("type", "mobile"), ("fields", "mobile,name,address")),
            """{"idgroup": 1000}""",
            r => Assert.Equal(new GroupId(1000), Assert.IsType<CreateGroupResult>(r).GroupId),
            [ApiErrorCode.IncorrectType, ApiErrorCode.MissingMainField]),
        new(
            "getgroupcolumns",
            async (api, ct) => await api.GetGroupColumnsAsync(Group, ct),
            P(("idgroup", "1000")),
            """["mobile","name","address"]""",
            r => Assert.Equal(["mobile", "name", "address"], Assert.IsAssignableFrom<IReadOnlyList<string>>(r)),
            [ApiErrorCode.NotAccessToGroup]),
        new(
            "addcolumntogroup",
            async (api, ct) => { await api.AddColumnToGroupAsync(Group, "city", ct); return null; },
            P(("idgroup", "1000"), ("field", "city")),
            null,
            r => Assert.Null(r),
            [ApiErrorCode.NotAccessToGroup]),
        new(
            "deletecolumnfromgroup",
            async (api, ct) => { await api.DeleteColumnFromGroupAsync(Group, "city", ct); return null; },
            P(("idgroup", "1000"), ("field", "city")),
            null,
            r => Assert.Null(r),
            [ApiErrorCode.NotAccessToGroup]),
        new(
            "deletegroup",
            async (api, ct) => { await api.DeleteGroupAsync(Group, ct); return null; },
            P(("idgroup", "1000")),
            null,
            r => Assert.Null(r),
            [ApiErrorCode.NotAccessToGroup]),
        new(
            "assigncountrytogroup",
            async (api, ct) => { await api.AssignCountryToGroupAsync(Group, "ESP", ct); return null; },
            P(("idgroup", "1000"), ("countryiso3", "esp")),
            null,
            r => Assert.Null(r),
            [ApiErrorCode.NotAccessToGroup, ApiErrorCode.CountryNotFound]),
        new(
            "getcontacts",
            async (api, ct) => await api.GetContactsAsync(Group, ct),
            P(("idgroup", "1000")),
            """[{"idcontact": 1000, "mobile": "34600000000", "name": "Test"}, {"idcontact": "1001", "mobile": "34600000001", "name": "José Ñúñez"}]""",
            r =>
            {
                var contacts = Assert.IsAssignableFrom<IReadOnlyList<Contact>>(r);
                Assert.Equal(2, contacts.Count);
                AssertContact(contacts[0], 1000, ("mobile", "34600000000"), ("name", "Test"));
                AssertContact(contacts[1], 1001, ("mobile", "34600000001"), ("name", "José Ñúñez"));
            },
            [ApiErrorCode.NotAccessToGroup]),
        new(
            "getcontact",
            async (api, ct) => await api.GetContactAsync(Group, ContactOne, ct),
            P(("idgroup", "1000"), ("idcontact", "1001")),
            """{"idcontact": 1001, "mobile": "34600000001", "name": "José Ñúñez"}""",
            r => AssertContact(Assert.IsType<Contact>(r), 1001, ("mobile", "34600000001"), ("name", "José Ñúñez")),
            [ApiErrorCode.NotAccessToGroup, ApiErrorCode.NotAccessToContact]),
        new(
            "addcontact",
            async (api, ct) => await api.AddContactAsync(Group, new ContactFields { { "mobile", "34600000000" }, { "name", "José Ñúñez" } }, ct),
            P(("idgroup", "1000"), ("contact", "mobile:34600000000,name:José Ñúñez")),
            """{"idcontact": 1001}""",
            r => Assert.Equal(new ContactId(1001), Assert.IsType<AddContactResult>(r).ContactId),
            [ApiErrorCode.ContactExists, ApiErrorCode.NotAccessToGroup]),
        new(
            "addcontactlist",
            async (api, ct) => await api.AddContactListAsync(
                Group,
                [new ContactFields { { "name", "Test" }, { "mobile", "34600000000" } }, new ContactFields { { "name", "A, \"B\": C" }, { "mobile", "34600000001" } }],
                ct),
            P(("idgroup", "1000"), ("contacts", """[{"name":"Test","mobile":"34600000000"},{"name":"A, \"B\": C","mobile":"34600000001"}]""")),
            """{"added": 2}""",
            r => Assert.Equal(2, Assert.IsType<AddContactListResult>(r).Added),
            [ApiErrorCode.NotAccessToGroup]),
        new(
            "modifycontact",
            async (api, ct) => { await api.ModifyContactAsync(Group, ContactOne, new ContactFields { { "name", "Ana María" } }, ct); return null; },
            P(("idgroup", "1000"), ("idcontact", "1001"), ("contact", "name:Ana María")),
            null,
            r => Assert.Null(r),
            [ApiErrorCode.NotAccessToGroup]),
        new(
            "deletecontact",
            async (api, ct) => { await api.DeleteContactAsync(Group, ContactOne, ct); return null; },
            P(("idgroup", "1000"), ("idcontact", "1001")),
            null,
            r => Assert.Null(r),
            [ApiErrorCode.NotAccessToGroup]),
    ];

    public static ContractCase Get(string method) => All.Single(c => c.Method == method);

    /// <summary>The streaming listing: the same wire call and answer as getcontacts, read a contact at a time.</summary>
    public static ContractCase StreamedListing { get; } = Get("getcontacts") with
    {
        Label = "getcontacts (streamed)",
        Invoke = async (api, ct) => await api.StreamContactsAsync(Group, ct).ToListAsync(ct),
        AssertResult = r => Get("getcontacts").AssertResult(Assert.IsType<List<Contact>>(r)),
    };

    /// <summary>Every way of calling the API the contract checks: the twelve methods and the streaming listing.</summary>
    public static IReadOnlyList<ContractCase> Calls { get; } = [.. All, StreamedListing];

    public static ContractCase Named(string name) => Calls.Single(c => c.Name == name);

    private static KeyValuePair<string, string>[] P(params (string Name, string Value)[] pairs) =>
        [.. pairs.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];

    private static void AssertContact(Contact contact, long id, params (string Name, string Value)[] fields)
    {
        Assert.Equal(new ContactId(id), contact.Id);
        Assert.Equal(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), contact.Fields);
    }
}
