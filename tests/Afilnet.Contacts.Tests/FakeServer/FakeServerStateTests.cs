using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>The fake's state rules: one state behind every style, ids, countries, unknown fields, the skip rule, Reset, Requests.</summary>
public sealed class FakeServerStateTests : IDisposable
{
    private readonly AfilnetFakeServer _fake = AfilnetFakeServer.Start();

    [Fact]
    public async Task Create_add_get_modify_delete_across_styles_share_one_state()
    {
        var ct = TestContext.Current.CancellationToken;
        var clients = WireStyles.All.Select(s => new FakeClient(_fake, s.Name)).ToList();
        try
        {
            // Each step in the next style: what one style wrote, the next one reads.
            var step = 0;
            IContactsApi Next() => clients[step++ % clients.Count].Api;

            var group = (await Next().CreateGroupAsync("Newsletter", GroupType.Email, ["email", "name"], ct)).GroupId!.Value;
            var id = (await Next().AddContactAsync(group, new ContactFields { { "email", "ana@example.com" }, { "name", "Ana" } }, ct)).ContactId!.Value;
            Assert.Equal("Ana", (await Next().GetContactAsync(group, id, ct)).Fields["name"]);

            await Next().ModifyContactAsync(group, id, new ContactFields { { "name", "Ana B" } }, ct);
            Assert.Equal("Ana B", (await Next().GetContactsAsync(group, ct)).Single().Fields["name"]);

            await Next().DeleteContactAsync(group, id, ct);
            Assert.Empty(await Next().GetContactsAsync(group, ct));

            var expected = WireStyles.All.Select(s => (s.FakeStyle, s.UsesQueryString ? "GET" : "POST")).ToHashSet();
            Assert.Equal(expected, _fake.Requests.Select(r => (r.Style, r.Verb)).ToHashSet());
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task Ids_start_at_1000_and_count_up_per_kind()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpGet");

        var first = (await client.Api.CreateGroupAsync("a", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        var second = (await client.Api.CreateGroupAsync("b", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        var contact = (await client.Api.AddContactAsync(second, new ContactFields { { "mobile", "1" } }, ct)).ContactId!.Value;

        Assert.Equal((1000, 1001, 1000), (first.Value, second.Value, contact.Value));
    }

    [Theory]
    [InlineData("esp")]
    [InlineData("FRA")]
    [InlineData("Deu")]
    [InlineData("jpn")]
    public async Task Countries_known_to_the_platform_region_data_are_accepted_in_any_case(string code)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpPost");
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;

        // The SDK lowercases; send the case as given through the transport too.
        await client.Api.AssignCountryToGroupAsync(group, code, ct);
        Assert.Null(await client.SendRawAsync(ApiOperations.AssignCountryToGroup, group.ToString(), code));
    }

    [Theory]
    [InlineData("xyz")]
    [InlineData("zzz")]
    [InlineData("es")]
    [InlineData("419")]
    public async Task Codes_that_are_not_alpha3_countries_are_COUNTRY_NOT_FOUND(string code)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpPost");
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;

        Assert.Equal(ApiErrorCode.CountryNotFound, await client.SendRawAsync(ApiOperations.AssignCountryToGroup, group.ToString(), code));
    }

    [Fact]
    public async Task Fields_that_are_not_columns_of_the_group_are_ignored()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "BasicAuth-POST");
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile", "name"], ct)).GroupId!.Value;

        var id = (await client.Api.AddContactAsync(group, new ContactFields { { "mobile", "1" }, { "nickname", "x" }, { "name", "Ana" } }, ct)).ContactId!.Value;
        await client.Api.ModifyContactAsync(group, id, new ContactFields { { "shoe", "42" } }, ct);

        Assert.Equal([new("mobile", "1"), new("name", "Ana")], (await client.Api.GetContactAsync(group, id, ct)).Fields);
    }

    [Fact]
    public async Task Addcontactlist_counts_only_added_contacts_and_skips_missing_or_duplicate_main_fields()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "OAuth2Json");
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Email, ["email", "name"], ct)).GroupId!.Value;
        await client.Api.AddContactAsync(group, new ContactFields { { "email", "old@example.com" } }, ct);

        var result = await client.Api.AddContactListAsync(
            group,
            [
                new ContactFields { { "email", "new@example.com" } },
                new ContactFields { { "email", "old@example.com" } },
                new ContactFields { { "email", "new@example.com" } },
                new ContactFields { { "email", "" } },
                new ContactFields { { "name", "nobody" } },
                new ContactFields { { "email", "two@example.com" }, { "name", "Two" } },
            ],
            ct);

        Assert.Equal(2, result.Added);
        Assert.Equal(["old@example.com", "new@example.com", "two@example.com"], (await client.Api.GetContactsAsync(group, ct)).Select(c => c.Fields["email"]));
    }

    [Fact]
    public async Task Modifying_the_main_field_to_another_contacts_value_is_CONTACT_EXISTS()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "Soap");
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
        await client.Api.AddContactAsync(group, new ContactFields { { "mobile", "1" } }, ct);
        var second = (await client.Api.AddContactAsync(group, new ContactFields { { "mobile", "2" } }, ct)).ContactId!.Value;

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => client.Api.ModifyContactAsync(group, second, new ContactFields { { "mobile", "1" } }, ct));

        Assert.Equal(ApiErrorCode.ContactExists, error.ErrorCode);
    }

    [Fact]
    public async Task Deleting_a_column_deletes_its_values_but_the_main_column_stays()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpPost");
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile", "name"], ct)).GroupId!.Value;
        var id = (await client.Api.AddContactAsync(group, new ContactFields { { "mobile", "1" }, { "name", "Ana" } }, ct)).ContactId!.Value;

        await client.Api.DeleteColumnFromGroupAsync(group, "name", ct);
        await client.Api.AddColumnToGroupAsync(group, "name", ct);
        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => client.Api.DeleteColumnFromGroupAsync(group, "mobile", ct));

        Assert.Equal(ApiErrorCode.MissingMainField, error.ErrorCode);
        Assert.Equal([new("mobile", "1")], (await client.Api.GetContactAsync(group, id, ct)).Fields);
    }

    [Fact]
    public async Task Requests_records_style_verb_method_and_decoded_parameters_without_credentials()
    {
        var ct = TestContext.Current.CancellationToken;
        using var get = new FakeClient(_fake, "HttpGet");

        await get.Api.CreateGroupAsync("a b&c", GroupType.Mobile, ["mobile", "name"], ct);

        var request = Assert.Single(_fake.Requests);
        Assert.Equal((FakeWireStyle.HttpGet, "GET", "creategroup"), (request.Style, request.Verb, request.Method));
        Assert.Equal([new("name", "a b&c"), new("type", "mobile"), new("fields", "mobile,name")], request.Parameters);
        Assert.Equal("a b&c", request.Parameter("name"));
    }

    [Fact]
    public async Task Reset_forgets_state_requests_and_faults_and_restarts_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "OAuth2Json");
        await client.Api.CreateGroupAsync("a", GroupType.Mobile, ["mobile"], ct);
        _fake.InjectFault(FakeFault.Status(503));

        _fake.Reset();

        Assert.Empty(_fake.Requests);
        Assert.Equal(1000, (await client.Api.CreateGroupAsync("b", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value.Value);
        Assert.Equal(1, _fake.TokensIssued);
    }

    [Fact]
    public async Task Concurrent_adds_from_many_callers_get_distinct_ids()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpPost");
        var group = (await client.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;

        var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            client.Api.AddContactAsync(group, new ContactFields { { "mobile", $"346{i:D8}" } }, ct)));

        Assert.Equal(40, ids.Select(r => r.ContactId!.Value).Distinct().Count());
        Assert.Equal(40, (await client.Api.GetContactsAsync(group, ct)).Count);
    }

    public void Dispose() => _fake.Dispose();
}
