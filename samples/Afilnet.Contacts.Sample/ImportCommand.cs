using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Afilnet.Contacts.Import;
using CsvHelper;
using Spectre.Console;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// <c>import file.csv [--group id] [--encoding e] [--map Header=column]… [--report file]</c>: stream a CSV into a group
/// in batches. The encoding is detected (UTF-8, with or without BOM, else Windows-1252) unless given, the separator
/// (<c>,</c> <c>;</c> tab) always; header names match the group's columns case-insensitively, <c>--map</c> names the
/// rest. Rows the server would skip or refuse for a reason the CLI can see (no main field, a duplicate in the file, a
/// contact the group already holds) are not sent and are named with their line; every row not added goes to the
/// report. Read = added + skipped + rejected; blank lines are not rows.
/// </summary>
internal static class ImportCommand
{
    private const int ListedInSummary = 5;

    public static Command Create(CommandContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV file whose header names the fields (one of them the group's main field, mobile or email)." };
        var group = new Option<long?>("--group", "-g") { Description = "Import into this group; without it a group is created from the header." };
        var batchSize = new Option<int>("--batch-size") { Description = "Largest batch per addcontactlist call.", DefaultValueFactory = _ => new ContactImportOptions().MaxBatchSize };
        var encoding = new Option<string>("--encoding", "-e")
        {
            Description = "The file's encoding: auto (the default: UTF-8 with or without BOM if the bytes are valid UTF-8, else Windows-1252), utf-8, windows-1252, iso-8859-1, utf-16 or any name .NET knows.",
            DefaultValueFactory = _ => "auto",
        };
        var map = new Option<string[]>("--map", "-m")
        {
            Description = "Header=column: the group column a CSV column goes to (repeatable); Header= leaves that column out. Headers that equal a column, ignoring case, need none.",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var report = new Option<FileInfo?>("--report", "-r") { Description = "Write every row not added (line, reason, the row) to this CSV file." };
        batchSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--batch-size must be at least 1");
            }
        });
        var command = new Command(
            "import",
            SampleApp.Describe(
                "Import contacts from a CSV file (addcontactlist in batches), with a progress bar and a summary.",
                "afilnet import customers.csv",
                "afilnet import export.csv --group 1000 --encoding windows-1252 --map \"Teléfono=mobile\" --map \"Nombre=name\" --report rejected.csv"))
        {
            file, group, batchSize, encoding, map, report,
        };
        command.SetAction((p, ct) => context.RunAsync(
            p,
            (c, p, s, ct) => RunAsync(c, s, new Request(p.GetValue(file)!, p.GetValue(group), p.GetValue(batchSize), p.GetValue(encoding)!, p.GetValue(map) ?? [], p.GetValue(report)), ct),
            ct));
        return command;
    }

    private sealed record Request(FileInfo File, long? Group, int BatchSize, string Encoding, string[] Map, FileInfo? Report);

    private static async Task<int> RunAsync(CommandContext context, Session session, Request request, CancellationToken ct)
    {
        var console = context.Console;
        var file = request.File;
        if (!file.Exists)
        {
            return context.Fail((SampleApp.Invalid, $"the file '{file.FullName}' does not exist; check the path."));
        }

        var maps = CsvInput.ParseMaps(request.Map);
        var (encoding, encodingName) = CsvInput.ResolveEncoding(request.Encoding, file);
        var scan = await CsvInput.ScanAsync(file, encoding, ct);

        // Each CSV column's field: --map first, then the group's column of the same name ignoring case.
        string[] fields;
        string main;
        GroupId group;
        IReadOnlyList<string>? columns = null;
        if (request.Group is { } existing)
        {
            group = new GroupId(existing);
            columns = await session.Api.GetGroupColumnsAsync(group, ct);
            fields = CsvInput.MapHeader(scan.Header, maps, columns, group);
            main = columns.Contains("mobile", StringComparer.OrdinalIgnoreCase) ? "mobile"
                : columns.Contains("email", StringComparer.OrdinalIgnoreCase) ? "email"
                : columns[0];
        }
        else
        {
            fields = CsvInput.MapHeader(scan.Header, maps, ["mobile", "email"], null);
            main = fields.Contains("mobile") ? "mobile" : fields.Contains("email") ? "email" : string.Empty;
            group = default;
        }

        if (!fields.Contains(main, StringComparer.Ordinal) || main.Length == 0)
        {
            var wanted = main.Length == 0 ? "'mobile' or 'email'" : $"'{main}'";
            return context.Fail((SampleApp.Invalid, $"no CSV column maps to the main field {wanted} (header: {string.Join(scan.Separator, scan.Header)}); add --map \"<header>={(main.Length == 0 ? "mobile" : main)}\"."));
        }

        if (fields.Where(f => f.Length > 0).GroupBy(f => f, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return context.Fail((SampleApp.Invalid, $"two CSV columns map to '{twice.Key}'; leave one out with --map \"<header>=\"."));
        }

        if (request.Group is null)
        {
            var type = main == "mobile" ? GroupType.Mobile : GroupType.Email;
            var name = $"{Path.GetFileNameWithoutExtension(file.Name)} {DateTime.Now:yyyy-MM-dd HH:mm}";
            var created = fields.Where(f => f.Length > 0).ToArray();
            group = (await session.Api.CreateGroupAsync(name, type, created, ct)).GroupId
                ?? throw new InvalidOperationException("The server did not return the new group's id.");
            console.MarkupLineInterpolated($"[bold]creategroup[/] '{name}' ({type}, fields {string.Join(",", created)}) -> group {group}");
        }

        var tracker = new Tracker(scan.Header, main, fields);
        ContactImportResult? result = null;
        var cancelled = false;
        try
        {
            if (columns is not null)
            {
                // Contacts the group already holds are skipped by the server without a name; skipping them here names them.
                foreach (var contact in await session.Api.GetContactsAsync(group, ct))
                {
                    if (contact.Fields.TryGetValue(main, out var value) && Normalize(main, value) is { Length: > 0 } key)
                    {
                        tracker.InGroup.Add(key);
                    }
                }
            }

            console.MarkupLineInterpolated(
                $"Importing {scan.Rows} rows from {file.Name} ({encodingName}, separator {CsvInput.SeparatorName(scan.Separator)}) into group {group} over [aqua]{session.Options.Transport}[/] against {session.Target}");
            var options = new ContactImportOptions { MaxBatchSize = request.BatchSize, MainField = main };
            if (console.Profile.Capabilities.Interactive)
            {
                await console.Progress()
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask("addcontactlist", maxValue: Math.Max(1, scan.Rows));
                        result = await session.Api.ImportContactsAsync(group, tracker.Rows(file, encoding, ct), options, new Reporter(task, tracker), ct);
                        task.Value = task.MaxValue;
                    });
            }
            else
            {
                // Redirected: no animation, only the summary.
                result = await session.Api.ImportContactsAsync(group, tracker.Rows(file, encoding, ct), options, null, ct);
            }
        }
        catch (ContactImportCanceledException ex)
        {
            result = ex.Result;
            cancelled = true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cancelled = true;
        }

        var summary = tracker.Summarize(result, cancelled);
        PrintSummary(console, summary, request.Report);
        if (request.Report is not null)
        {
            // Not cancellable: a report of what was done is worth the second it takes, after Ctrl+C too.
            await WriteReportAsync(request.Report, file, encoding, summary, tracker.Header);
        }

        if (cancelled)
        {
            return context.Fail((SampleApp.Cancelled, "cancelled; the summary above says what was imported."));
        }

        return summary.Rejected == 0
            ? SampleApp.Ok
            : context.Fail((SampleApp.Failed, $"{summary.Rejected} of {summary.Read} rows were rejected; {(request.Report is null ? "run again with --report <file> to list them all" : $"{request.Report.Name} lists them")}."));
    }

    /// <summary>How a main field is compared: a mobile by its digits (without a leading 00), an e-mail trimmed, ignoring case.</summary>
    private static string Normalize(string main, string value)
    {
        if (main == "mobile")
        {
            var digits = string.Concat(value.Where(char.IsAsciiDigit));
            return digits.StartsWith("00", StringComparison.Ordinal) ? digits[2..] : digits;
        }

        return value.Trim().ToUpperInvariant();
    }

    /// <summary>One row not added: its line in the file (the header is line 1), why, and its fields as read (filled in later for rows the server refused).</summary>
    private sealed record Entry(int Line, string Outcome, string Reason)
    {
        public string[]? Row { get; set; }
    }

    private sealed record Summary(int Read, int Added, int Skipped, int Rejected, int ServerSkipped, int Unconfirmed, int Batches, TimeSpan Elapsed, IReadOnlyList<Entry> Entries);

    /// <summary>Counts the rows as they stream and remembers which line each contact sent came from.</summary>
    private sealed class Tracker(IReadOnlyList<string> header, string main, string[] fields)
    {
        private readonly List<int> _sentLines = [];
        private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
        private readonly List<Entry> _entries = [];
        private int _read;

        public IReadOnlyList<string> Header => header;

        public HashSet<string> InGroup { get; } = new(StringComparer.Ordinal);

        public int Read => Volatile.Read(ref _read);

        public async IAsyncEnumerable<ContactFields> Rows(FileInfo file, Encoding encoding, [EnumeratorCancellation] CancellationToken ct)
        {
            using var reader = CsvInput.Open(file, encoding);
            using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true });
            await csv.ReadHeaderAsync(ct);
            while (await csv.ReadAsync(ct))
            {
                if (CsvInput.IsBlank(csv))
                {
                    continue;
                }

                var line = (int)csv.LineNumber;
                var contact = new ContactFields();
                var value = string.Empty;
                for (var i = 0; i < Math.Min(fields.Length, csv.FieldCount); i++)
                {
                    var text = csv.GetString(i).Trim();
                    if (fields[i].Length > 0 && text.Length > 0)
                    {
                        contact[fields[i]] = text;
                    }

                    if (fields[i] == main)
                    {
                        value = text;
                    }
                }

                Interlocked.Increment(ref _read);
                var key = Normalize(main, value);
                if (key.Length == 0)
                {
                    Note(csv, new Entry(line, "rejected", value.Length == 0 ? $"no {main}" : $"'{value}' is not a {main}"));
                }
                else if (_seen.TryGetValue(key, out var first))
                {
                    Note(csv, new Entry(line, "skipped", $"duplicate of line {first} ({main} {value})"));
                }
                else if (InGroup.Contains(key))
                {
                    _seen[key] = line;
                    Note(csv, new Entry(line, "skipped", $"already in the group ({main} {value})"));
                }
                else
                {
                    _seen[key] = line;
                    _sentLines.Add(line);
                    yield return contact;
                }
            }
        }

        public Summary Summarize(ContactImportResult? result, bool cancelled)
        {
            var entries = new List<Entry>(_entries);
            foreach (var failure in result?.Failed ?? [])
            {
                var line = failure.Index < _sentLines.Count ? _sentLines[failure.Index] : 0;
                entries.Add(new Entry(line, "rejected", failure.Reason + (failure.OutcomeUnknown ? " (may have been added)" : string.Empty)));
            }

            entries.Sort((a, b) => a.Line.CompareTo(b.Line));
            var added = result?.Added ?? 0;
            var serverSkipped = (result?.ServerSkipped ?? 0) + (result?.AlreadyInGroup ?? 0);
            var skipped = _entries.Count(e => e.Outcome == "skipped") + serverSkipped;
            var rejected = entries.Count(e => e.Outcome == "rejected");
            var unconfirmed = Math.Max(0, Read - added - skipped - rejected);
            if (!cancelled && unconfirmed > 0)
            {
                // Every row is accounted for once the import has finished; a gap would be a bug worth seeing.
                throw new InvalidOperationException($"{unconfirmed} rows are neither added, skipped nor rejected.");
            }

            return new Summary(Read, added, skipped, rejected, serverSkipped, unconfirmed, result?.Batches ?? 0, result?.Elapsed ?? TimeSpan.Zero, entries);
        }

        private void Note(CsvReader csv, Entry entry)
        {
            entry.Row = [.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)];
            _entries.Add(entry);
        }
    }

    private static void PrintSummary(IAnsiConsole console, Summary summary, FileInfo? report)
    {
        var table = new Table().AddColumns("read", "added", "skipped", "rejected", "batches", "time");
        table.AddRow(
            summary.Read.ToString(CultureInfo.InvariantCulture),
            summary.Added.ToString(CultureInfo.InvariantCulture),
            summary.Skipped.ToString(CultureInfo.InvariantCulture),
            summary.Rejected.ToString(CultureInfo.InvariantCulture),
            summary.Batches.ToString(CultureInfo.InvariantCulture),
            $"{summary.Elapsed.TotalSeconds:0.00} s");
        console.Write(table);
        var sum = $"{summary.Read} rows read = {summary.Added} added + {summary.Skipped} skipped + {summary.Rejected} rejected";
        console.WriteLine(summary.Unconfirmed > 0 ? $"{sum} + {summary.Unconfirmed} not confirmed (cancelled before the server answered)" : sum);
        if (summary.ServerSkipped > 0)
        {
            console.WriteLine($"{summary.ServerSkipped} of the skipped rows were skipped by the server, which reports a count, not the rows.");
        }

        foreach (var entry in summary.Entries.Take(ListedInSummary))
        {
            console.MarkupLineInterpolated($"[red]line {entry.Line}[/] {entry.Outcome}: {entry.Reason}");
        }

        if (summary.Entries.Count > ListedInSummary)
        {
            console.MarkupLineInterpolated($"[red]… and {summary.Entries.Count - ListedInSummary} more rows not added[/]{(report is null ? "; --report <file> lists them all" : string.Empty)}");
        }

        if (report is not null)
        {
            console.WriteLine($"report: {summary.Entries.Count} rows not added in {report.FullName}");
        }
    }

    /// <summary>line, outcome, reason, then the row's own columns as the file has them: UTF-8, RFC 4180.</summary>
    private static async Task WriteReportAsync(FileInfo report, FileInfo file, Encoding encoding, Summary summary, IReadOnlyList<string> header)
    {
        var missing = summary.Entries.Where(e => e.Row is null).ToDictionary(e => e.Line);
        if (missing.Count > 0)
        {
            // The rows the server refused: read again, the file is not held in memory.
            using var reader = CsvInput.Open(file, encoding);
            using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true });
            await csv.ReadHeaderAsync(CancellationToken.None);
            while (missing.Count > 0 && await csv.ReadAsync(CancellationToken.None))
            {
                if (missing.Remove((int)csv.LineNumber, out var entry))
                {
                    entry.Row = [.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)];
                }
            }
        }

        await using var stream = new FileStream(report.FullName, FileMode.Create, FileAccess.Write, FileShare.Read);
        await using var writer = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\r\n", ValidateFieldCount = false }, leaveOpen: true);
        writer.WriteHeader(["line", "outcome", "reason", .. header]);
        foreach (var entry in summary.Entries)
        {
            writer.WriteRecord([entry.Line.ToString(CultureInfo.InvariantCulture), entry.Outcome, entry.Reason, .. entry.Row ?? []]);
        }

        await writer.FlushAsync(CancellationToken.None);
    }

    /// <summary>Moves the bar as batches complete (reports arrive on the importer's thread); it counts every row read.</summary>
    private sealed class Reporter(ProgressTask task, Tracker tracker) : IProgress<ContactImportProgress>
    {
        public void Report(ContactImportProgress value) => task.Value = tracker.Read;
    }
}
