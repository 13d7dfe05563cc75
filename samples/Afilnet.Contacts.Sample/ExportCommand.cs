using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// <c>export --group id [--format csv|json] [--output file]</c>: a group's contacts, UTF-8. CSV (RFC 4180, CsvHelper):
/// a header of <c>idcontact</c> and the group's columns (getgroupcolumns), one record per contact. JSON: an array of
/// objects with the same names. Written contact by contact, to the file or to standard output.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CommandContext context)
    {
        var group = new Option<long>("--group", "-g") { Description = "The group to export.", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "csv (the default) or json.", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var output = new Option<FileInfo?>("--output", "-o") { Description = "The file to write (replaced if it exists); standard output when not given." };
        var command = new Command(
            "export",
            SampleApp.Describe(
                "Export a group's contacts (getgroupcolumns, getcontacts) as CSV or JSON, UTF-8: idcontact first, then the group's columns.",
                "afilnet export --group 1000 --output customers.csv",
                "afilnet export --group 1000 --format json > customers.json"))
        {
            group, format, output,
        };
        command.SetAction((p, ct) => context.RunAsync(p, (c, p, s, ct) => RunAsync(c, s, new GroupId(p.GetValue(group)), p.GetValue(format)!, p.GetValue(output), ct), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, Session session, GroupId group, string format, FileInfo? file, CancellationToken ct)
    {
        var columns = (await session.Api.GetGroupColumnsAsync(group, ct)).ToArray();
        string[] header = ["idcontact", .. columns];

        // A file is written as the contacts arrive (any group size, in the memory of one contact) into a temporary file
        // beside it, renamed only once the list has ended well: a failing call leaves no half-written export behind.
        // Standard output cannot be taken back, so the list is read whole before the first line is written.
        var contacts = file is null
            ? (await session.Api.GetContactsAsync(group, ct)).ToAsyncEnumerable()
            : session.Api.StreamContactsAsync(group, ct);
        var standardOutput = file is null ? context.Console.Profile.Out.Writer : null;
        var partial = file is null ? null : file.FullName + ".partial";
        var stream = partial is null ? null : new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        int written;
        try
        {
            written = format == "json"
                ? await WriteJsonAsync(stream, standardOutput, header, contacts, ct)
                : await WriteCsvAsync(stream, standardOutput, header, contacts, ct);
            if (stream is not null)
            {
                await stream.DisposeAsync();
                File.Move(partial!, file!.FullName, overwrite: true);
            }
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync();
                File.Delete(partial!);
            }

            throw;
        }

        if (file is not null)
        {
            await context.Error.WriteLineAsync($"exported {written} contacts of group {group} to {file.FullName}");
        }

        return SampleApp.Ok;
    }

    private static async Task<int> WriteCsvAsync(Stream? stream, TextWriter? standardOutput, string[] header, IAsyncEnumerable<Contact> contacts, CancellationToken ct)
    {
        var options = new CsvWriterOptions { NewLine = "\r\n" };
        await using var csv = stream is not null ? CsvWriter.Create(stream, options, leaveOpen: true) : CsvWriter.Create(standardOutput!, options, leaveOpen: true);
        csv.WriteHeader(header);
        var record = new string[header.Length];
        var count = 0;
        await foreach (var contact in contacts.WithCancellation(ct))
        {
            Fill(record, header, contact);
            await csv.WriteRecordAsync(record, ct);
            count++;
        }

        await csv.FlushAsync(ct);
        return count;
    }

    private static async Task<int> WriteJsonAsync(Stream? stream, TextWriter? standardOutput, string[] header, IAsyncEnumerable<Contact> contacts, CancellationToken ct)
    {
        // UTF-8 bytes to the file; to standard output, through a buffer flushed contact by contact.
        using var buffer = new MemoryStream();
        var target = stream ?? buffer;
        await using var json = new Utf8JsonWriter(target, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var record = new string[header.Length];
        json.WriteStartArray();
        var count = 0;
        await foreach (var contact in contacts.WithCancellation(ct))
        {
            count++;
            Fill(record, header, contact);
            json.WriteStartObject();
            json.WriteNumber("idcontact", contact.Id.Value);
            for (var i = 1; i < header.Length; i++)
            {
                json.WriteString(header[i], record[i]);
            }

            json.WriteEndObject();
            await FlushAsync();
        }

        json.WriteEndArray();
        await FlushAsync();
        if (standardOutput is not null)
        {
            await standardOutput.WriteLineAsync();
            await standardOutput.FlushAsync(ct);
        }

        return count;

        async Task FlushAsync()
        {
            await json.FlushAsync(ct);
            if (standardOutput is not null)
            {
                await standardOutput.WriteAsync(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).AsMemory(), ct);
                buffer.SetLength(0);
            }
        }
    }

    private static void Fill(string[] record, string[] header, Contact contact)
    {
        record[0] = contact.Id.Value.ToString(CultureInfo.InvariantCulture);
        for (var i = 1; i < header.Length; i++)
        {
            record[i] = contact.Fields.TryGetValue(header[i], out var value) ? value : string.Empty;
        }
    }
}
