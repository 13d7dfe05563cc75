using Afilnet.Contacts.Sync;
using Afilnet.Contacts.Tests.Infrastructure;
using static Afilnet.Contacts.Tests.Sync.FakeGroup;

namespace Afilnet.Contacts.Tests.Sync;

/// <summary>What a sync plans from a group and a source, what it sends for it, and that a second run sends nothing.</summary>
public sealed class GroupSyncTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly ContactFields[] Before =
    [
        Person("34600000001", "Ana", "Madrid"),
        Person("34600000002", "Bea", "Bilbao"),
        Person("34600000003", "Carla", "Cadiz"),
        Person("34600000005", "Eva", "Elche"),
    ];

    /// <summary>One row for each decision the plan can make.</summary>
    private static readonly ContactFields[] Source =
    [
        Person("+34 600 000 001", "Ana", "Madrid"),   // 0 unchanged: another spelling of the same mobile
        Person("34600000002", "Bea", "Sevilla"),      // 1 modify the city
        Person("34600000004", "Dani", "Denia"),       // 2 add
        Person("34 600 000 004", "Other", "Oviedo"),  // 3 rejected: row 2 has this mobile
        Person("", "Nobody", "Nowhere"),              // 4 rejected: no mobile
        Person("34123", "Short", "Soria"),            // 5 rejected: not a valid number
        Person("34600000005", "Eva: VIP", "Elche"),   // 6 rejected: modifycontact cannot carry ':'
    ];

    [Fact]
    public async Task A_dry_run_plans_every_kind_of_row_and_sends_only_the_two_reads()
    {
        using var group = await CreateAsync(Before);
        var before = await group.SnapshotAsync();
        var sent = group.Fake.Requests.Count;
        using var api = group.Client();

        var result = await api.SyncGroupAsync(group.Id, Source, new GroupSyncOptions { DryRun = true, DeleteMissing = true }, cancellationToken: Ct);

        Assert.Equal(["getgroupcolumns", "getcontacts"], group.MethodsSince(sent));
        Assert.Equal(before, await group.SnapshotAsync());
        Assert.Equal((1, 1, 1), (result.PlannedAdds, result.PlannedModifies, result.PlannedDeletes));
        Assert.Equal([0], result.Unchanged.Select(r => r.Index));
        Assert.Equal([3, 4, 5, 6], result.Rejected.Select(r => r.Index));
        Assert.Contains("row 2 has the same mobile", result.Rejected[0].Reason, StringComparison.Ordinal);
        Assert.Contains("missing or empty", result.Rejected[1].Reason, StringComparison.Ordinal);
        Assert.Contains("not a valid mobile", result.Rejected[2].Reason, StringComparison.Ordinal);
        Assert.Contains("modifycontact", result.Rejected[3].Reason, StringComparison.Ordinal);
        Assert.Equal([GroupSyncAction.Add, GroupSyncAction.Modify, GroupSyncAction.Delete], result.Pending.Select(r => r.Action));
        Assert.Equal("city:Sevilla", result.Pending[1].Fields.ToString());
        Assert.Equal("mobile:34600000003,name:Carla,city:Cadiz", result.Pending[2].Fields.ToString());
        Assert.True(result.DryRun);
        Assert.False(result.Converged);
        SyncAssert.AccountsForEveryRow(result);
    }

    [Fact]
    public async Task A_group_whose_answer_outgrows_MaxResponseBytes_still_syncs()
    {
        var people = Enumerable.Range(0, 2_000).Select(i => Person($"346{i:00000000}", $"Person {i}", "Madrid")).ToArray();
        using var group = await CreateAsync(people);
        var fake = group.Fake;
        var options = fake.CreateClientOptions(AfilnetTransportKind.HttpPost);
        options.MaxResponseBytes = 16 * 1024;
        options.Retry.MaxRetries = 0;
        using var api = new ContactsClient(options, fake.CreateHandler(), timeProvider: TestClients.NewClock());

        // The answer is far larger than the limit: a buffered listing is refused, the sync reads the group as it arrives.
        var refused = await Assert.ThrowsAsync<AfilnetTransportException>(() => api.GetContactsAsync(group.Id, Ct));
        Assert.Equal(TransportFailureReason.ResponseTooLarge, refused.Reason);
        var result = await api.SyncGroupAsync(group.Id, people.Append(Person("34699999999", "New", "Vigo")), cancellationToken: Ct);

        Assert.Equal((1, 0, 0), (result.PlannedAdds, result.PlannedModifies, result.PlannedDeletes));
        Assert.Equal(2_000, result.Unchanged.Count);
        Assert.True(result.Converged);
    }

    [Fact]
    public async Task A_run_sends_the_plan_and_a_second_run_sends_nothing()
    {
        using var group = await CreateAsync(Before);
        var sent = group.Fake.Requests.Count;
        using var api = group.Client();
        var options = new GroupSyncOptions { DeleteMissing = true };

        var result = await api.SyncGroupAsync(group.Id, Source, options, cancellationToken: Ct);

        Assert.Equal(["getgroupcolumns", "getcontacts", "addcontactlist", "modifycontact", "deletecontact"], group.MethodsSince(sent));
        Assert.Equal("city:Sevilla", group.Fake.Requests.Single(r => r.Method == "modifycontact").Parameter("contact"));
        Assert.Equal(
            ["mobile:34600000001,name:Ana,city:Madrid", "mobile:34600000002,name:Bea,city:Sevilla", "mobile:34600000004,name:Dani,city:Denia", "mobile:34600000005,name:Eva,city:Elche"],
            await group.SnapshotAsync());
        Assert.Equal((1, 1, 1), (result.Added.Count, result.Modified.Count, result.Deleted.Count));
        Assert.True(result.Converged);
        SyncAssert.AccountsForEveryRow(result);

        sent = group.Fake.Requests.Count;
        var again = await api.SyncGroupAsync(group.Id, Source, options, cancellationToken: Ct);

        Assert.Equal(["getgroupcolumns", "getcontacts"], group.MethodsSince(sent));
        Assert.Equal((0, 0, 0), (again.PlannedAdds, again.PlannedModifies, again.PlannedDeletes));
        Assert.Equal([0, 1, 2], again.Unchanged.Select(r => r.Index));
    }

    [Fact]
    public async Task Contacts_absent_from_the_source_stay_unless_DeleteMissing_is_on()
    {
        using var group = await CreateAsync(Before);
        using var api = group.Client();

        var result = await api.SyncGroupAsync(group.Id, [Person("34600000001", "Ana", "Madrid")], cancellationToken: Ct);

        Assert.Equal(3, result.NotInSource);
        Assert.Equal(0, result.PlannedDeletes);
        Assert.Equal(4, (await group.SnapshotAsync()).Count);
    }

    [Fact]
    public async Task A_rejected_row_still_keeps_its_contact_from_DeleteMissing()
    {
        using var group = await CreateAsync([Person("34123", "Short", "Soria")]);
        using var api = group.Client();

        var result = await api.SyncGroupAsync(group.Id, [Person("+34 123", "Short", "Segovia")], new GroupSyncOptions { DeleteMissing = true }, cancellationToken: Ct);

        Assert.Contains("not a valid mobile", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(0, result.PlannedDeletes);
        Assert.Equal(["mobile:34123,name:Short,city:Soria"], await group.SnapshotAsync());
    }

    [Fact]
    public async Task Mobiles_are_sent_as_digits_with_their_country_code()
    {
        using var group = await CreateAsync([]);
        using var api = group.Client();

        await api.SyncGroupAsync(group.Id, [Person("+34 600-000-009", "Ana", "Madrid")], cancellationToken: Ct);
        await api.SyncGroupAsync(group.Id, [Person("600 000 010", "Bea", "Bilbao")], new GroupSyncOptions { DefaultRegion = "ES" }, cancellationToken: Ct);

        Assert.Equal(["mobile:34600000009,name:Ana,city:Madrid", "mobile:34600000010,name:Bea,city:Bilbao"], await group.SnapshotAsync());
    }

    [Fact]
    public async Task A_field_that_is_not_a_column_is_ignored_so_it_is_not_planned_again()
    {
        using var group = await CreateAsync(Before);
        using var api = group.Client();
        ContactFields[] source = [new() { { "mobile", "34600000001" }, { "name", "Ana" }, { "vip", "yes" } }];

        var result = await api.SyncGroupAsync(group.Id, source, cancellationToken: Ct);

        Assert.Equal(["vip"], result.IgnoredFields);
        Assert.Equal([0], result.Unchanged.Select(r => r.Index));
    }

    [Fact]
    public async Task An_email_group_matches_trimmed_case_insensitive_addresses_and_rejects_what_is_no_address()
    {
        using var group = await CreateAsync([new() { { "email", "ana@example.com" }, { "name", "Ana" } }], GroupType.Email);
        using var api = group.Client();
        ContactFields[] source = [new() { { "email", " Ana@Example.COM " }, { "name", "Ana García" } }, new() { { "email", "not-an-address" } }];

        var result = await api.SyncGroupAsync(group.Id, source, cancellationToken: Ct);

        Assert.Equal("email", result.MainField);
        Assert.Equal("name:Ana García", Assert.Single(result.Modified).Fields.ToString());
        Assert.Contains("not an e-mail address", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
        Assert.Equal(["email:ana@example.com,name:Ana García"], await group.SnapshotAsync());
    }

    [Fact]
    public async Task Cancellation_between_writes_throws_what_was_done_and_leaves_the_rest_pending()
    {
        using var group = await CreateAsync(Before);
        using var api = group.Client();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var reports = new List<GroupSyncProgress>();

        // Cancelled once the first write is done: the sync stops before the next one.
        var progress = new Inline<GroupSyncProgress>(p =>
        {
            reports.Add(p);
            if (p.WritesDone == 1)
            {
                cancel.Cancel();
            }
        });
        ContactFields[] source = [Person("34600000007", "Gema", "Gijon"), Person("34600000008", "Hugo", "Huesca"), Person("34600000001", "Ana", "Avila")];

        var canceled = await Assert.ThrowsAsync<GroupSyncCanceledException>(
            () => api.SyncGroupAsync(group.Id, source, new GroupSyncOptions { MaxBatchSize = 1 }, progress, cancel.Token));

        var result = canceled.Result;
        Assert.Equal([0], result.Added.Select(r => r.Index));
        Assert.Equal([1, 2], result.Pending.Select(r => r.Index));
        Assert.Equal((0, 3, 0), (reports[0].WritesDone, reports[0].PlannedWrites, reports[0].Read - 3));
        SyncAssert.AccountsForEveryRow(result);
        Assert.DoesNotContain("mobile:34600000008,name:Hugo,city:Huesca", await group.SnapshotAsync());
    }

    [Theory]
    [InlineData("name", null)]
    [InlineData(null, "XX")]
    public async Task Options_it_cannot_follow_throw_before_anything_is_sent(string? mainField, string? region)
    {
        using var group = await CreateAsync([]);
        using var api = group.Client();
        var sent = group.Fake.Requests.Count;

        await Assert.ThrowsAsync<ArgumentException>(() => api.SyncGroupAsync(group.Id, Source, new GroupSyncOptions { MainField = mainField, DefaultRegion = region }, cancellationToken: Ct));

        Assert.Empty(group.MethodsSince(sent));
    }

    /// <summary>Reports on the calling thread, at once (<see cref="Progress{T}"/> would post, and a test could not tell when).</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
