using Afilnet.Transports.Benchmarks.Modes;
using BenchmarkDotNet.Running;

namespace Afilnet.Transports.Benchmarks;

/// <summary>
/// Modes (see docs/benchmarks.md; benchmarks/run.sh drives them):
/// <list type="bullet">
/// <item><c>full [BenchmarkDotNet args]</c> (the default): every suite, default job.</item>
/// <item><c>quick [BenchmarkDotNet args]</c>: ShortRun job with short iterations.</item>
/// <item><c>import</c>: bulk import of 1,000 / 10,000 / 100,000 contacts per transport (its own artifacts folder).</item>
/// <item><c>throughput [--calls N] [--concurrency N] [--contacts N]</c>: concurrent callers, calls/s and p50/p99.</item>
/// <item><c>chart [results folder] [png] [markdown]</c>: the bar chart and tables from BenchmarkDotNet's CSV.</item>
/// <item><c>chart-ratios [ratios output] [png]</c>: the chart of the ratios mode's RATIO lines.</item>
/// <item><c>ratios [--rounds N] [--batch K] [--filter text]</c>: SDK / baseline ratios from interleaved rounds in one process.</item>
/// <item><c>scale [--sizes a,b] [--transports x,y]</c>: time and peak memory of listing and importing up to 1,000,000 contacts, one child process per case.</item>
/// <item><c>scale-one &lt;case&gt;</c>: one case of the scale mode (what the scale mode runs in its child processes).</item>
/// </list>
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "full";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        switch (mode)
        {
            case "full":
            case "quick":
                var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, BenchConfig.Create(quick: mode == "quick"));
                return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
            case "import":
                // Seconds per operation at 100,000 contacts: a monitoring job, one invocation per iteration.
                var import = BenchmarkRunner.Run<Scaling.BulkImportScaling>(BenchConfig.CreateForImport(), rest);
                return import.HasCriticalValidationErrors || import.Reports.Any(r => !r.Success) ? 1 : 0;
            case "throughput":
                return await ThroughputMode.RunAsync(rest);
            case "chart":
                return ChartMode.Run(rest);
            case "chart-ratios":
                return RatioChartMode.Run(rest);
            case "ratios":
                return await RatiosMode.RunAsync(rest);
            case "scale":
                return await ScaleMode.RunAsync(rest);
            case "scale-one":
                return await ScaleMode.RunOneAsync(rest);
            default:
                await Console.Error.WriteLineAsync($"Unknown mode '{mode}'. Use full, quick, import, throughput, chart, chart-ratios, ratios or scale.");
                return 2;
        }
    }
}
