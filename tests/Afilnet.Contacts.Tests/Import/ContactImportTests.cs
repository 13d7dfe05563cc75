using System.Text.Json;
using Afilnet.Contacts.Import;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;

namespace Afilnet.Contacts.Tests.Import;

/// <summary>The importer's bookkeeping, over an in-memory transport: every contact ends up added, skipped or failed.</summary>
public sealed class ContactImportTests
{
    private static readonly GroupId Group = new(10);

    private static IEnumerable<ContactFields> People(int count, int start = 0) =>
        Enumerable.Range(start, count).Select(i => new ContactFields { { "mobile", $"3460{i:0000000}" }, { "name", $"Person {i}" } });

    private static int ContactsIn(ApiRequest request) => JsonDocument.Parse(request.Parameters[1].Value).RootElement.GetArrayLength();

    private static ApiAnswer AddedAll(ApiRequest request) =>
        ApiAnswer.Success(ApiValue.Record([new("added", ApiValue.Scalar(ContactsIn(request).ToString(System.Globalization.CultureInfo.InvariantCulture)))]));

    [Fact]
    public async Task Contacts_are_sent_in_batches_of_the_configured_size()
    {
        var sizes = new List<int>();
        var api = new ContactsClient(new ScriptedTransport(r => { sizes.Add(ContactsIn(r)); return AddedAll(r); }));
        var reports = new List<ContactImportProgress>();

        var result = await api.ImportContactsAsync(Group, People(250), new ContactImportOptions { MaxBatchSize = 100 }, new SyncProgress(reports.Add), TestContext.Current.CancellationToken);

        Assert.Equal([100, 100, 50], sizes);
        Assert.Equal(250, result.Read);
        Assert.Equal(250, result.Added);
        Assert.Equal(3, result.Batches);
        Assert.Empty(result.Failed);
        Assert.Equal([100, 200, 250], reports.Select(r => r.Added));
    }

