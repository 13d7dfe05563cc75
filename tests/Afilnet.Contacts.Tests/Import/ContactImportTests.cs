using Afilnet.Contacts.Import;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Import;

/// <summary>
/// The importer's bookkeeping, through a real client over a scripted in-memory server: every contact ends up added,
/// skipped or failed. The script reads the contacts each batch carried from the request the SDK sent.
/// </summary>
public sealed class ContactImportTests
{
    private static readonly GroupId Group = new(10);

    private static IEnumerable<ContactFields> People(int count, int start = 0) =>
        Enumerable.Range(start, count).Select(i => new ContactFields { { "mobile", $"3460{i:0000000}" }, { "name", $"Person {i}" } });

    /// <summary>A client of <paramref name="style"/> (HttpPost unless said) whose every request <paramref name="scripted"/> answers.</summary>
    private static ContactsClient Client(ScriptedHandler scripted, string style = "HttpPost", Action<AfilnetOptions>? configure = null) =>
        TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, configure, handler: scripted);

    private static string Method(ScriptedHandler.Received call) => call.Field("method");

    /// <summary>The main fields of the contacts a POST batch carried.</summary>
    private static List<string> Mobiles(ScriptedHandler.Received call) => MobilesIn(call.Field("contacts"));

    private static List<string> MobilesIn(string contactsJson) => [.. ScriptedGroup.ContactsIn(contactsJson).Select(c => c["mobile"])];

    private static HttpResponseMessage Added(int count) => ScriptedGroup.Added(count);

    private static HttpResponseMessage AddedAll(ScriptedHandler.Received call) => Added(Mobiles(call).Count);

    private static List<int> BatchSizes(ScriptedHandler scripted) =>
        [.. scripted.Calls.Where(c => Method(c) == "addcontactlist").Select(c => Mobiles(c).Count)];

    [Fact]
    public async Task Contacts_are_sent_in_batches_of_the_configured_size()
    {
        var scripted = new ScriptedHandler(AddedAll);
        using var api = Client(scripted);
        var reports = new List<ContactImportProgress>();

        var result = await api.ImportContactsAsync(Group, People(250), new ContactImportOptions { MaxBatchSize = 100 }, new SyncProgress(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal([100, 100, 50], BatchSizes(scripted));
        Assert.Equal(People(250).Select(p => p["mobile"]), scripted.Calls.SelectMany(Mobiles));
        Assert.All(scripted.Calls, c => Assert.Equal("10", c.Field("idgroup")));
        Assert.Equal(250, result.Read);
        Assert.Equal(250, result.Added);
        Assert.Equal(3, result.Batches);
        Assert.Empty(result.Failed);
        Assert.Equal([100, 200, 250], reports.Select(r => r.Added));
    }

    [Fact]
    public async Task A_failed_batch_reports_exactly_its_contacts_and_the_reason()
    {
        var scripted = new ScriptedHandler(call => call.Index == 1 ? ScriptedHandler.Status(500) : AddedAll(call));
        using var api = Client(scripted);

        var result = await api.ImportContactsAsync(Group, People(30), new ContactImportOptions { MaxBatchSize = 10 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(20, result.Added);
        Assert.Equal(Enumerable.Range(10, 10), result.Failed.Select(f => f.Index));
        Assert.Equal(Mobiles(scripted.Calls[1]), result.Failed.Select(f => f.Contact["mobile"]));
        Assert.All(result.Failed, f =>
        {
            var error = Assert.IsType<AfilnetTransportException>(f.Error);
            Assert.Equal(500, error.StatusCode);
            Assert.Equal(error.Message, f.Reason);
            Assert.Contains("500", f.Reason, StringComparison.Ordinal);
            Assert.True(f.OutcomeUnknown);
        });
        Assert.Equal("34600000010", result.Failed[0].Contact["mobile"]);
    }

    [Fact]
    public async Task An_api_error_is_a_known_failure_not_an_unknown_outcome()
    {
        var scripted = new ScriptedHandler(_ => ScriptedHandler.Json("""{"status":"ERROR","error":"NOT_ACCESS_TO_GROUP"}"""));
        using var api = Client(scripted);

        var result = await api.ImportContactsAsync(Group, People(3), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0, result.Added);
        Assert.Equal(3, result.Failed.Count);
        Assert.All(result.Failed, f =>
        {
            Assert.False(f.OutcomeUnknown);
            Assert.Equal(ApiErrorCode.NotAccessToGroup, Assert.IsType<AfilnetApiException>(f.Error).ErrorCode);
        });
        Assert.Contains("NOT_ACCESS_TO_GROUP", result.Failed[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_rows_fail_alone_and_the_rest_goes_through()
    {
        var scripted = new ScriptedHandler(AddedAll);
        using var api = Client(scripted);
        ContactFields[] input = [.. People(2), [], .. People(2, 2), new ContactFields { { " ", "blank name" } }];

        var result = await api.ImportContactsAsync(Group, input, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([4], BatchSizes(scripted));
        Assert.Equal(People(4).Select(p => p["mobile"]), Mobiles(Assert.Single(scripted.Calls)));
        Assert.Equal(6, result.Read);
        Assert.Equal(4, result.Added);
        Assert.Equal([(2, "the contact has no fields"), (5, "the contact has a field with an empty name")], result.Failed.Select(f => (f.Index, f.Reason)));
        Assert.All(result.Failed, f => Assert.False(f.OutcomeUnknown));
    }

    [Fact]
    public async Task Server_counting_fewer_than_sent_is_reported_as_skipped()
    {
        var scripted = new ScriptedHandler(_ => Added(7));
        using var api = Client(scripted);

        var result = await api.ImportContactsAsync(Group, People(10), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(7, result.Added);
        Assert.Equal(3, result.ServerSkipped);
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task Cancelling_stops_between_batches_and_keeps_what_was_done()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var scripted = new ScriptedHandler(AddedAll);
        using var api = Client(scripted);

        var error = await Assert.ThrowsAsync<ContactImportCanceledException>(() => api.ImportContactsAsync(
            Group, People(1000), new ContactImportOptions { MaxBatchSize = 100 }, new SyncProgress(p => { if (p.Batches == 3) { cts.Cancel(); } }), cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(3, scripted.Calls.Count);
        Assert.Equal(300, error.Result.Added);
        Assert.Equal(3, error.Result.Batches);
        Assert.Empty(error.Result.Failed);
    }

    [Fact]
    public async Task A_batch_too_long_for_a_get_url_is_halved_before_anything_is_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var sent = new List<(int Contacts, int UrlLength)>();
        var scripted = new ScriptedHandler(call =>
        {
            // HttpGet: the call is in the query string; what the server gets is what the URL carried.
            var uri = call.Request.RequestUri!;
            var mobiles = MobilesIn(FormText.Parse(uri.Query).First(f => f.Key == "contacts").Value);
            sent.Add((mobiles.Count, uri.AbsoluteUri.Length));
            return Added(mobiles.Count);
        });
        using var api = Client(scripted, "HttpGet");

        // Contacts of one length each, so a URL grows by the same amount per contact.
        var people = Enumerable.Range(0, 200).Select(i => new ContactFields { { "mobile", $"3460{i:0000000}" }, { "name", $"Person {i:000}" } }).ToList();
        var result = await api.ImportContactsAsync(Group, people, new ContactImportOptions { MaxBatchSize = 100 }, cancellationToken: ct);

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join(", ", sent.Select(s => $"{s.Contacts} contacts in {s.UrlLength} characters")));
        Assert.Equal(200, result.Added);
        Assert.Empty(result.Failed);
        Assert.Equal(200, sent.Sum(s => s.Contacts));
        Assert.All(sent, s => Assert.True(s.UrlLength <= AfilnetOptions.DefaultMaxUrlLength, $"a URL of {s.UrlLength} characters was sent"));
        Assert.True(sent.Max(s => s.Contacts) < 100, "the first batch of 100 must have been halved");

        // The largest batch sent is the largest that fits: one contact more would be over the limit. The cost of a
        // contact is measured on the wire, from two batches of different sizes.
        var largest = sent.MaxBy(s => s.Contacts);
        var smaller = sent.First(s => s.Contacts < largest.Contacts);
        var perContact = (largest.UrlLength - smaller.UrlLength) / (largest.Contacts - smaller.Contacts);
        Assert.True(largest.UrlLength + perContact > AfilnetOptions.DefaultMaxUrlLength, $"{largest.Contacts} contacts took {largest.UrlLength} characters; one more ({perContact}) would still fit");
        Assert.True(sent.Count <= (200 / largest.Contacts) + 1 + 7, $"{sent.Count} batches: {string.Join(",", sent.Select(s => s.Contacts))}");
    }

    [Fact]
    public async Task Memory_stays_bounded_by_one_batch_for_100000_contacts()
    {
        var produced = 0;
        var received = 0;
        var maxAhead = 0;
        IEnumerable<ContactFields> Generate()
        {
            for (var i = 0; i < 100_000; i++)
            {
                produced++;
                yield return new ContactFields { { "mobile", $"3460{i:0000000}" } };
            }
        }

        var scripted = new ScriptedHandler(call =>
        {
            var count = Mobiles(call).Count;
            received += count;
            maxAhead = Math.Max(maxAhead, produced - received);
            return Added(count);
        });
        using var api = Client(scripted);

        var result = await api.ImportContactsAsync(Group, Generate(), new ContactImportOptions { MaxBatchSize = 1000 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(100_000, result.Added);
        Assert.Equal(100_000, received);
        Assert.Equal(100, result.Batches);
        Assert.True(maxAhead <= 1000, $"the importer held {maxAhead} contacts at once");
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which would race the assertions).</summary>
    private sealed class SyncProgress(Action<ContactImportProgress> report) : IProgress<ContactImportProgress>
    {
        public void Report(ContactImportProgress value) => report(value);
    }
}
