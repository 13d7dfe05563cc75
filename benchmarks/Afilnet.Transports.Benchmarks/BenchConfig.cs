using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace Afilnet.Transports.Benchmarks;

/// <summary>The one BenchmarkDotNet configuration: memory diagnoser, GitHub markdown, and a CSV the chart mode reads.</summary>
internal static class BenchConfig
{
    /// <summary>Microseconds and bytes, units in the header only, so the chart mode reads plain numbers.</summary>
    public static SummaryStyle CsvStyle { get; } = new(
        System.Globalization.CultureInfo.InvariantCulture,
        printUnitsInHeader: true,
        sizeUnit: SizeUnit.B,
        timeUnit: TimeUnit.Microsecond,
        printUnitsInContent: false,
        printZeroValuesInContent: true);

    /// <summary>Few, long operations: 1 launch, 1 warm-up and 3 measured iterations of one import each.</summary>
    public static IConfig CreateForImport() =>
        ManualConfig.CreateMinimumViable()
            .AddJob(Job.Default.WithStrategy(BenchmarkDotNet.Engines.RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3).WithId("Import"))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub)
            .WithArtifactsPath(Path.Combine("BenchmarkDotNet.Artifacts", "import"))
            .WithOptions(ConfigOptions.DisableLogFile);

    public static IConfig Create(bool quick)
    {
        var job = quick
            // ShortRun (1 launch, 3 warm-up, 3 measured iterations) with shorter iterations: the quick mode's budget.
            ? Job.ShortRun.WithIterationTime(TimeInterval.FromMilliseconds(150)).WithId("ShortRun")
            : Job.Default;
        return ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumn(StatisticColumn.Median)
            .AddExporter(MarkdownExporter.GitHub)
            .AddExporter(new CsvExporter(CsvSeparator.Semicolon, CsvStyle))
            .WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared))
            .WithOptions(ConfigOptions.DisableLogFile);
    }
}
