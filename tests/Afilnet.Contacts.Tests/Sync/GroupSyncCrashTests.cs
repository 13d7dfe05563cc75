using Afilnet.Contacts.Sync;
using Afilnet.Contacts.Tests.Infrastructure;
using static Afilnet.Contacts.Tests.Sync.FakeGroup;

namespace Afilnet.Contacts.Tests.Sync;

/// <summary>
/// A sync interrupted at every request of its run, in every wire style, and then run again, converges: the group ends
/// up holding the source (by normalised mobile and fields), no mobile twice, and a third run plans nothing. The plan is
/// recomputed from a fresh read each run, so whatever the interrupted request did or did not do, the re-run sees it.
/// </summary>
public sealed class GroupSyncCrashTests
{
    /// <summary>How the interrupted run ends at the chosen request.</summary>
    public enum Interruption
    {
        /// <summary>The process stops before the request reaches the server (a cancellation, as a shutdown would).</summary>
        StopsBeforeTheServer,

        /// <summary>The server carries the request out, then the process stops before it reads the answer.</summary>
        StopsAfterTheServerApplied,

        /// <summary>The server carries the request out and the connection is lost for good: this and every later request fail.</summary>
        ConnectionLostAfterTheServerApplied,
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly GroupSyncOptions Options = new() { DeleteMissing = true, MaxBatchSize = 2 };

    /// <summary>What the group must hold in the end, by mobile: the source's valid rows, the first of each mobile.</summary>
    private static readonly ContactFields[] Desired =
    [
        .. Enumerable.Range(0, 8).Select(i => Person($"3460000{i:0000}", $"Kept {i}", "Madrid")),
        .. Enumerable.Range(10, 10).Select(i => Person($"3460000{i:0000}", $"Changed {i}", "Sevilla")),
        .. Enumerable.Range(30, 10).Select(i => Person($"3460000{i:0000}", $"New {i}, with: punctuation", "Denia")),
    ];

    /// <summary>Before: 8 as desired, 10 with another city, 6 the source does not have.</summary>
    private static readonly ContactFields[] Before =
    [
        .. Desired.Take(8),
        .. Enumerable.Range(10, 10).Select(i => Person($"3460000{i:0000}", $"Changed {i}", "Bilbao")),
        .. Enumerable.Range(50, 6).Select(i => Person($"3460000{i:0000}", $"Gone {i}", "Cadiz")),
    ];

    /// <summary>The source: the desired rows (some mobiles in another spelling) and rows the plan rejects.</summary>
    private static readonly ContactFields[] Source =
    [
        .. Desired.Select((c, i) => i % 3 == 0 ? Respelled(c) : c),
        Person("34600000030", "A later duplicate", "Oviedo"),
        Person("34123", "Not a number", "Soria"),
        Person(string.Empty, "No mobile", "Nowhere"),
    ];

    public static TheoryData<string, Interruption> Cases() =>
        WireStyles.Times(Enum.GetValues<Interruption>());

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_sync_interrupted_at_any_request_converges_when_run_again(string styleName, Interruption interruption)
    {
        var requests = await RequestsOfACleanRunAsync(styleName);
        Assert.True(requests >= 20, $"a clean run makes only {requests} requests");
        var output = TestContext.Current.TestOutputHelper;

        for (var crashAt = 1; crashAt <= requests; crashAt++)
        {
            using var group = await CreateAsync(Before);
            var first = await InterruptedRunAsync(group, styleName, crashAt, interruption);
            if (first is not null)
            {
                SyncAssert.AccountsForEveryRow(first);
                Assert.False(first.Converged, $"request {crashAt} failed, yet the run says it converged");
            }

            using var api = group.Client(styleName);
            var second = await api.SyncGroupAsync(group.Id, Source, Options, cancellationToken: Ct);
            SyncAssert.AccountsForEveryRow(second);
            Assert.True(second.Converged, $"{styleName}, {interruption} at request {crashAt}: the re-run did not converge: {second}");

            var held = await group.SnapshotAsync();
            Assert.Equal(Desired.Select(c => c.ToString()).Order(StringComparer.Ordinal), held);

            var third = await api.SyncGroupAsync(group.Id, Source, new GroupSyncOptions { DeleteMissing = true, DryRun = true }, cancellationToken: Ct);
            Assert.Equal((0, 0, 0, Desired.Length), (third.PlannedAdds, third.PlannedModifies, third.PlannedDeletes, third.Unchanged.Count));
            output?.WriteLine($"{styleName}, {interruption} at request {crashAt}/{requests}: {(first is null ? "the run threw" : first.ToString())}; re-run: {second}");
        }
    }

    private static ContactFields Respelled(ContactFields contact)
    {
        var mobile = contact["mobile"];
        return Person($"+{mobile[..2]} {mobile[2..5]} {mobile[5..8]} {mobile[8..]}", contact["name"], contact["city"]);
    }

    /// <summary>How many requests (token requests included) an uninterrupted sync of the source makes in the style.</summary>
    private static async Task<int> RequestsOfACleanRunAsync(string styleName)
    {
        using var group = await CreateAsync(Before);
        var counter = new InterruptingHandler(group.Fake.CreateHandler(), int.MaxValue, Interruption.StopsBeforeTheServer, new CancellationTokenSource());
        using var api = group.Client(styleName, counter);
        var result = await api.SyncGroupAsync(group.Id, Source, Options, cancellationToken: Ct);
        Assert.True(result.Converged, result.ToString());
        return counter.Requests;
    }

    /// <summary>The run's result, or null when it threw (the group could not be read, or the process stopped there).</summary>
    private static async Task<GroupSyncResult?> InterruptedRunAsync(FakeGroup group, string styleName, int crashAt, Interruption interruption)
    {
        using var process = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var api = group.Client(styleName, new InterruptingHandler(group.Fake.CreateHandler(), crashAt, interruption, process));
        try
        {
            return await api.SyncGroupAsync(group.Id, Source, Options, cancellationToken: process.Token);
        }
        catch (GroupSyncCanceledException stopped)
        {
            Assert.NotEqual(Interruption.ConnectionLostAfterTheServerApplied, interruption);
            return stopped.Result;
        }
        catch (AfilnetException) when (interruption == Interruption.ConnectionLostAfterTheServerApplied)
        {
            // The reads (or the token request) failed: nothing was written.
            return null;
        }
        catch (OperationCanceledException) when (process.IsCancellationRequested)
        {
            // Stopped while reading the group, before any plan.
            return null;
        }
    }

    /// <summary>Passes requests on until the <c>crashAt</c>th, which it interrupts as told; every request after it fails too.</summary>
    private sealed class InterruptingHandler(HttpMessageHandler fake, int crashAt, Interruption interruption, CancellationTokenSource process) : DelegatingHandler(fake)
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _requests);
            if (n < crashAt)
            {
                return await base.SendAsync(request, cancellationToken);
            }

            if (n == crashAt && interruption != Interruption.StopsBeforeTheServer)
            {
                // Carried out; only the answer is lost.
                (await base.SendAsync(request, cancellationToken)).Dispose();
            }

            if (interruption == Interruption.ConnectionLostAfterTheServerApplied)
            {
                throw new HttpRequestException("The connection was lost.");
            }

            await process.CancelAsync();
            throw new OperationCanceledException(process.Token);
        }
    }
}
