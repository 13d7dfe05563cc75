using System.Diagnostics;
using System.Globalization;
using System.Text;
using Afilnet.Contacts;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Modes;

/// <summary>
/// Throughput, which BenchmarkDotNet does not measure: <c>--concurrency</c> callers (64) share a fixed budget of
/// <c>--calls</c> (20,000) <c>getcontacts</c> calls per client against the loopback server, and the table gives
/// calls per second and the p50 and p99 latency of one call. Server and clients share the machine's cores, as
/// they do in every loopback number here.
/// </summary>
internal static class ThroughputMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var calls = Option(args, "--calls", 20_000);
        var concurrency = Option(args, "--concurrency", 64);
        var contacts = Option(args, "--contacts", 1);
        var output = args.SkipWhile(a => a != "--out").Skip(1).FirstOrDefault() ?? Path.Combine("BenchmarkDotNet.Artifacts", "results", "throughput.md");

        await using var rig = await Rig.StartLoopbackAsync();
        rig.Answer(contacts);
        var group = new GroupId(1000);
        var clients = new List<(string Transport, string Client, Func<Task> Call)>();
        var owned = new List<IDisposable>();
        foreach (var style in rig.Styles)
        {
            var handWritten = rig.HandWritten(style);
            var sdk = rig.Sdk(style);
            clients.Add((style.ToString(), "hand-written baseline", () => handWritten.GetContactsAsync()));
            clients.Add((style.ToString(), "SDK (bare transport)", () => sdk.GetContactsAsync(group)));
            if (style is WireStyle.HttpGet or WireStyle.HttpPost)
            {
                var restSharp = rig.RestSharp(style);
                clients.Add((style.ToString(), "RestSharp", () => restSharp.GetContactsAsync()));
            }

            if (style is WireStyle.Soap)
            {
                // Raw WCF on the same binding, as an integrator would write it: the Soap transport's share of the
                // hand-written envelope client is judged against theirs.
                var perCall = new RawWcf(rig.BaseAddress, reuseChannel: false);
                var shared = new RawWcf(rig.BaseAddress, reuseChannel: true);
                owned.Add(perCall);
                owned.Add(shared);
                clients.Add((style.ToString(), "raw WCF (channel per call)", () => perCall.GetContactsAsync()));
                clients.Add((style.ToString(), "raw WCF (one shared channel)", () => shared.GetContactsAsync()));
            }
        }

        var table = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{concurrency} concurrent callers, {calls:N0} getcontacts calls per client ({contacts} contact(s) per answer), loopback, {Environment.ProcessorCount} cores.")
            .AppendLine()
            .AppendLine("| transport | client | calls/s | p50 (ms) | p99 (ms) | failures |")
            .AppendLine("|---|---|---:|---:|---:|---:|");
        Console.WriteLine(table.ToString().TrimEnd());
        foreach (var (transport, client, call) in clients)
        {
            await MeasureAsync(call, Math.Max(concurrency * 10, calls / 10), concurrency); // warm-up: connections, JIT
            var (perSecond, p50, p99, failures) = await MeasureAsync(call, calls, concurrency);
            var line = string.Create(CultureInfo.InvariantCulture, $"| {transport} | {client} | {perSecond:N0} | {p50:0.00} | {p99:0.00} | {failures} |");
            Console.WriteLine(line);
            table.AppendLine(line);
        }

        owned.ForEach(o => o.Dispose());
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        await File.WriteAllTextAsync(output, table.ToString());
        Console.WriteLine($"Wrote {output}.");
        return 0;
    }

    private static async Task<(double PerSecond, double P50, double P99, int Failures)> MeasureAsync(Func<Task> call, int calls, int concurrency)
    {
        var latencies = new long[calls];
        var next = -1;
        var failures = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < calls)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await call();
                }
                catch (Exception ex) when (ex is AfilnetException or HttpRequestException or IOException or InvalidOperationException or System.ServiceModel.CommunicationException or TimeoutException)
                {
                    Interlocked.Increment(ref failures);
                }

                latencies[index] = Stopwatch.GetTimestamp() - start;
            }
        }));
        await Task.WhenAll(workers);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Array.Sort(latencies);
        return (calls / elapsed.TotalSeconds, Milliseconds(latencies[calls / 2]), Milliseconds(latencies[(int)(calls * 0.99)]), failures);
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
