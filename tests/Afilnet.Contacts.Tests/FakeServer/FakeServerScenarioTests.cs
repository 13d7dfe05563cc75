using Afilnet.Contacts.Requests;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>All twelve methods, one stateful story, under each wire style of <c>WireStyles.All</c>, against the fake over the wire.</summary>
public sealed class FakeServerScenarioTests
{
    [Theory]
    [MemberData(nameof(FakeClient.Styles), MemberType = typeof(FakeClient))]
    public async Task Twelve_methods_keep_state_under_every_transport(string style)
    {
        using var fake = AfilnetFakeServer.Start();
        using var client = new FakeClient(fake, style);

        await TwelveMethodsAsync(fake, client);
    }

    /// <summary>
    /// The story: every method once at least, each answer checked against what the earlier calls did; then every call
    /// the fake recorded arrived in the client's style and verb.
    /// </summary>
    internal static async Task TwelveMethodsAsync(AfilnetFakeServer fake, FakeClient client)
    {
        var ct = TestContext.Current.CancellationToken;
        var api = client.Api;

        // creategroup, addcolumntogroup, deletecolumnfromgroup, getgroupcolumns, assigncountrytogroup
        var group = (await api.CreateGroupAsync("Clientes ñ & co", GroupType.Mobile, ["mobile", "name"], ct)).GroupId!.Value;
        Assert.Equal(1000, group.Value);
        await api.AddColumnToGroupAsync(group, "city", ct);
        await api.AddColumnToGroupAsync(group, "note", ct);
        Assert.Equal(["mobile", "name", "city", "note"], await api.GetGroupColumnsAsync(group, ct));
        await api.DeleteColumnFromGroupAsync(group, "note", ct);
        Assert.Equal(["mobile", "name", "city"], await api.GetGroupColumnsAsync(group, ct));
        await api.AssignCountryToGroupAsync(group, "esp", ct);

        // addcontact, addcontactlist (one added, one duplicate and one without the main field skipped)
        var ana = (await api.AddContactAsync(group, new ContactFields { { "mobile", "34600000001" }, { "name", "Ana" } }, ct)).ContactId!.Value;
        Assert.Equal(1000, ana.Value);
        var added = await api.AddContactListAsync(
            group,
            [
                new ContactFields { { "mobile", "34600000002" }, { "name", "Bo, \"the\" <second>" }, { "city", "Léon" } },
                new ContactFields { { "mobile", "34600000001" }, { "name", "Duplicate" } },
                new ContactFields { { "name", "No mobile" } },
            ],
            ct);
        Assert.Equal(1, added.Added);

        // getcontacts, getcontact
        var contacts = await api.GetContactsAsync(group, ct);
        Assert.Equal([1000L, 1001L], contacts.Select(c => c.Id.Value));
        Assert.Equal("Bo, \"the\" <second>", contacts[1].Fields["name"]);
        Assert.Equal("Léon", contacts[1].Fields["city"]);
        var read = await api.GetContactAsync(group, ana, ct);
        Assert.Equal([new("mobile", "34600000001"), new("name", "Ana")], read.Fields);

        // modifycontact
        await api.ModifyContactAsync(group, ana, new ContactFields { { "name", "Ana María" }, { "city", "Sevilla" } }, ct);
        read = await api.GetContactAsync(group, ana, ct);
        Assert.Equal([new("mobile", "34600000001"), new("name", "Ana María"), new("city", "Sevilla")], read.Fields);

        // deletecontact, deletegroup
        await api.DeleteContactAsync(group, ana, ct);
        Assert.Equal([1001L], (await api.GetContactsAsync(group, ct)).Select(c => c.Id.Value));
        var gone = await Assert.ThrowsAsync<AfilnetApiException>(() => api.GetContactAsync(group, ana, ct));
        Assert.Equal(ApiErrorCode.NotAccessToContact, gone.ErrorCode);
        await api.DeleteGroupAsync(group, ct);
        var noGroup = await Assert.ThrowsAsync<AfilnetApiException>(() => api.GetContactsAsync(group, ct));
        Assert.Equal(ApiErrorCode.NotAccessToGroup, noGroup.ErrorCode);

        // Every call arrived in the style and verb under test, and all twelve methods were used.
        var verb = client.Style.UsesQueryString ? "GET" : "POST";
        Assert.All(fake.Requests, r => Assert.Equal((client.Style.FakeStyle, verb), (r.Style, r.Verb)));
        Assert.Equal(ApiOperations.All.Select(o => o.Name).Order(), fake.Requests.Select(r => r.Method!).Distinct().Order());
    }
}
