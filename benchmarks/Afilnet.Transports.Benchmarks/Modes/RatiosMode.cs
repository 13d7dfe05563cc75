using System.Diagnostics;
using System.Globalization;
using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Modes;

/// <summary>
/// SDK-over-baseline ratios measured in one process with interleaved rounds, so that drift (thermal, load from other
/// processes, JIT tiering) hits both sides of a ratio alike. Each round, every client of a row runs a batch of K calls,
/// in an order rotated from round to round; the ratio of a round is the SDK's batch time over the baseline's, and a row
/// reports the median and quartiles of its per-round ratios (warm-up rounds discarded).
/// <list type="bullet">
/// <item><c>loopback</c>: wall time (Stopwatch) over the Kestrel server on 127.0.0.1 (server and client share the cores).</item>
/// <item><c>inmemory</c>: CPU time of the calling thread over the <see cref="CannedHandler"/>, for clients whose calls complete
/// synchronously (checked on every call); process CPU time for those that do not (a NOTE line says so).</item>
/// <item><c>wcf</c>: wall time over the loopback server, the SDK's Soap transport against a raw WCF client on the same binding.</item>
/// </list>
/// Allocations are exact: <see cref="GC.GetAllocatedBytesForCurrentThread"/> around a synchronous batch, otherwise
/// <see cref="GC.GetTotalAllocatedBytes(bool)"/> (precise), which over loopback also counts the in-process Kestrel
/// server's allocations; the requests are byte-identical, so that part is the same for both sides of a difference.
/// </summary>
internal static class RatiosMode
{
    private const int DefaultRounds = 41;
    private const int WarmUpRounds = 5;
    private const string FloorLabel = "floor_over_baseline";

    // Warm-up of a row: at least WarmUpTime, and until no method has been compiled for JitQuietTime (at most WarmUpLimit).
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan JitQuietTime = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(10);

    // A round of a row (every client's batch) aims at this much time when --batch is not given.
    private static readonly TimeSpan RoundTarget = TimeSpan.FromMilliseconds(35);

    private static readonly string[] Fields = ["mobile", "name"];
    private static readonly GroupId Group = new(1000);

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = IntOption(args, "--rounds") ?? DefaultRounds;
        var batch = IntOption(args, "--batch");
        var filter = StringOption(args, "--filter") ?? "";
        var started = Stopwatch.StartNew();
        PrintHeader(rounds, batch, filter);

        var calls = new (string Name, int? Contacts)[] { ("creategroup", null), ("getcontacts-1", 1), ("getcontacts-1000", 1000) };
        var styles = new[] { WireStyle.HttpGet, WireStyle.HttpPost, WireStyle.BasicAuth, WireStyle.OAuth2Json, WireStyle.Soap };
        bool Wanted(string family, string transport, string call) => $"{family} {transport} {call}".Contains(filter, StringComparison.Ordinal);

