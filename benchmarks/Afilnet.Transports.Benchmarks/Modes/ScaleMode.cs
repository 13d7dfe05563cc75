using System.Diagnostics;
using System.Globalization;
using System.Text;
using Afilnet.Contacts;
using Afilnet.Contacts.Import;
using Afilnet.Contacts.Soap;
using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Modes;

/// <summary>
/// Time and memory growth of listing (10,000 / 100,000 / 1,000,000 contacts) and importing (1,000,000) per transport.
/// Every case runs in a fresh child process (<c>scale-one &lt;kind&gt; &lt;transport&gt; &lt;count&gt;</c>), so the peak
/// memory of one case is not inherited by the next, and the parent survives a child that fails or runs out of memory.
/// The child talks to a <see cref="StreamingServer"/> on 127.0.0.1 in its own process, which generates the answers as
/// it writes them, so the 1,000,000-contact answer never exists in memory on the server side.
/// </summary>
internal static class ScaleMode
{
    private const string ListBuffered = "list-buffered";
    private const string ListStreamed = "list-streamed";
    private const string Import = "import";
    private const string ResultPrefix = "RESULT ";
    private const string FailurePrefix = "FAILED ";

    private static readonly int[] DefaultListSizes = [10_000, 100_000, 1_000_000];
    private static readonly int[] DefaultImportSizes = [1_000_000];
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The parent: one child per case, one <c>SCALE</c> line per case.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var sizes = ListOption(args, "--sizes")?.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var transports = ListOption(args, "--transports")?.Select(Enum.Parse<AfilnetTransportKind>).ToArray() ?? Enum.GetValues<AfilnetTransportKind>();
        var kinds = ListOption(args, "--kinds") ?? [ListBuffered, ListStreamed, Import];

        // --sizes replaces both defaults: `--sizes 10000` lists and imports 10,000 contacts.
        var cases = new List<(string Kind, AfilnetTransportKind Transport, int Count)>();
        foreach (var kind in kinds)
        {
            foreach (var count in sizes ?? (kind == Import ? DefaultImportSizes : DefaultListSizes))
            {
                cases.AddRange(transports.Select(transport => (kind, transport, count)));
            }
        }

