using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Afilnet.Contacts.Import;
using CsvHelper;
using Spectre.Console;

namespace Afilnet.Contacts.Sample;

/// <summary><c>import file.csv [--group id]</c>: stream a CSV into a group in batches, with a progress bar and a summary.</summary>
internal static class ImportCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV file whose header names the fields (it must include mobile or email)." };
        var group = new Option<long?>("--group", "-g") { Description = "Import into this group; without it a group is created from the header." };
        var batchSize = new Option<int>("--batch-size") { Description = "Largest batch per addcontactlist call.", DefaultValueFactory = _ => ContactImportOptions.DefaultMaxBatchSize };
        var command = new Command("import", "Import contacts from a CSV file (addcontactlist in batches).") { file, group, batchSize };
        command.SetAction((p, ct) => context.RunAsync(p, (c, p, s, ct) => RunAsync(c, s, p.GetValue(file)!, p.GetValue(group), p.GetValue(batchSize), ct), ct));
        return command;
    }

    public static void PrintSummary(IAnsiConsole console, ContactImportResult result)
    {
        var table = new Table().AddColumns("read", "added", "skipped by server", "failed", "batches", "time");
        table.AddRow(
            result.Read.ToString(CultureInfo.InvariantCulture),
            result.Added.ToString(CultureInfo.InvariantCulture),
            result.ServerSkipped.ToString(CultureInfo.InvariantCulture),
            result.Failed.Count.ToString(CultureInfo.InvariantCulture),
            result.Batches.ToString(CultureInfo.InvariantCulture),
            $"{result.Elapsed.TotalSeconds:0.00} s");
        console.Write(table);
        foreach (var failure in result.Failed.Take(5))
        {
            console.MarkupLineInterpolated($"[red]row {failure.Index + 2}[/] {failure.Contact}: {failure.Reason}{(failure.OutcomeUnknown ? " (may have been added)" : string.Empty)}");
        }

        if (result.Failed.Count > 5)
        {
            console.MarkupLineInterpolated($"[red]… and {result.Failed.Count - 5} more failed rows[/]");
        }
    }

    private static async Task<int> RunAsync(CommandContext context, Session session, FileInfo file, long? groupOption, int batchSize, CancellationToken ct)
    {
        var console = context.Console;
        if (!file.Exists)
        {
            return context.Fail((SampleApp.Invalid, $"the file '{file.FullName}' does not exist."));
        }

        var header = await ReadHeaderAsync(file, ct);
        GroupId group;
        if (groupOption is { } existing)
        {
            group = new GroupId(existing);
        }
        else
        {
            var type = header.Contains("mobile") ? GroupType.Mobile
                : header.Contains("email") ? GroupType.Email
                : (GroupType?)null;
            if (type is null)
            {
                return context.Fail((SampleApp.Invalid, "the CSV header needs a 'mobile' or an 'email' column (the group's main field)."));
            }

            var name = $"{Path.GetFileNameWithoutExtension(file.Name)} {DateTime.Now:yyyy-MM-dd HH:mm}";
            group = (await session.Api.CreateGroupAsync(name, type.Value, header, ct)).GroupId
                ?? throw new InvalidOperationException("The server did not return the new group's id.");
            console.MarkupLineInterpolated($"[bold]creategroup[/] '{name}' ({type}, fields {string.Join(",", header)}) -> group {group}");
        }

        // Counting lines first gives the bar a total; rows are then streamed, never all held at once.
        var total = Math.Max(0, File.ReadLines(file.FullName).Count() - 1);
        console.MarkupLineInterpolated($"Importing {total} rows from {file.Name} into group {group} over [aqua]{session.Options.Transport}[/] against {session.Target}");
        ContactImportResult? result = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("addcontactlist", maxValue: Math.Max(1, total));
                result = await session.Api.ImportContactsAsync(
                    group,
                    Rows(file, header, ct),
                    new ContactImportOptions { MaxBatchSize = batchSize },
                    new Reporter(task),
                    ct);
                task.Value = task.MaxValue;
            });

        PrintSummary(console, result!);
        return result!.Failed.Count == 0
            ? SampleApp.Ok
            : context.Fail((SampleApp.Failed, $"{result.Failed.Count} of {result.Read} rows were not imported; the first are listed above."));
    }

    private static async Task<string[]> ReadHeaderAsync(FileInfo file, CancellationToken ct)
    {
        using var csv = CsvReader.FromFile(file.FullName);
        await csv.ReadHeaderAsync(ct);
        if (csv.Headers is not { Count: > 0 } header)
        {
            throw new ArgumentException($"'{file.Name}' has no header row.");
        }

        return [.. header.Select(h => h.Trim())];
    }

    private static async IAsyncEnumerable<ContactFields> Rows(FileInfo file, string[] header, [EnumeratorCancellation] CancellationToken ct)
    {
        using var csv = CsvReader.FromFile(file.FullName);
        await csv.ReadHeaderAsync(ct);
        while (await csv.ReadAsync(ct))
        {
            var fields = new ContactFields();
            for (var i = 0; i < Math.Min(header.Length, csv.FieldCount); i++)
            {
                var value = csv.GetString(i);
                if (!string.IsNullOrEmpty(value))
                {
                    fields[header[i]] = value;
                }
            }

            yield return fields;
        }
    }

    /// <summary>Moves the bar as batches complete (reports arrive on the importer's thread).</summary>
    private sealed class Reporter(ProgressTask task) : IProgress<ContactImportProgress>
    {
        public void Report(ContactImportProgress value) => task.Value = value.Read;
    }
}
