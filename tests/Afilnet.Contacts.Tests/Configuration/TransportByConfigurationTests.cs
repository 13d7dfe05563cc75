using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>One scenario, written once, run under each transport chosen by configuration alone.</summary>
public sealed class TransportByConfigurationTests
{
    public static TheoryData<string> Styles() => WireStyles.Names();

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task The_same_scenario_runs_under_each_configured_transport(string wireStyle)
    {
        var style = WireStyles.Get(wireStyle);
        using var fake = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        using var host = new ConfiguredClient(ConfiguredClient.For(style, fake.BaseAddress));
        host.Start();
        var api = host.Api;
        var ct = TestContext.Current.CancellationToken;

        void Answer(string method, string? resultJson)
        {
            var (body, contentType) = style.RenderSuccess(method, resultJson);
            fake.Answer(body, contentType);
            style.Prepare(fake);
        }

        Answer("creategroup", """{"idgroup": 4242}""");
        var group = (await api.CreateGroupAsync("Newsletter", GroupType.Email, ["email", "name"], ct)).GroupId!.Value;
        Answer("addcontact", """{"idcontact": 7}""");
        var contact = (await api.AddContactAsync(group, new ContactFields { { "email", "ana@example.com" }, { "name", "Ana" } }, ct)).ContactId!.Value;
        Answer("getcontacts", """[{"idcontact": 7, "email": "ana@example.com", "name": "Ana"}]""");
        var contacts = await api.GetContactsAsync(group, ct);
        Answer("deletegroup", null);
        await api.DeleteGroupAsync(group, ct);

        Assert.Equal(new GroupId(4242), group);
        Assert.Equal(new ContactId(7), contact);
        Assert.Equal("ana@example.com", Assert.Single(contacts).Fields["email"]);
        Assert.Equal(style.Transport, host.Client.Transport);
        var calls = fake.Requests.Select(style.DecodeAndCheck).ToList();
        Assert.Equal(["creategroup", "addcontact", "getcontacts", "deletegroup"], calls.Select(c => c.Method));
        Assert.Equal([new KeyValuePair<string, string>("idgroup", "4242")], calls[3].Parameters);
    }
}
