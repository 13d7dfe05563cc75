using System.Globalization;
using ScottPlot;

namespace Afilnet.Transports.Benchmarks.Modes;

/// <summary>
/// The chart of the <c>ratios</c> mode (<c>chart-ratios [ratios output] [png]</c>): per family, the median SDK /
/// baseline ratio of every row as a bar, its interquartile range as a line across the bar's end, and the target
/// as a dashed line. This is the chart docs/benchmarks.md shows for time: interleaved rounds, unlike a ShortRun.
/// </summary>
internal static class RatioChartMode
{
    private static readonly (string Family, string Title, double Target)[] Families =
    [
        ("inmemory", "in memory: thread CPU time, SDK / hand-written (target 1.3)", 1.3),
        ("loopback", "loopback: wall time, SDK / hand-written (target 1.05)", 1.05),
        ("wcf", "Soap: wall time over loopback, SDK / raw WCF on the same binding (target 1.1)", 1.1),
    ];

    private static readonly string[] Calls = ["creategroup", "getcontacts-1", "getcontacts-1000"];

    private static readonly Color[] CallColors = [new(31, 119, 180), new(255, 127, 14), new(44, 160, 44)];

    public static int Run(string[] args)
    {
        var input = args.Length > 0 ? args[0] : Path.Combine("BenchmarkDotNet.Artifacts", "results", "ratios.txt");
        var png = args.Length > 1 ? args[1] : Path.Combine("docs", "benchmarks-ratios.png");
        var rows = File.ReadLines(input).Select(Parse).OfType<Row>().ToList();
        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"No RATIO lines in {input}; run `benchmarks/run.sh ratios` first.");
            return 1;
        }

        var multiplot = new Multiplot();
        var panels = 0;
        foreach (var (family, title, target) in Families)
        {
            var inFamily = rows.Where(r => r.Family == family).ToList();
            if (inFamily.Count == 0)
            {
                continue;
            }

            var plot = Panel(title, target, inFamily);
            if (panels++ == 0)
            {
                multiplot.Reset(plot);
            }
            else
            {
                multiplot.AddPlot(plot);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(png))!);
        var heights = Families.Select(f => rows.Count(r => r.Family == f.Family)).Where(n => n > 0).Sum(n => 60 + (26 * n));
        multiplot.SavePng(png, 1000, heights);
        Console.WriteLine($"Wrote {png} ({panels} panels, {rows.Count} rows).");
        return 0;
    }

    private static Plot Panel(string title, double target, List<Row> rows)
    {
        var plot = new Plot();
        var ticks = new List<Tick>();
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var position = rows.Count - 1 - i;
            var color = CallColors[Math.Max(0, Array.IndexOf(Calls, row.Call))];
            ticks.Add(new Tick(position, $"{row.Transport} {row.Call}"));
            bars.Add(new Bar
            {
                Position = position,
                Value = row.Median,
                Size = 0.7,
                FillColor = color,
                Label = row.Median.ToString("0.00", CultureInfo.InvariantCulture),
            });
            var spread = plot.Add.Line(row.Q1, position, row.Q3, position);
            spread.LineWidth = 2;
            spread.Color = Colors.Black;
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 10;
        var one = plot.Add.VerticalLine(1.0);
        one.Color = Colors.Gray;
        var goal = plot.Add.VerticalLine(target);
        goal.Color = Colors.Red;
        goal.LinePattern = LinePattern.Dashed;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0, right: 0.1);
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plot.Title(title);
        plot.XLabel("median of per-round ratios; black line: q1 to q3; grey: 1.0; dashed red: the target");
        return plot;
    }

    private static Row? Parse(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 7 || parts[0] != "RATIO")
        {
            return null;
        }

        double Value(string key) => double.Parse(parts.First(p => p.StartsWith(key + "=", StringComparison.Ordinal))[(key.Length + 1)..], CultureInfo.InvariantCulture);
        return new Row(parts[1], parts[2], parts[3], Value("median"), Value("q1"), Value("q3"));
    }

    private sealed record Row(string Family, string Transport, string Call, double Median, double Q1, double Q3);
}