        var failures = 0;
        foreach (var family in new[] { "inmemory", "loopback", "wcf" })
        {
            var wanted = (from style in styles from call in calls where (family != "wcf" || style == WireStyle.Soap) && Wanted(family, style.ToString(), call.Name) select (style, call)).ToList();
            if (wanted.Count == 0)
            {
                continue;
            }

            await using var rig = family == "inmemory" ? await Rig.StartInMemoryAsync() : await Rig.StartLoopbackAsync();
            using var wcfPerCall = family == "wcf" ? new RawWcf(rig.BaseAddress, reuseChannel: false) : null;
            using var wcfReused = family == "wcf" ? new RawWcf(rig.BaseAddress, reuseChannel: true) : null;
            using var floorHttp = family == "loopback" ? new HttpClient(new SocketsHttpHandler { UseCookies = false }) { Timeout = Timeout.InfiniteTimeSpan } : null;
            var bytesOfOneContact = new Dictionary<WireStyle, (double Sdk, double Baseline)>();
            foreach (var (style, call) in wanted)
            {
                rig.Answer(call.Contacts);
                var row = family == "wcf"
                    ? WcfRow(rig, wcfPerCall!, wcfReused!, call.Contacts is not null)
                    : Row(family, rig, style, call.Contacts is not null, floorHttp);
                var result = await MeasureAsync(row, family, style.ToString(), call.Name, rounds, batch);
                if (result is null)
                {
                    failures++;
                    continue;
                }

                var bytes = result.BytesPerCall;
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"RATIO {family} {style} {call.Name} {Quartiles(result.Ratios[0])} bytes_above={Math.Round(bytes[0] - bytes[1]):0}");
                Console.WriteLine(text);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"BYTES {family} {style} {call.Name} sdk={bytes[0]:0} baseline={bytes[1]:0}"));
                for (var i = 1; i < row.Comparisons.Count; i++)
                {
                    var (label, numerator, denominator) = row.Comparisons[i];
                    var floor = label == FloorLabel;
                    var subject = floor ? $"floor {call.Name}" : $"{style} {call.Name}";
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"REF {family} {subject} {label} {Quartiles(result.Ratios[i])} bytes_above={Math.Round(bytes[numerator] - bytes[denominator]):0}{(floor ? $" baseline={style}" : "")}"));
                }

                if (call.Contacts == 1)
                {
                    bytesOfOneContact[style] = (bytes[0], bytes[1]);
                }
                else if (call.Contacts == 1000 && bytesOfOneContact.TryGetValue(style, out var one))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"PERCONTACT {family} {style} sdk={(bytes[0] - one.Sdk) / 999:0} baseline={(bytes[1] - one.Baseline) / 999:0}"));
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# done in {started.Elapsed.TotalSeconds:0} s; load average after: {LoadAverage()}{(failures > 0 ? $"; {failures} row(s) failed" : "")}"));
        return failures > 0 ? 1 : 0;
    }

    /// <summary>A row's clients: index 0 is the SDK, index 1 the baseline of the RATIO line; the comparisons after the first are REF lines.</summary>
    /// <param name="Clients">The clients, each called K times per round.</param>
    /// <param name="Comparisons">Ratios of client times (numerator, denominator), each with the label of its line.</param>
    /// <param name="CpuTime">CPU time (the in-memory family) rather than wall time.</param>
    /// <param name="ThreadClockRefused">Set on a rerun after a call left its thread: process CPU time for the whole row.</param>
    private sealed record RowPlan(
        List<(string Name, Func<Task> Call)> Clients,
        List<(string Label, int Numerator, int Denominator)> Comparisons,
        bool CpuTime,
        bool ThreadClockRefused = false);

    private static RowPlan Row(string family, Rig rig, WireStyle style, bool read, HttpClient? floorHttp)
    {
        var sdk = rig.Sdk(style);
        var handWritten = rig.HandWritten(style);
        var withTimeout = rig.HandWrittenWithTimeout(style);
        List<(string, Func<Task>)> clients = read
            ? [("sdk", () => sdk.GetContactsAsync(Group)), ("baseline", () => handWritten.GetContactsAsync()), ("timeout-baseline", () => withTimeout.GetContactsAsync())]
            : [("sdk", () => sdk.CreateGroupAsync("Newsletter", GroupType.Mobile, Fields)), ("baseline", () => handWritten.CreateGroupAsync()), ("timeout-baseline", () => withTimeout.CreateGroupAsync())];
        List<(string, int, int)> comparisons = [("sdk_vs_baseline", 0, 1), ("sdk_vs_timeout_baseline", 0, 2)];
        if (family == "loopback" && style == WireStyle.HttpGet && floorHttp is not null)
        {
            // The floor: the same GET with nothing around it (no parse), against the HttpGet hand-written baseline.
            var uri = read ? handWritten.ReadUri : handWritten.WriteUri;
            clients.Add(("floor", () => FloorAsync(floorHttp, uri)));
            comparisons.Add((FloorLabel, 3, 1));
        }

        return new RowPlan(clients, comparisons, CpuTime: family == "inmemory");
    }

    private static RowPlan WcfRow(Rig rig, RawWcf perCall, RawWcf reused, bool read)
    {
        var sdk = rig.Sdk(WireStyle.Soap);
        List<(string, Func<Task>)> clients = read
            ? [("sdk", () => sdk.GetContactsAsync(Group)), ("raw-wcf-channel-per-call", () => perCall.GetContactsAsync()), ("raw-wcf-reused-channel", () => reused.GetContactsAsync())]
            : [("sdk", () => sdk.CreateGroupAsync("Newsletter", GroupType.Mobile, Fields)), ("raw-wcf-channel-per-call", () => perCall.CreateGroupAsync()), ("raw-wcf-reused-channel", () => reused.CreateGroupAsync())];
        return new RowPlan(clients, [("sdk_vs_raw_wcf", 0, 1), ("sdk_vs_reused_channel", 0, 2)], CpuTime: false);
    }

    private static readonly byte[] FloorBuffer = new byte[16 * 1024];

    private static async Task FloorAsync(HttpClient http, Uri uri)
    {
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        while (await body.ReadAsync(FloorBuffer) > 0)
        {
        }
    }

    private enum Clock
    {
        Wall,
        ThreadCpu,
        ProcessCpu,
    }

    private sealed record RowResult(List<double[]> Ratios, double[] BytesPerCall);

    private static async Task<RowResult?> MeasureAsync(RowPlan row, string family, string transport, string call, int rounds, int? batchOption)
    {
        var clients = row.Clients;
        try
        {
            // Warm-up outside the rounds, until the JIT has been quiet for a while: tiered compilation promotes hot
            // methods in the background after a delay that restarts with every new method, so a fixed number of calls
            // can leave the first rows of a run measuring tier-0 code (ratios of 3 where a warm process gives 2). It
            // also checks which calls complete synchronously.
            var synchronous = Enumerable.Repeat(true, clients.Count).ToArray();
            var warming = Stopwatch.StartNew();
            var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            var compiledAtStart = compiled;
            var quietSince = TimeSpan.Zero;
            while (warming.Elapsed < WarmUpTime || warming.Elapsed - quietSince < JitQuietTime)
            {
                for (var c = 0; c < clients.Count; c++)
                {
                    for (var i = 0; i < 5; i++)
                    {
                        var task = clients[c].Call();
                        synchronous[c] &= task.IsCompleted;
                        await task;
                    }
                }

                var now = System.Runtime.JitInfo.GetCompiledMethodCount();
                if (now != compiled)
                {
                    (compiled, quietSince) = (now, warming.Elapsed);
                }

                if (warming.Elapsed > WarmUpLimit)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"NOTE {family} {transport} {call}: the JIT was still compiling after {WarmUpLimit.TotalSeconds:0} s of warm-up ({compiled - compiledAtStart} methods since the row began); measuring anyway"));
                    break;
                }
            }

            var clock = !row.CpuTime ? Clock.Wall
                : synchronous.All(s => s) && CpuClock.HasThreadClock && !row.ThreadClockRefused ? Clock.ThreadCpu
                : Clock.ProcessCpu;
            if (clock == Clock.ProcessCpu && !row.ThreadClockRefused)
            {
                var hopping = string.Join(",", clients.Where((_, i) => !synchronous[i]).Select(c => c.Name));
                Console.WriteLine($"NOTE {family} {transport} {call}: calls of {hopping} do not complete synchronously; this row uses process CPU time (all threads, so thread-pool wake-ups and spinning count against them) and GC.GetTotalAllocatedBytes(precise) for every client of the row");
            }

            var batch = batchOption ?? await CalibrateAsync(clients);
            var perRound = new double[rounds, clients.Count];
            var allocated = new long[clients.Count];
            for (var round = -WarmUpRounds; round < rounds; round++)
            {
                // Rotate the order each round (and reverse it every other round), so no client always goes first or after the same one.
                var order = Enumerable.Range(0, clients.Count).Select(i => (i + Math.Abs(round)) % clients.Count).ToArray();
                if ((round & 1) != 0)
                {
                    Array.Reverse(order);
                }

                foreach (var c in order)
                {
                    var (elapsed, bytes) = await BatchAsync(clients[c].Call, batch, clock);
                    if (round >= 0)
                    {
                        perRound[round, c] = elapsed;
                        allocated[c] += bytes;
                    }
                }
            }

            var ratios = row.Comparisons.Select(comparison => Enumerable.Range(0, rounds)
                .Select(r => perRound[r, comparison.Numerator] / perRound[r, comparison.Denominator]).ToArray()).ToList();
            var bytesPerCall = allocated.Select(a => (double)a / ((long)rounds * batch)).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"# {family} {transport} {call}: warm-up {warming.Elapsed.TotalSeconds:0.0} s, clock={Describe(clock)}, allocations={(clock == Clock.ThreadCpu ? "thread (exact)" : "process, precise")}, batch={batch}, rounds={rounds}+{WarmUpRounds} warm-up, median per call on that clock: sdk={Median(Column(perRound, 0)) / batch / 1000:0.0} µs, baseline={Median(Column(perRound, 1)) / batch / 1000:0.0} µs"));
            return new RowResult(ratios, bytesPerCall);
        }
        catch (ThreadHopException hop)
        {
            Console.WriteLine($"NOTE {family} {transport} {call}: {hop.Message}; rerunning the row on process CPU time");
            return await MeasureAsync(row with { ThreadClockRefused = true }, family, transport, call, rounds, batchOption);
        }
