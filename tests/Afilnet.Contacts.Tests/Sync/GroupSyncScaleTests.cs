using System.Diagnostics;
using Afilnet.Contacts.Sync;
using static Afilnet.Contacts.Tests.Sync.FakeGroup;

namespace Afilnet.Contacts.Tests.Sync;

/// <summary>
/// A 100,000-row source against a group that differs in adds, modifications and deletions (in-memory fake, HttpPost):
/// a dry run, a real run and a check run, with their plan counts, time and memory written to the test output. Time and
/// memory are reported, not asserted: they depend on the machine.
/// </summary>
public sealed class GroupSyncScaleTests
{
    private const int Rows = 100_000;
    private const int Adds = 10_000;
    private const int Modifies = 2_000;
    private const int Deletes = 2_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Mobile(int i) => $"3460{i:0000000}";

    /// <summary>The source, generated row by row as it is read: the sync is the only one to hold anything of it.</summary>
    private static IEnumerable<ContactFields> Source()
    {
        for (var i = 0; i < Rows; i++)
        {
            yield return Person(Mobile(i), $"Person {i}", "Madrid");
        }
    }

    [Fact]
    public async Task A_hundred_thousand_rows_are_planned_and_synced_with_the_plan_reported()
    {
        // The group: the first rows as in the source, the last of those with another city, plus contacts the source lacks.
        var kept = Rows - Adds;
        List<ContactFields> before =
        [
            .. Enumerable.Range(0, kept).Select(i => Person(Mobile(i), $"Person {i}", i >= kept - Modifies ? "Bilbao" : "Madrid")),
            .. Enumerable.Range(0, Deletes).Select(i => Person($"3461{i:0000000}", $"Gone {i}", "Cadiz")),
        ];
        using var group = await CreateAsync(before);
        before.Clear();
        using var api = group.Client();

        var dry = await MeasureAsync("dry run", p => api.SyncGroupAsync(group.Id, Source(), new GroupSyncOptions { DryRun = true, DeleteMissing = true }, p, Ct));
        Assert.Equal((Adds, Modifies, Deletes, kept - Modifies), (dry.PlannedAdds, dry.PlannedModifies, dry.PlannedDeletes, dry.Unchanged.Count));

        var real = await MeasureAsync("real run", p => api.SyncGroupAsync(group.Id, Source(), new GroupSyncOptions { DeleteMissing = true }, p, Ct));
        Assert.True(real.Converged, real.ToString());
        Assert.Equal((Adds, Modifies, Deletes), (real.Added.Count, real.Modified.Count, real.Deleted.Count));

        var check = await MeasureAsync("check run", p => api.SyncGroupAsync(group.Id, Source(), new GroupSyncOptions { DryRun = true, DeleteMissing = true }, p, Ct));
        Assert.Equal((0, 0, 0, Rows), (check.PlannedAdds, check.PlannedModifies, check.PlannedDeletes, check.Unchanged.Count));
    }

    private static async Task<GroupSyncResult> MeasureAsync(string name, Func<IProgress<GroupSyncProgress>, Task<GroupSyncResult>> run)
    {
        // Once the plan is made the run holds the most: the group as read, and the keys and rows of the plan.
        long? heldAtPlan = null;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        var result = await run(new AtFirstReport(() => heldAtPlan ??= GC.GetTotalMemory(forceFullCollection: true) - heapBefore));
        watch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // What stays reachable at the end: the result (its rows) and what the run has not let go of.
        var heldAfter = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        using var process = Process.GetCurrentProcess();
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{name}: {result}; {watch.Elapsed.TotalSeconds:0.00} s, {allocated / 1e6:0} MB allocated, {heldAtPlan / 1e6:0} MB live once planned, {heldAfter / 1e6:0} MB held by the result, process peak working set {process.PeakWorkingSet64 / 1e6:0} MB");
        GC.KeepAlive(result);
        return result;
    }

    /// <summary>Runs an action at the first report, on the reporting thread.</summary>
    private sealed class AtFirstReport(Action action) : IProgress<GroupSyncProgress>
    {
        public void Report(GroupSyncProgress value) => action();
    }
}
