using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Validation;

/// <summary>
/// Rules that must not depend on the transport: invalid UTF-16 in any text of any method is refused before anything is
/// sent (never replaced by U+FFFD), and ids that are not positive are unreadable answers, on all five styles alike.
/// </summary>
public sealed class SameRulesOnEveryTransportTests
{
    private static readonly GroupId Group = new(1);

    /// <summary>Every method that takes text, with the lone surrogate put where <paramref name="bad"/> goes.</summary>
    private static IEnumerable<(string Call, string Parameter, Func<IContactsApi, CancellationToken, Task> Act)> TextCalls(string bad) =>
    [
        ("creategroup name", "name", (api, ct) => api.CreateGroupAsync(bad, GroupType.Mobile, ["mobile"], ct)),
        ("creategroup fields", "fields", (api, ct) => api.CreateGroupAsync("g", GroupType.Mobile, ["mobile", bad], ct)),
        ("addcolumntogroup", "field", (api, ct) => api.AddColumnToGroupAsync(Group, bad, ct)),
        ("deletecolumnfromgroup", "field", (api, ct) => api.DeleteColumnFromGroupAsync(Group, bad, ct)),
        ("assigncountrytogroup", "countryIso3", (api, ct) => api.AssignCountryToGroupAsync(Group, bad, ct)),
        ("addcontact value", "contact", (api, ct) => api.AddContactAsync(Group, new ContactFields { { "mobile", "1" }, { "name", bad } }, ct)),
        ("addcontact field name", "contact", (api, ct) => api.AddContactAsync(Group, new ContactFields { { "mobile", "1" }, { bad, "x" } }, ct)),
        ("addcontactlist value", "contacts", (api, ct) => api.AddContactListAsync(Group, [new ContactFields { { "mobile", "1" } }, new ContactFields { { "mobile", bad } }], ct)),
        ("modifycontact value", "contact", (api, ct) => api.ModifyContactAsync(Group, new ContactId(2), new ContactFields { { "name", bad } }, ct)),
    ];

    public static TheoryData<string> Styles() => WireStyles.Names();

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task A_lone_surrogate_in_any_text_of_any_method_is_refused_before_sending(string styleName)
    {
        using var harness = new Harness(styleName);
        harness.Answer("""{"status":"SUCCESS"}""");
        var ct = TestContext.Current.CancellationToken;
        var refused = 0;
        foreach (var bad in new[] { "ES\ud800", "\udc00ES", "E\udbffS" })
        {
            foreach (var (call, parameter, act) in TextCalls(bad))
            {
                var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => act(harness.Api, ct));
                Assert.True(parameter == error.ParamName, $"{call}: named '{error.ParamName}', not '{parameter}'");
                refused++;
            }
        }

        Assert.Empty(harness.Fake.AllRequests);
        Assert.Equal(3 * TextCalls("x").Count(), refused);
    }

    public static TheoryData<string, string, string> NonPositiveIds()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var style in WireStyles.Names())
        {
            data.Add(style.Data, "creategroup", """{"idgroup": 0}""");
            data.Add(style.Data, "addcontact", """{"idcontact": -1}""");
            data.Add(style.Data, "getcontacts", """[{"idcontact": 0, "mobile": "34600000000"}]""");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NonPositiveIds))]
    public async Task An_id_that_is_not_positive_is_an_unreadable_answer(string styleName, string method, string result)
    {
        using var harness = new Harness(styleName);
        harness.AnswerSuccess(method, result);
        var ct = TestContext.Current.CancellationToken;
        Func<Task> act = method switch
        {
            "creategroup" => () => harness.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct),
            "addcontact" => () => harness.Api.AddContactAsync(Group, new ContactFields { { "mobile", "34600000000" } }, ct),
            _ => () => harness.Api.GetContactsAsync(Group, ct),
        };

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(act);

        Assert.Contains("positive whole number", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task An_answer_holding_a_lone_surrogate_is_unreadable_not_handed_on(string styleName)
    {
        // JSON can escape one ("\ud800"), XML can reference one ("&#xD800;"); neither is text.
        using var harness = new Harness(styleName);
        var body = harness.Style is SoapStyle
            ? """<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><getcontactsResponse xmlns="https://www.afilnet.com/api/soap/"><status>SUCCESS</status><result><contact><idcontact>1</idcontact><field name="name">Ana&#xD800;</field></contact></result></getcontactsResponse></soap:Body></soap:Envelope>"""
            : """{"status":"SUCCESS","result":[{"idcontact":1,"name":"Ana\ud800"}]}""";
        harness.Answer(body);

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(Group, TestContext.Current.CancellationToken));

        Assert.Equal("getcontacts", error.Method);
    }
}