        Console.WriteLine("# scale mode: one child process per case; listing and import against a server in the child that generates/drops the data as it streams");
        Console.WriteLine($"# nproc: {Environment.ProcessorCount}; .NET: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}; load average before: {LoadAverage()}");
        Console.WriteLine("# seconds = the operation only; peak_growth_mb = VmHWM after (peak reset just before) - VmRSS just before; peak_managed_mb = largest GC.GetTotalMemory sampled every 10 ms, minus the heap before");
        Console.WriteLine("# gen2_gcs and last_gc_heap_mb (GC.GetGCMemoryInfo: heap after the last GC) are the child's; its Kestrel server shares the process and its memory (a few KB of buffers per connection)");
        // Peak growth of a streamed listing is the GC's gen0 allocation budget, not what the listing keeps: the children
        // inherit DOTNET_GCgen0size (hex bytes) to show it with a fixed budget.
        var gen0 = Environment.GetEnvironmentVariable("DOTNET_GCgen0size");
        Console.WriteLine("# GC: workstation, non-concurrent; gen0 budget: " + (gen0 is null ? "the runtime's default (sized from the CPU cache)" : "DOTNET_GCgen0size=" + gen0));
        var started = Stopwatch.StartNew();
        var failed = 0;
        var failedOtherThanStreamed = 0;
        foreach (var (kind, transport, count) in cases)
        {
            var (ok, text) = await RunChildAsync(kind, transport, count);
            failed += ok ? 0 : 1;
            // Soap's streamed listing reads its answer whole first: past the default MaxResponseBytes it fails, as documented.
            failedOtherThanStreamed += ok || (kind == ListStreamed && transport == AfilnetTransportKind.Soap) ? 0 : 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SCALE {kind} {transport} {count} {text}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"# done in {started.Elapsed.TotalSeconds:0} s, {failed} of {cases.Count} case(s) failed; load average after: {LoadAverage()}"));

        return failedOtherThanStreamed > 0 ? 1 : 0;
    }

    private static async Task<(bool Ok, string Text)> RunChildAsync(string kind, AfilnetTransportKind transport, int count)
    {
        // `dotnet run` starts the apphost; `dotnet <dll>` starts the dotnet host, which needs the dll again.
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(ScaleMode).Assembly.Location);
        }

        foreach (var argument in new[] { "scale-one", kind, transport.ToString(), count.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        using var child = Process.Start(start) ?? throw new InvalidOperationException("The child process did not start.");
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CaseTimeout);
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            return (false, $"FAILED timeout: no result within {CaseTimeout.TotalMinutes:0} minutes (child killed)");
        }

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (child.ExitCode == 0 && lines.FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal)) is { } result)
        {
            return (true, result[ResultPrefix.Length..]);
        }

        var reason = lines.FirstOrDefault(l => l.StartsWith(FailurePrefix, StringComparison.Ordinal))
            ?? $"FAILED exit code {child.ExitCode}: {LastLine(await errors)}";
        return (false, reason);
    }

    /// <summary>The child: runs one case and prints one RESULT (or FAILED) line.</summary>
    public static async Task<int> RunOneAsync(string[] args)
    {
        try
        {
            var (kind, transport, count) = (args[0], Enum.Parse<AfilnetTransportKind>(args[1]), int.Parse(args[2], CultureInfo.InvariantCulture));
            var text = await MeasureAsync(kind, transport, count);
            Console.WriteLine(ResultPrefix + text);
            return 0;
        }
#pragma warning disable CA1031 // the parent reports the failure; the child must not crash without saying why
        catch (Exception error)
#pragma warning restore CA1031
        {
            Console.WriteLine($"{FailurePrefix}{error.GetType().Name}: {OneLine(error.Message)}");
            return 1;
        }
    }

    private static async Task<string> MeasureAsync(string kind, AfilnetTransportKind transport, int count)
    {
        await using var server = await StreamingServer.StartAsync();
        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        var options = new AfilnetOptions
        {
            Transport = transport,
            BaseAddress = server.BaseAddress,
            User = CannedAnswers.User,
            Password = CannedAnswers.Password,

            // The buffered listing must hold the whole answer (about 60 MB of JSON, 140 MB of SOAP at 1,000,000); the
            // streamed one keeps the default limit (16 MiB), which then bounds a record on the JSON styles and, on Soap,
            // which reads its answer whole first, the list.
            MaxResponseBytes = kind == ListStreamed ? new AfilnetOptions().MaxResponseBytes : 1L << 30,
            Timeout = TimeSpan.FromMinutes(5),
        };
        options.Retry.MaxRetries = 0;
        options.Retry.TotalTimeout = Timeout.InfiniteTimeSpan;
        using var api = new ContactsClient(options, handler, transports: [AfilnetSoap.Transport]);
        var group = new GroupId(1000);

        Func<Task<long>> operation = kind switch
        {
            ListBuffered => () => ListAsync(api, group, streamed: false, CancellationToken.None),
            ListStreamed => () => ListAsync(api, group, streamed: true, CancellationToken.None),
            Import => async () => (await api.ImportContactsAsync(group, Generate(count))).Added,
            _ => throw new ArgumentException($"Unknown case '{kind}': use {ListBuffered}, {ListStreamed} or {Import}."),
        };

        // Warm-up on a small case (JIT, connection, token, WCF factory), so the measurement is the operation's own.
        server.ContactCount = 10;
        if (kind == Import)
        {
            await api.ImportContactsAsync(group, Generate(10));
        }
        else
        {
            await ListAsync(api, group, streamed: false, CancellationToken.None);
        }

        server.ContactCount = count;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var peakReset = ResetPeakResidentSet();
        var residentBefore = ProcStatusKilobytes("VmRSS");
        var managedBefore = GC.GetTotalMemory(forceFullCollection: false);
        var gen2Before = GC.CollectionCount(2);
        using var sampler = new ManagedHeapSampler();
        var watch = Stopwatch.StartNew();
        var received = await operation();
        var seconds = watch.Elapsed.TotalSeconds;
        var peakManaged = sampler.Stop();
        var peakResident = ProcStatusKilobytes("VmHWM");
        var lastGc = GC.GetGCMemoryInfo(GCKind.Any);
        if (received != count)
        {
            throw new InvalidOperationException($"{kind} handled {received} contacts of {count}.");
        }

        var note = peakReset ? "" : " note=VmHWM-not-reset(peak may predate the operation)";
        var growthMegabytes = (peakResident - residentBefore) / 1024.0;
        var managedMegabytes = (peakManaged - managedBefore) / 1048576.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"seconds={seconds:0.000} peak_growth_mb={growthMegabytes:0.0} peak_managed_mb={managedMegabytes:0.0} contacts={received} rss_before_mb={residentBefore / 1024.0:0.0} gen2_gcs={GC.CollectionCount(2) - gen2Before} last_gc_heap_mb={lastGc.HeapSizeBytes / 1048576.0:0.0}{note}");
    }

    /// <summary>
    /// Lists a group through <see cref="IContactsApi"/> and counts the contacts: as they come when
    /// <paramref name="streamed"/>, else from the buffered list (which holds them all, by design).
    /// </summary>
    internal static async Task<long> ListAsync(IContactsApi api, GroupId group, bool streamed, CancellationToken cancellationToken)
    {
        if (streamed)
        {
            // Counted as they come: nothing holds the contacts, so the memory is the listing's own.
            long count = 0;
            await foreach (var _ in api.StreamContactsAsync(group, cancellationToken))
            {
                count++;
            }

            return count;
        }

        var contacts = await api.GetContactsAsync(group, cancellationToken);
        return contacts.Count;
    }

    private static IEnumerable<ContactFields> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new ContactFields { { "mobile", (34600000000L + i).ToString(CultureInfo.InvariantCulture) }, { "name", "Contact" } };
        }
    }

    /// <summary>Resets the kernel's peak resident set (VmHWM) to the current one (Linux: "5" into /proc/self/clear_refs).</summary>
    private static bool ResetPeakResidentSet()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long ProcStatusKilobytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    /// <summary>The largest managed heap seen, sampled every 10 ms on a thread of its own (the GC reports no peak).</summary>
    private sealed class ManagedHeapSampler : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _peak;

        public ManagedHeapSampler()
        {
            _peak = GC.GetTotalMemory(forceFullCollection: false);
            _thread = new Thread(() =>
            {
                while (!_stop)
                {
                    var now = GC.GetTotalMemory(forceFullCollection: false);
                    if (now > Interlocked.Read(ref _peak))
                    {
                        Interlocked.Exchange(ref _peak, now);
                    }

                    Thread.Sleep(10);
                }
            }) { IsBackground = true, Name = "heap sampler" };
            _thread.Start();
        }

        public long Stop()
        {
            _stop = true;
            _thread.Join();
            return Math.Max(Interlocked.Read(ref _peak), GC.GetTotalMemory(forceFullCollection: false));
        }

        public void Dispose() => _stop = true;
    }

    private static string[]? ListOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
    }

    private static string LastLine(string text) =>
        OneLine(text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)");

    private static string OneLine(string text) => new StringBuilder(text).Replace('\r', ' ').Replace('\n', ' ').ToString();

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
