using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// Reading a CSV the way an operator's file comes: the encoding detected (UTF-8 with or without BOM, else Windows-1252)
/// or given, the separator detected, the header mapped onto the group's columns (case-insensitively, and by
/// <c>--map</c>), blank lines skipped. Shared by <c>import</c> and <c>sync</c>.
/// </summary>
internal static class CsvInput
{
    /// <summary>The encoding to read with, and how the banner names it.</summary>
    internal static (Encoding Encoding, string Name) ResolveEncoding(string name, FileInfo file)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        if (string.Equals(name, "auto", StringComparison.OrdinalIgnoreCase))
        {
            using var stream = file.OpenRead();
            var bom = new byte[3];
            var bomLength = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
            var hasBom = bomLength == 3 && bom is [0xEF, 0xBB, 0xBF];
            stream.Position = 0;
            return IsUtf8(stream)
                ? (new UTF8Encoding(false), hasBom ? "UTF-8 with BOM, detected" : "UTF-8, detected")
                : (Encoding.GetEncoding(1252), "Windows-1252, detected: not valid UTF-8");
        }

        try
        {
            var encoding = Encoding.GetEncoding(name);
            return (encoding, encoding.WebName);
        }
        catch (ArgumentException)
        {
            throw new ArgumentException($"unknown encoding '{name}'; use --encoding auto, utf-8, windows-1252, iso-8859-1 or another name .NET knows.");
        }
    }

    internal static bool IsUtf8(Stream stream)
    {
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[bytes.Length + 2];
        try
        {
            int read;
            while ((read = stream.Read(bytes)) > 0)
            {
                decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
            }

            decoder.GetChars([], 0, 0, chars, 0, flush: true);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    internal static Dictionary<string, string> ParseMaps(string[] values)
    {
        var maps = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--map '{value}' is not Header=column; for example --map \"Mobile=mobile\".");
            }

            maps[value[..equals].Trim()] = value[(equals + 1)..].Trim();
        }

        return maps;
    }

    internal static string[] MapHeader(IReadOnlyList<string> header, Dictionary<string, string> maps, IReadOnlyList<string> columns, GroupId? group)
    {
        var unknown = maps.Keys.Where(k => !header.Contains(k, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--map names '{string.Join("', '", unknown)}', which the CSV header ({string.Join(", ", header)}) does not have.");
        }

        var fields = new string[header.Count];
        var unmatched = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            if (maps.TryGetValue(header[i], out var mapped))
            {
                fields[i] = columns.FirstOrDefault(c => string.Equals(c, mapped, StringComparison.OrdinalIgnoreCase)) ?? mapped;
                if (group is not null && mapped.Length > 0 && !columns.Contains(mapped, StringComparer.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"--map '{header[i]}={mapped}': group {group} has no column '{mapped}' (its columns: {string.Join(", ", columns)}).");
                }
            }
            else if (columns.FirstOrDefault(c => string.Equals(c, header[i], StringComparison.OrdinalIgnoreCase)) is { } column)
            {
                fields[i] = column;
            }
            else if (group is null)
            {
                fields[i] = header[i];
            }
            else
            {
                fields[i] = string.Empty;
                unmatched.Add(header[i]);
            }
        }

        if (unmatched.Count > 0)
        {
            throw new ArgumentException(
                $"the CSV column{(unmatched.Count > 1 ? "s" : string.Empty)} '{string.Join("', '", unmatched)}' match{(unmatched.Count > 1 ? string.Empty : "es")} no column of group {group} " +
                $"({string.Join(", ", columns)}); map {(unmatched.Count > 1 ? "each" : "it")} with --map \"{unmatched[0]}=<column>\", or leave it out with --map \"{unmatched[0]}=\".");
        }

        return fields;
    }

    internal sealed record Scan(IReadOnlyList<string> Header, string Separator, int Rows);

    /// <summary>The header, the separator and the number of rows (records with a non-blank field; blank lines are not rows).</summary>
    internal static async Task<Scan> ScanAsync(FileInfo file, Encoding encoding, CancellationToken ct)
    {
        using var reader = Open(file, encoding);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true });
        await csv.ReadHeaderAsync(ct);
        var header = csv.Headers.Select(h => h.Trim()).ToArray();
        if (header.Length == 0 || header.All(h => h.Length == 0))
        {
            throw new ArgumentException($"'{file.Name}' has no header row; its first line must name the fields, for example mobile,name.");
        }

        var rows = 0;
        while (await csv.ReadAsync(ct))
        {
            if (!IsBlank(csv))
            {
                rows++;
            }
        }

        return new Scan(header, csv.Separator.ToString(), rows);
    }

    internal static StreamReader Open(FileInfo file, Encoding encoding) =>
        new(file.FullName, encoding, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 64 * 1024, Options = FileOptions.SequentialScan });

    internal static bool IsBlank(CsvReader csv)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            if (!string.IsNullOrWhiteSpace(csv.GetString(i)))
            {
                return false;
            }
        }

        return true;
    }

    internal static string SeparatorName(string separator) => separator switch
    {
        "\t" => "tab",
        _ => $"'{separator}'",
    };

    /// <summary>The contacts of the file's rows, each row's mapped fields that have a value; blank lines are not rows.</summary>
    internal static async IAsyncEnumerable<ContactFields> RowsAsync(FileInfo file, Encoding encoding, string[] fields, [EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = Open(file, encoding);
        using var csv = CsvReader.Create(reader, new CsvReaderOptions { TrackLineNumbers = true });
        await csv.ReadHeaderAsync(ct);
        while (await csv.ReadAsync(ct))
        {
            if (IsBlank(csv))
            {
                continue;
            }

            var contact = new ContactFields();
            for (var i = 0; i < Math.Min(fields.Length, csv.FieldCount); i++)
            {
                var text = csv.GetString(i).Trim();
                if (fields[i].Length > 0 && text.Length > 0)
                {
                    contact[fields[i]] = text;
                }
            }

            yield return contact;
        }
    }
}