#pragma warning disable CA1031 // a failed row is reported and the others still run
        catch (Exception error)
#pragma warning restore CA1031
        {
            Console.WriteLine($"FAIL {family} {transport} {call}: {error.GetType().Name}: {error.Message}");
            return null;
        }
    }

    /// <summary>Runs <paramref name="batch"/> calls; returns the time in nanoseconds on <paramref name="clock"/> and the bytes allocated.</summary>
    private static async Task<(double Nanoseconds, long Bytes)> BatchAsync(Func<Task> call, int batch, Clock clock)
    {
        if (clock == Clock.ThreadCpu)
        {
            // Synchronous calls only: every await below finds its task completed, so the batch never leaves this thread.
            var thread = Environment.CurrentManagedThreadId;
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var cpuBefore = CpuClock.ThreadNanoseconds();
            for (var i = 0; i < batch; i++)
            {
                var task = call();
                if (!task.IsCompleted)
                {
                    await task;
                    throw new ThreadHopException("a call did not complete synchronously during the rounds");
                }

                await task;
            }

            var cpuAfter = CpuClock.ThreadNanoseconds();
            var bytesAfter = GC.GetAllocatedBytesForCurrentThread();
            return thread == Environment.CurrentManagedThreadId
                ? (cpuAfter - cpuBefore, bytesAfter - bytesBefore)
                : throw new ThreadHopException("the batch changed threads");
        }

        var totalBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = clock == Clock.Wall ? Stopwatch.GetTimestamp() : CpuClock.ProcessNanoseconds();
        for (var i = 0; i < batch; i++)
        {
            await call();
        }

        double elapsed = clock == Clock.Wall
            ? Stopwatch.GetElapsedTime(start).Ticks * 100.0
            : CpuClock.ProcessNanoseconds() - start;
        return (elapsed, GC.GetTotalAllocatedBytes(precise: true) - totalBefore);
    }

    /// <summary>K such that one round (every client's batch) takes about <see cref="RoundTarget"/> of wall time.</summary>
    /// <remarks>From the median call of each client (a GC or a descheduling in the probe must not shrink K to 1).</remarks>
    private static async Task<int> CalibrateAsync(List<(string Name, Func<Task> Call)> clients)
    {
        const int probe = 21;
        var perCallOfEveryClient = 0.0;
        foreach (var (_, call) in clients)
        {
            var times = new double[probe];
            for (var i = 0; i < probe; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            perCallOfEveryClient += Median(times);
        }

        return Math.Clamp((int)Math.Round(RoundTarget.TotalMilliseconds / perCallOfEveryClient), 1, 100_000);
    }

    private sealed class ThreadHopException(string message) : Exception(message);

    private static string Quartiles(double[] values)
    {
        var sorted = values.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"median={Percentile(sorted, 0.5):0.000} q1={Percentile(sorted, 0.25):0.000} q3={Percentile(sorted, 0.75):0.000}");
    }

    // Linear interpolation between closest ranks (the usual "type 7" quantile).
    private static double Percentile(double[] sorted, double p)
    {
        var position = (sorted.Length - 1) * p;
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    private static double Median(double[] values) => Percentile([.. values.Order()], 0.5);

    private static double[] Column(double[,] table, int column) => [.. Enumerable.Range(0, table.GetLength(0)).Select(r => table[r, column])];

    private static string Describe(Clock clock) => clock switch
    {
        Clock.Wall => "wall (Stopwatch)",
        Clock.ThreadCpu => "thread CPU (clock_gettime CLOCK_THREAD_CPUTIME_ID)",
        _ => "process CPU (clock_gettime CLOCK_PROCESS_CPUTIME_ID, all threads)",
    };

    private static void PrintHeader(int rounds, int? batch, string filter)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        Console.WriteLine($"# ratios mode: SDK (retries off) over hand-written baseline, interleaved rounds in one process");
        Console.WriteLine($"# date: {DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture)}");
        Console.WriteLine($"# nproc: {Environment.ProcessorCount}");
        Console.WriteLine($"# CPU: {cpu}");
        Console.WriteLine($"# .NET: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine($"# load average before: {LoadAverage()}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# rounds: {rounds} measured after {WarmUpRounds} warm-up; batch: {(batch is { } k ? k.ToString(CultureInfo.InvariantCulture) : $"auto (a round of a row ~{RoundTarget.TotalMilliseconds:0} ms)")}; filter: '{filter}'"));
        Console.WriteLine("# allocations: per call; exact per thread for synchronous in-memory batches, else GC.GetTotalAllocatedBytes(precise) of the process, which over loopback includes the in-process Kestrel server's share (the same for both clients: byte-identical requests)");
        Console.WriteLine("# families: inmemory = CPU time over the in-memory handler; loopback = wall time over Kestrel on 127.0.0.1; wcf = wall time over loopback, SDK Soap vs raw WCF (channel per call; REF: reused channel)");
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static int? IntOption(string[] args, string name) =>
        StringOption(args, name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : null;

    private static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
