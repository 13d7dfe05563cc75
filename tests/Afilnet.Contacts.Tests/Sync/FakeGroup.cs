using Afilnet.Contacts.Sync;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.Sync;

/// <summary>A mobile group (columns mobile, name, city) on its own in-memory stateful fake, and how tests read it back.</summary>
public sealed class FakeGroup : IDisposable
{
    private FakeGroup(AfilnetFakeServer fake, GroupId id)
    {
        Fake = fake;
        Id = id;
    }

    public AfilnetFakeServer Fake { get; }

    public GroupId Id { get; }

    public static ContactFields Person(string mobile, string name, string city) => new() { { "mobile", mobile }, { "name", name }, { "city", city } };

    /// <summary>Creates the group holding <paramref name="before"/>, added as they are.</summary>
    public static async Task<FakeGroup> CreateAsync(IReadOnlyCollection<ContactFields> before, GroupType type = GroupType.Mobile)
    {
        var fake = AfilnetFakeServer.CreateInMemory();
        using var api = TestClients.ForFake(fake, WireStyles.Get("HttpPost"));
        var ct = TestContext.Current.CancellationToken;
        var main = type == GroupType.Mobile ? "mobile" : "email";
        var id = (await api.CreateGroupAsync("Sync", type, [main, "name", "city"], ct)).GroupId!.Value;
        foreach (var batch in before.Chunk(1000))
        {
            await api.AddContactListAsync(id, batch, ct);
        }

        return new FakeGroup(fake, id);
    }

    /// <summary>A client of the fake in <paramref name="styleName"/>, through <paramref name="handler"/> when given.</summary>
    public ContactsClient Client(string styleName = "HttpPost", HttpMessageHandler? handler = null) => TestClients.ForFake(Fake, WireStyles.Get(styleName), handler);

    /// <summary>The group's contacts as <c>field:value</c> text, sorted: equal when the group holds the same contacts.</summary>
    public async Task<List<string>> SnapshotAsync()
    {
        using var api = Client();
        return [.. (await api.GetContactsAsync(Id, TestContext.Current.CancellationToken)).Select(c => c.Fields.ToString()).Order(StringComparer.Ordinal)];
    }

    /// <summary>The wire methods the fake received from the <paramref name="from"/>th request on.</summary>
    public List<string?> MethodsSince(int from) => [.. Fake.Requests.Skip(from).Select(r => r.Method)];

    public void Dispose() => Fake.Dispose();
}

/// <summary>Checks every sync result makes: each source row is in exactly one bucket, and each bucket holds its action.</summary>
public static class SyncAssert
{
    public static void AccountsForEveryRow(GroupSyncResult result)
    {
        List<GroupSyncRow> sourceRows = [.. result.Added, .. result.Modified, .. result.Unchanged, .. result.Rejected, .. result.Failed, .. result.OutcomeUnknown, .. result.Pending];
        Assert.Equal(Enumerable.Range(0, result.Read), sourceRows.Where(r => r.Index >= 0).Select(r => r.Index).Order());
        Assert.All(result.Added, r => Assert.Equal(GroupSyncAction.Add, r.Action));
        Assert.All(result.Modified, r => Assert.Equal(GroupSyncAction.Modify, r.Action));
        Assert.All(result.Unchanged, r => Assert.Equal(GroupSyncAction.Unchanged, r.Action));
        Assert.All(result.Deleted, r => Assert.Equal(GroupSyncAction.Delete, r.Action));
        Assert.All(result.Rejected, r => Assert.Equal(GroupSyncAction.Reject, r.Action));
        Assert.All([.. result.Rejected, .. result.Failed, .. result.OutcomeUnknown], r => Assert.False(string.IsNullOrEmpty(r.Reason)));
        Assert.Equal(result.PlannedAdds + result.PlannedModifies + result.PlannedDeletes, result.Added.Count + result.Modified.Count + result.Deleted.Count + result.Failed.Count + result.OutcomeUnknown.Count + result.Pending.Count);
    }
}
