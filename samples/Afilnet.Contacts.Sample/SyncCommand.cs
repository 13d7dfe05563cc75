using System.CommandLine;
using System.Globalization;
using Afilnet.Contacts.Sync;
using CsvHelper;
using Spectre.Console;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// <c>sync file.csv --group id [--dry-run] [--delete-missing] [--encoding e] [--map Header=column]… [--report file]</c>:
/// make the group match the file (the SDK's <c>SyncGroupAsync</c>): the plan first (adds, modifications, deletions, rows
/// that cannot be sent), then the run, which a second run after any interruption completes. The file is read as
/// <c>import</c> reads it (<see cref="CsvInput"/>).
/// </summary>
internal static class SyncCommand
{
    public static Command Create(CommandContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "A CSV file whose header names the fields, the group's main field (mobile or email) among them." };
        var group = new Option<long>("--group", "-g") { Description = "The group to make match the file.", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Show the plan and write nothing." };
        var deleteMissing = new Option<bool>("--delete-missing") { Description = "Also delete the group's contacts the file does not have (off by default)." };
        var encoding = new Option<string>("--encoding", "-e") { Description = "The file's encoding: auto (the default), utf-8, windows-1252 or any name .NET knows.", DefaultValueFactory = _ => "auto" };
        var map = new Option<string[]>("--map", "-m") { Description = "Header=column: the group column a CSV column goes to (repeatable); Header= leaves it out.", Arity = ArgumentArity.ZeroOrMore };
        var report = new Option<FileInfo?>("--report", "-r") { Description = "Write every row that was not brought in line (rejected, failed, outcome unknown, not done) to this CSV file." };
        var command = new Command(
            "sync",
            SampleApp.Describe(
                "Make a group match a CSV file: add what is missing, modify what differs, optionally delete what the file lacks. Safe to run again after any interruption.",
                "afilnet sync customers.csv --group 1000 --dry-run",
                "afilnet sync customers.csv --group 1000 --delete-missing --report not-synced.csv"))
        {
            file, group, dryRun, deleteMissing, encoding, map, report,
        };
        command.SetAction((p, ct) => context.RunAsync(
            p,
            (c, p, s, ct) => RunAsync(c, s, p.GetValue(file)!, new GroupId(p.GetValue(group)), p.GetValue(dryRun), p.GetValue(deleteMissing), p.GetValue(encoding)!, p.GetValue(map) ?? [], p.GetValue(report), ct),
            ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CommandContext context, Session session, FileInfo file, GroupId group, bool dryRun, bool deleteMissing, string encodingName, string[] map, FileInfo? report, CancellationToken ct)
    {
        if (!file.Exists)
        {
            return context.Fail((SampleApp.Invalid, $"the file '{file.FullName}' does not exist; check the path."));
        }

        var (encoding, described) = CsvInput.ResolveEncoding(encodingName, file);
        var scan = await CsvInput.ScanAsync(file, encoding, ct);
        var columns = await session.Api.GetGroupColumnsAsync(group, ct);
        var fields = CsvInput.MapHeader(scan.Header, CsvInput.ParseMaps(map), columns, group);
        var main = columns.Contains("mobile", StringComparer.OrdinalIgnoreCase) ? "mobile" : "email";
        if (!fields.Contains(main, StringComparer.Ordinal))
        {
            return context.Fail((SampleApp.Invalid, $"no CSV column maps to the group's main field '{main}'; add --map \"<header>={main}\"."));
        }

        context.Console.MarkupLineInterpolated(
            $"{(dryRun ? "Planning" : "Syncing")} group {group} with {scan.Rows} rows from {file.Name} ({described}, separator {CsvInput.SeparatorName(scan.Separator)}) over [aqua]{session.Options.Transport}[/] against {session.Target}");
        var options = new GroupSyncOptions { DryRun = dryRun, DeleteMissing = deleteMissing, MainField = main };
        GroupSyncResult result;
        var cancelled = false;
        try
        {
            result = await session.Api.SyncGroupAsync(group, CsvInput.RowsAsync(file, encoding, fields, ct), options, cancellationToken: ct);
        }
        catch (GroupSyncCanceledException ex)
        {
            result = ex.Result;
            cancelled = true;
        }

        Print(context.Console, result, deleteMissing);
        if (report is not null)
        {
            // Not cancellable: what was not done is worth writing down after Ctrl+C too.
            await WriteReportAsync(report, result);
        }

        // A dry run leaves every planned write pending by design: only rows that cannot be sent count against it.
        var notDone = result.Rejected.Count + (result.DryRun ? 0 : result.Failed.Count + result.OutcomeUnknown.Count + result.Pending.Count);
        if (cancelled)
        {
            return context.Fail((SampleApp.Cancelled, "cancelled; run the same sync again to finish it."));
        }

        return notDone == 0
            ? SampleApp.Ok
            : context.Fail((SampleApp.Failed, $"{notDone} rows were not brought in line; {(report is null ? "run again with --report <file> to list them" : $"{report.Name} lists them")}."));
    }

    private static void Print(IAnsiConsole console, GroupSyncResult result, bool deleteMissing)
    {
        static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
        var plan = new Table().AddColumns("read", "to add", "to modify", deleteMissing ? "to delete" : "not in the file (kept)", "unchanged", "rejected");
        plan.AddRow(N(result.Read), N(result.PlannedAdds), N(result.PlannedModifies), N(deleteMissing ? result.PlannedDeletes : result.NotInSource), N(result.Unchanged.Count), N(result.Rejected.Count));
        console.Write(plan);
        if (!result.DryRun)
        {
            var done = new Table().AddColumns("added", "modified", "deleted", "failed", "outcome unknown", "not done", "time");
            done.AddRow(N(result.Added.Count), N(result.Modified.Count), N(result.Deleted.Count), N(result.Failed.Count), N(result.OutcomeUnknown.Count), N(result.Pending.Count), $"{result.Elapsed.TotalSeconds:0.00} s");
            console.Write(done);
            console.MarkupLine(result.Converged ? "The group matches the file." : "The group does not match the file yet: run the same sync again.");
        }
        else
        {
            console.MarkupLine("Dry run: nothing was written.");
        }

        foreach (var row in result.Rejected.Take(5))
        {
            // The SDK's numbering: the position among the file's rows from 0, blank lines not counted.
            console.WriteLine(row.ToString());
        }
    }

    private static async Task WriteReportAsync(FileInfo report, GroupSyncResult result)
    {
        await using var stream = new FileStream(report.FullName, FileMode.Create, FileAccess.Write, FileShare.Read);
        await using var writer = CsvWriter.Create(stream, new CsvWriterOptions { NewLine = "\r\n", ValidateFieldCount = false }, leaveOpen: true);
        writer.WriteHeader(["index", "outcome", "reason", "key"]);
        foreach (var (outcome, rows) in new[] { ("rejected", result.Rejected), ("failed", result.Failed), ("outcome unknown", result.OutcomeUnknown), ("not done", result.Pending) })
        {
            foreach (var row in rows)
            {
                writer.WriteRecord([row.Index.ToString(CultureInfo.InvariantCulture), outcome, row.Reason ?? string.Empty, row.Key ?? string.Empty]);
            }
        }

        await writer.FlushAsync(CancellationToken.None);
    }
}
