using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>One scenario, written once, run under each transport chosen by configuration alone.</summary>
public sealed class TransportByConfigurationTests
{
    public static TheoryData<string, string> Configurations() => new()
    {
        // configured transport, the wire style the fake must see
        { "HttpGet", "HttpGet" },
        { "HttpPost", "HttpPost" },
        { "BasicAuth", "BasicAuth-POST" },
        { "Soap", "Soap" },
        { "OAuth2Json", "OAuth2Json" },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public async Task The_same_scenario_runs_under_each_configured_transport(string transport, string wireStyle)
    {
        var style = WireStyles.Get(wireStyle);
        using var fake = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        using var host = new ConfiguredClient(ConfiguredClient.For(transport, fake.BaseAddress));
        host.Start();
        var api = host.Api;
        var ct = TestContext.Current.CancellationToken;

        void Answer(ApiOperation operation, string? resultJson)
        {
            var (body, contentType) = style.RenderSuccess(operation, resultJson);
            fake.Answer(body, contentType);
            style.Prepare(fake);
        }

        Answer(ApiOperations.CreateGroup, """{"idgroup": 4242}""");
        var group = (await api.CreateGroupAsync("Newsletter", GroupType.Email, ["email", "name"], ct)).GroupId!.Value;
        Answer(ApiOperations.AddContact, """{"idcontact": 7}""");
        var contact = (await api.AddContactAsync(group, new ContactFields { { "email", "ana@example.com" }, { "name", "Ana" } }, ct)).ContactId!.Value;
        Answer(ApiOperations.GetContacts, """[{"idcontact": 7, "email": "ana@example.com", "name": "Ana"}]""");
        var contacts = await api.GetContactsAsync(group, ct);
        Answer(ApiOperations.DeleteGroup, null);
        await api.DeleteGroupAsync(group, ct);

        Assert.Equal(new GroupId(4242), group);
        Assert.Equal(new ContactId(7), contact);
        Assert.Equal("ana@example.com", Assert.Single(contacts).Fields["email"]);
        Assert.Equal(transport, ((ContactsClient)api).Transport.Name);
        var calls = fake.Requests.Select(r => style.DecodeAndCheck(r, TestCredentials.Create())).ToList();
        Assert.Equal(["creategroup", "addcontact", "getcontacts", "deletegroup"], calls.Select(c => c.Method));
        Assert.Equal([new KeyValuePair<string, string>("idgroup", "4242")], calls[3].Parameters);
    }
}
