using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Tests.Conventions;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Diagnostics;

/// <summary>
/// The README's tag table (section "Observability") against what the SDK records: every outcome is played through the
/// retry and telemetry layers, and each span, event and instrument must carry exactly the tags the table gives it.
/// </summary>
public sealed class DocumentedTelemetryTests
{
    private const string Absent = "—";
    private static readonly ApiRequest Read = new(ApiOperations.GetContacts, [new("idgroup", "1")]);

    /// <summary>Each call's script, one step per attempt; together they reach every outcome, with and without retries.</summary>
    private static readonly Action<ApiRequest>[][] EveryOutcome =
    [
        [ScriptedTransport.Fail(ScriptedTransport.Status(503)), ScriptedTransport.Ok],
        [ScriptedTransport.Fail(new AfilnetApiException(ApiErrorCode.NotAccessToGroup, "getcontacts"))],
        [ScriptedTransport.Fail(ScriptedTransport.Status(503))],
        [ScriptedTransport.Fail(new AfilnetTransportException("slow", TransportFailureReason.Timeout, "getcontacts"))],
        [ScriptedTransport.Fail(new AfilnetProtocolException("unreadable", "getcontacts"))],
        [ScriptedTransport.Fail(new AfilnetAuthenticationException("refused", "getcontacts"))],
        [ScriptedTransport.Fail(new ArgumentException("bad input"))],
        [ScriptedTransport.Fail(new OperationCanceledException())],
        [ScriptedTransport.Fail(new InvalidOperationException("a handler's own failure"))],
    ];

    [Fact]
    public async Task Each_span_event_and_instrument_carries_exactly_the_tags_the_README_lists_for_it()
    {
        using var telemetry = new TelemetryCapture();
        var clock = TestClients.NewClock();
        var settings = new RetrySettings(1, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2));
        foreach (var script in EveryOutcome)
        {
            using var transport = new InstrumentedTransport(new ResilientTransport(new ScriptedTransport(script), settings, clock), meterFactory: telemetry.Meters);
            try
            {
                await transport.SendAsync<Decoders.None, NoResult>(Read, TestContext.Current.CancellationToken);
            }
            catch (Exception ex) when (ex is AfilnetException or ArgumentException or OperationCanceledException or InvalidOperationException)
            {
                // The failure is the point: its telemetry is what is read below.
            }
        }

        var spans = telemetry.Spans;
        Assert.Equal(EveryOutcome.Length, spans.Count);
        var recorded = new Dictionary<string, SortedSet<string>>
        {
            ["span"] = [.. spans.SelectMany(s => s.TagObjects).Select(t => t.Key)],
            [$"{AfilnetTelemetry.RetryEvent} event"] = [.. spans.SelectMany(s => s.Events).Where(e => e.Name == AfilnetTelemetry.RetryEvent).SelectMany(e => e.Tags).Select(t => t.Key)],
        };
        foreach (var metric in new[] { AfilnetTelemetry.CallDurationMetric, AfilnetTelemetry.CallFailuresMetric, AfilnetTelemetry.CallRetriesMetric })
        {
            recorded[metric] = [.. telemetry.Measurements(metric).SelectMany(m => m.Tags.Keys)];
        }

        var documented = ReadmeTagTable();
        Assert.Equal(recorded.Keys.Order(), documented.Keys.Order());
        foreach (var (signal, tags) in recorded)
        {
            Assert.True(documented[signal].SetEquals(tags), $"{signal}: the README lists [{string.Join(", ", documented[signal])}], the SDK recorded [{string.Join(", ", tags)}]");
        }
    }

    /// <summary>
    /// The README's tag table, by column: each column's header without backticks (<c>span</c>, <c>afilnet.retry event</c>,
    /// an instrument's name) and the tags whose cell in it is not <see cref="Absent"/>.
    /// </summary>
    private static Dictionary<string, SortedSet<string>> ReadmeTagTable()
    {
        var readme = File.ReadAllLines(Path.Combine(ConventionTests.RepositoryRoot(), "README.md"));
        var section = readme.SkipWhile(l => l != "## Observability").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        var table = section.SkipWhile(l => !l.StartsWith("| tag |", StringComparison.Ordinal)).TakeWhile(l => l.StartsWith('|')).Select(Cells).ToList();
        Assert.True(table.Count > 2, "README, section Observability: no table whose first column is 'tag'");

        var columns = table[0].Skip(1).Select(h => h.Replace("`", "", StringComparison.Ordinal)).ToList();
        var byColumn = columns.ToDictionary(c => c, _ => new SortedSet<string>(StringComparer.Ordinal));
        foreach (var row in table.Skip(2))
        {
            Assert.Equal(columns.Count + 1, row.Count);
            for (var i = 0; i < columns.Count; i++)
            {
                if (row[i + 1] != Absent)
                {
                    byColumn[columns[i]].Add(row[0].Trim('`'));
                }
            }
        }

        return byColumn;
    }

    private static List<string> Cells(string row) => [.. row.Trim().Trim('|').Split('|').Select(c => c.Trim())];
}
