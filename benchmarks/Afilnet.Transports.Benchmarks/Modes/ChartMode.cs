using System.Globalization;
using System.Text;
using ScottPlot;

namespace Afilnet.Transports.Benchmarks.Modes;

/// <summary>
/// Reads BenchmarkDotNet's CSV reports (<c>BenchmarkDotNet.Artifacts/results/*-report.csv</c>, written by
/// <see cref="BenchConfig"/>) and writes a bar chart (ScottPlot) and the markdown tables docs/benchmarks.md holds.
/// </summary>
internal static class ChartMode
{
    private static readonly string[] Suites = ["LoopbackGetContacts", "LoopbackCreateGroup", "InMemoryGetContacts", "InMemoryCreateGroup"];

    private static readonly string[] StyleOrder = ["HttpGet", "HttpPost", "BasicAuth", "OAuth2Json", "OAuth2Json first call", "Soap"];

    private static readonly (string Role, string Label, Color Color)[] Roles =
    [
        ("HandWritten", "hand-written baseline", Colors.Gray),
        ("Sdk", "SDK (bare transport)", new Color(31, 119, 180)),
        ("SdkPipeline", "SDK (configured pipeline)", new Color(44, 160, 44)),
        ("RestSharp", "RestSharp", new Color(214, 39, 40)),
    ];

    public static int Run(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : Path.Combine("BenchmarkDotNet.Artifacts", "results");
        var png = args.Length > 1 ? args[1] : Path.Combine("docs", "benchmarks.png");
        var markdown = args.Length > 2 ? args[2] : Path.Combine(folder, "tables.md");
        var rows = new List<Row>();
        foreach (var suite in Suites)
        {
            var file = Directory.EnumerateFiles(folder, "*-report.csv").FirstOrDefault(f => Path.GetFileName(f).Contains("." + suite + "-", StringComparison.Ordinal));
            if (file is not null)
            {
                rows.AddRange(Read(file, suite));
            }
        }

        if (rows.Count == 0)
        {
            Console.Error.WriteLine($"No BenchmarkDotNet CSV reports in {folder}; run the benchmarks first.");
            return 1;
        }

        rows = [.. rows.OrderBy(r => Array.IndexOf(Suites, r.Suite)).ThenBy(r => r.Contacts is null ? 0 : int.Parse(r.Contacts, CultureInfo.InvariantCulture))
            .ThenBy(r => Array.IndexOf(StyleOrder, r.Category)).ThenBy(r => Array.FindIndex(Roles, x => x.Role == r.Role))];
        var panels = rows.GroupBy(r => (r.Suite, r.Contacts)).ToList();
        var multiplot = new Multiplot();
        for (var i = 0; i < panels.Count; i++)
        {
            var plot = Panel(panels[i].Key.Suite, panels[i].Key.Contacts, [.. panels[i]]);
            if (i == 0)
            {
                multiplot.Reset(plot); // a new Multiplot holds one empty plot: replace it
            }
            else
            {
                multiplot.AddPlot(plot);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(png))!);
        multiplot.SavePng(png, 1100, 330 * panels.Count);
        File.WriteAllText(markdown, Tables(panels));
        Console.WriteLine($"Wrote {png} ({panels.Count} panels) and {markdown}.");
        return 0;
    }

    private static Plot Panel(string suite, string? contacts, List<Row> rows)
    {
        var plot = new Plot();
        var styles = rows.Select(r => r.Category).Distinct().ToList();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        const double slot = 1.0 / 5;
        for (var s = 0; s < styles.Count; s++)
        {
            var group = styles.Count - 1 - s;
            ticks.Add(new Tick(group, styles[s]));
            var inStyle = rows.Where(r => r.Category == styles[s]).ToList();
            for (var i = 0; i < Roles.Length; i++)
            {
                if (inStyle.FirstOrDefault(r => r.Role == Roles[i].Role) is not { } row)
                {
                    continue;
                }

                bars.Add(new Bar
                {
                    Position = group + ((Roles.Length - 1) / 2.0 - i) * slot,
                    Value = row.MedianMicroseconds,
                    Size = slot * 0.9,
                    FillColor = Roles[i].Color,
                    Label = row.MedianMicroseconds.ToString("0.#", CultureInfo.InvariantCulture),
                });
            }
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        barPlot.ValueLabelStyle.FontSize = 10;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Margins(left: 0, right: 0.12);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.MajorLineStyle.Width = 0;
        plot.XLabel("median per call (µs), shorter is better");
        plot.Title(suite + (contacts is null ? " (creategroup)" : $" (getcontacts, {contacts} contacts)"));
        foreach (var (_, label, color) in Roles)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        }

        plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static string Tables(IEnumerable<IGrouping<(string Suite, string? Contacts), Row>> panels)
    {
        var text = new StringBuilder();
        foreach (var panel in panels)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"#### {panel.Key.Suite}{(panel.Key.Contacts is null ? " (creategroup)" : $" (getcontacts, {panel.Key.Contacts} contacts)")}")
                .AppendLine()
                .AppendLine("| transport | client | mean (µs) | median (µs) | ratio (BDN, of means) | ratio of medians | allocated (B/call) | above baseline (B) |")
                .AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
            foreach (var category in panel.GroupBy(r => r.Category))
            {
                var baseline = category.FirstOrDefault(r => r.Role == "HandWritten");
                foreach (var row in category)
                {
                    var above = baseline is null || row == baseline ? "" : (row.AllocatedBytes - baseline.AllocatedBytes).ToString("N0", CultureInfo.InvariantCulture);
                    var medianRatio = baseline is null ? "" : (row.MedianMicroseconds / baseline.MedianMicroseconds).ToString("0.00", CultureInfo.InvariantCulture);
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"| {row.Category} | {RoleLabel(row.Role)} | {row.MeanMicroseconds:N1} | {row.MedianMicroseconds:N1} | {row.Ratio} | {medianRatio} | {row.AllocatedBytes:N0} | {above} |");
                }
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string RoleLabel(string role) => Roles.FirstOrDefault(r => r.Role == role).Label ?? role;

    private static IEnumerable<Row> Read(string file, string suite)
    {
        var lines = File.ReadAllLines(file);
        var header = Split(lines[0]);
        int Column(string prefix) => Array.FindIndex(header, h => h.StartsWith(prefix, StringComparison.Ordinal));
        var method = Column("Method");
        var categories = Column("Categories");
        var contacts = Column("Contacts");
        var mean = Column("Mean");
        var median = Column("Median");
        var ratio = Column("Ratio");
        var allocated = Column("Allocated");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = Split(line);
            var name = cells[method];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            var role = underscore < 0 ? name : name[(underscore + 1)..];
            var category = cells[categories];
            if (name.StartsWith("OAuth2JsonFirstCall", StringComparison.Ordinal))
            {
                category = "OAuth2Json first call";
            }

            yield return new Row(
                suite,
                contacts < 0 ? null : cells[contacts],
                category,
                role,
                Number(cells[mean]),
                median < 0 ? Number(cells[mean]) : Number(cells[median]),
                ratio < 0 ? "" : cells[ratio],
                (long)Number(cells[allocated]));
        }
    }

    private static string[] Split(string line) => [.. line.Split(';').Select(c => c.Trim().Trim('"'))];

    private static double Number(string text) =>
        double.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    private sealed record Row(string Suite, string? Contacts, string Category, string Role, double MeanMicroseconds, double MedianMicroseconds, string Ratio, long AllocatedBytes);
}