    [Fact]
    public async Task A_failed_batch_reports_exactly_its_contacts_and_the_reason()
    {
        var call = 0;
        var api = new ContactsClient(new ScriptedTransport(r => ++call == 2 ? throw ScriptedTransport.Status(500) : AddedAll(r)));

        var result = await api.ImportContactsAsync(Group, People(30), new ContactImportOptions { MaxBatchSize = 10 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(20, result.Added);
        Assert.Equal(Enumerable.Range(10, 10), result.Failed.Select(f => f.Index));
        Assert.All(result.Failed, f =>
        {
            Assert.Equal("HTTP 500", f.Reason);
            Assert.True(f.OutcomeUnknown);
            Assert.IsType<AfilnetTransportException>(f.Error);
        });
        Assert.Equal("34600000010", result.Failed[0].Contact["mobile"]);
    }

    [Fact]
    public async Task An_api_error_is_a_known_failure_not_an_unknown_outcome()
    {
        var api = new ContactsClient(new ScriptedTransport(_ => ApiAnswer.Error(ApiErrorCode.NotAccessToGroup)));

        var result = await api.ImportContactsAsync(Group, People(3), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.False(f.OutcomeUnknown));
        Assert.Contains("NOT_ACCESS_TO_GROUP", result.Failed[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_rows_fail_alone_and_the_rest_goes_through()
    {
        var sizes = new List<int>();
        var api = new ContactsClient(new ScriptedTransport(r => { sizes.Add(ContactsIn(r)); return AddedAll(r); }));
        ContactFields[] input = [.. People(2), [], .. People(2, 2)];

        var result = await api.ImportContactsAsync(Group, input, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([4], sizes);
        Assert.Equal(4, result.Added);
        var failure = Assert.Single(result.Failed);
        Assert.Equal(2, failure.Index);
        Assert.Equal("the contact has no fields", failure.Reason);
    }

    [Fact]
    public async Task Server_counting_fewer_than_sent_is_reported_as_skipped()
    {
        var api = new ContactsClient(new ScriptedTransport(_ => ApiAnswer.Success(ApiValue.Record([new("added", ApiValue.Scalar("7"))]))));

        var result = await api.ImportContactsAsync(Group, People(10), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(7, result.Added);
        Assert.Equal(3, result.ServerSkipped);
    }

    [Fact]
    public async Task Cancelling_stops_between_batches_and_keeps_what_was_done()
    {
        using var cts = new CancellationTokenSource();
        var api = new ContactsClient(new ScriptedTransport(AddedAll));

        var error = await Assert.ThrowsAsync<ContactImportCanceledException>(() => api.ImportContactsAsync(
            Group, People(1000), new ContactImportOptions { MaxBatchSize = 100 }, new SyncProgress(p => { if (p.Batches == 3) { cts.Cancel(); } }), cts.Token));

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(300, error.Result.Added);
        Assert.Equal(3, error.Result.Batches);
        Assert.Empty(error.Result.Failed);
    }

    [Fact]
    public async Task A_batch_too_long_for_a_get_url_is_halved_before_anything_is_sent()
    {
        var sizes = new List<int>();
        var api = new ContactsClient(new ScriptedTransport(r =>
        {
            var count = ContactsIn(r);
            return count > 30
                ? throw new AfilnetRequestTooLargeException("too long", count * 100, 3000)
                : AddedAll(r.Also(() => sizes.Add(count)));
        }));

        var result = await api.ImportContactsAsync(Group, People(200), new ContactImportOptions { MaxBatchSize = 100 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(200, result.Added);
        Assert.All(sizes, s => Assert.True(s <= 30));
        Assert.Equal(200, sizes.Sum());

        // Halving from 100 lands on 25; the search then settles on exactly the largest size that fits.
        Assert.Equal(30, sizes.Max());
        Assert.True(sizes.Count <= 9, $"{sizes.Count} batches: {string.Join(",", sizes)}");
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task Unknown_outcome_is_reconciled_by_main_field_without_duplicates()
    {
        var sent = new List<string>();
        var calls = 0;
        var api = new ContactsClient(new ScriptedTransport(r =>
        {
            calls++;
            if (r.Operation == ApiOperations.GetContacts)
            {
                // The lost batch did reach the server: the first two of its three contacts are in the group.
                return ApiAnswer.Success(ApiValue.List(
                [
                    ApiValue.Record([new("idcontact", ApiValue.Scalar("1")), new("mobile", ApiValue.Scalar("34600000000"))]),
                    ApiValue.Record([new("idcontact", ApiValue.Scalar("2")), new("mobile", ApiValue.Scalar("34600000001"))]),
                ]));
            }

            sent.Add(r.Parameters[1].Value);
            return calls == 1
                ? throw new AfilnetTransportException("timed out", TransportFailureReason.Timeout, "addcontactlist")
                : AddedAll(r);
        }));

        var result = await api.ImportContactsAsync(Group, People(3), new ContactImportOptions { ReconcileUnknownOutcomes = true }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(3, result.Added);
        Assert.Empty(result.Failed);
        Assert.Equal(2, sent.Count);
        Assert.Contains("34600000002", sent[1], StringComparison.Ordinal);
        Assert.DoesNotContain("34600000000", sent[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_reconciliation_an_unknown_outcome_is_reported_as_such()
    {
        var api = new ContactsClient(new ScriptedTransport(ScriptedTransport.Fail(new AfilnetTransportException("timed out", TransportFailureReason.Timeout, "addcontactlist"))));

        var result = await api.ImportContactsAsync(Group, People(2), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(2, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.True(f.OutcomeUnknown));
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

        var api = new ContactsClient(new ScriptedTransport(r =>
        {
            received += ContactsIn(r);
            maxAhead = Math.Max(maxAhead, produced - received);
            return AddedAll(r);
        }));

        var result = await api.ImportContactsAsync(Group, Generate(), new ContactImportOptions { MaxBatchSize = 1000 }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(100_000, result.Added);
        Assert.Equal(100, result.Batches);
        Assert.True(maxAhead <= 1000, $"the importer held {maxAhead} contacts at once");
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool, which would race the assertions).</summary>
    private sealed class SyncProgress(Action<ContactImportProgress> report) : IProgress<ContactImportProgress>
    {
        public void Report(ContactImportProgress value) => report(value);
    }
}

internal static class RequestExtensions
{
    public static T Also<T>(this T value, Action action)
    {
        action();
        return value;
    }
}
