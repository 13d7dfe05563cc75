using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Afilnet.Transports.Benchmarks.Infrastructure;

/// <summary>
/// A Kestrel host on 127.0.0.1 for the scale mode that holds nothing: a <c>getcontacts</c> answer of
/// <see cref="ContactCount"/> contacts is generated while it is written, a few KB at a time, with chunked transfer
/// encoding (no Content-Length), in the record shape of <see cref="CannedAnswers"/>; an <c>addcontactlist</c> batch is
/// counted and answered with that count, then dropped. It runs in the measured process (the scale mode's child), so its
/// own memory counts there too: a few KB of pipe buffers per connection, which is what makes that acceptable.
/// </summary>
internal sealed class StreamingServer : IAsyncDisposable
{
    // Flush to the socket whenever this much is pending: the answer never sits in memory as a whole.
    private const int ChunkBytes = 4 * 1024;

    private static readonly byte[] AddContactListMarker = "addcontactlist"u8.ToArray();
    private static readonly byte[] CreateGroupMarker = "creategroup"u8.ToArray();

    // One per contact in an addcontactlist request, whatever the wire style: the contacts travel as a JSON array of
    // {"mobile":…,"name":…} (URL-encoded in a query or form, embedded in a JSON body, or as text in a SOAP element),
    // and no other parameter of the call (class, method, user, password, idgroup) holds the word.
    private static readonly byte[] ContactMarker = "mobile"u8.ToArray();

    private static readonly byte[] JsonListStart = """{"status":"SUCCESS","result":["""u8.ToArray();
    private static readonly byte[] JsonListEnd = "]}"u8.ToArray();
    private static readonly byte[] SoapListStart = Encoding.UTF8.GetBytes(
        EnvelopeStart + "<getcontactsResponse xmlns=\"" + CannedAnswers.SoapNamespace + "\"><status>SUCCESS</status><result>");
    private static readonly byte[] SoapListEnd = Encoding.UTF8.GetBytes("</result></getcontactsResponse>" + EnvelopeEnd);

    private const string EnvelopeStart = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>";
    private const string EnvelopeEnd = "</soap:Body></soap:Envelope>";

    private readonly WebApplication _app;

    private StreamingServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>How many contacts a <c>getcontacts</c> answer holds.</summary>
    public int ContactCount { get; set; }

    public static async Task<StreamingServer> StartAsync()
    {
        StreamingServer? server = null;
        var (app, uri) = await LoopbackHost.StartAsync(
            context => server!.HandleAsync(context),
            limits =>
            {
                // A GET import batch rides in the URL (the SDK keeps it under AfilnetOptions.MaxUrlLength, 4000 by default).
                limits.MaxRequestLineSize = 64 * 1024;
                limits.MaxRequestBufferSize = 1024 * 1024;
            });
        server = new StreamingServer(app, uri);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Path.Value ?? "";
        var soap = path.StartsWith("/api/soap/", StringComparison.Ordinal);
        response.StatusCode = 200;
        response.ContentType = soap ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";

        // The whole request (an import batch is a few tens of KB at most), searched in place and released.
        var body = request.BodyReader;
        ReadResult read;
        while (!(read = await body.ReadAsync()).IsCompleted)
        {
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var query = Encoding.UTF8.GetBytes(request.QueryString.Value ?? "");
        var buffer = read.Buffer;
        var isImport = Count(buffer, AddContactListMarker) + Count(query, AddContactListMarker) > 0;
        var isWrite = Count(buffer, CreateGroupMarker) + Count(query, CreateGroupMarker) > 0;
        var contactsInBatch = isImport ? Count(buffer, ContactMarker) + Count(query, ContactMarker) : 0;
        body.AdvanceTo(buffer.End);

        if (path.StartsWith("/api/oauth2/token", StringComparison.Ordinal))
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.BodyWriter.WriteAsync(CannedAnswers.Token);
        }
        else if (isImport)
        {
            var added = contactsInBatch.ToString(CultureInfo.InvariantCulture);
            var answer = soap
                ? EnvelopeStart + "<addcontactlistResponse xmlns=\"" + CannedAnswers.SoapNamespace + "\"><status>SUCCESS</status><result><added>" + added + "</added></result></addcontactlistResponse>" + EnvelopeEnd
                : "{\"status\":\"SUCCESS\",\"result\":{\"added\":" + added + "}}";
            await response.BodyWriter.WriteAsync(Encoding.UTF8.GetBytes(answer));
        }
        else if (isWrite)
        {
            await response.BodyWriter.WriteAsync(soap ? CannedAnswers.SoapCreateGroup : CannedAnswers.JsonCreateGroup);
        }
        else
        {
            await WriteContactsAsync(response.BodyWriter, ContactCount, soap, context.RequestAborted);
        }
    }

    /// <summary>Generates the getcontacts answer record by record, flushing every <see cref="ChunkBytes"/>.</summary>
    private static async Task WriteContactsAsync(PipeWriter writer, int count, bool soap, CancellationToken cancellationToken)
    {
        writer.Write(soap ? SoapListStart : JsonListStart);
        var pending = 0;
        for (var i = 0; i < count; i++)
        {
            var span = writer.GetSpan(256);
            var id = 1000 + i;
            var mobile = 34600000000L + i;
            bool written;
            int length;
            if (soap)
            {
                written = Utf8.TryWrite(span, CultureInfo.InvariantCulture,
                    $"<contact><idcontact>{id}</idcontact><field name=\"mobile\">{mobile}</field><field name=\"name\">Contact {i}</field></contact>", out length);
            }
            else
            {
                written = Utf8.TryWrite(span, CultureInfo.InvariantCulture,
                    $$"""{{(i == 0 ? "" : ",")}}{"idcontact":{{id}},"mobile":"{{mobile}}","name":"Contact {{i}}"}""", out length);
            }

            if (!written)
            {
                throw new InvalidOperationException("A contact record did not fit 256 bytes.");
            }

            writer.Advance(length);
            pending += length;
            if (pending >= ChunkBytes)
            {
                pending = 0;
                await writer.FlushAsync(cancellationToken);
            }
        }

        writer.Write(soap ? SoapListEnd : JsonListEnd);
        await writer.FlushAsync(cancellationToken);
    }

    private static int Count(ReadOnlySequence<byte> buffer, ReadOnlySpan<byte> marker)
    {
        var reader = new SequenceReader<byte>(buffer);
        var found = 0;
        while (reader.TryReadTo(out ReadOnlySequence<byte> _, marker, advancePastDelimiter: true))
        {
            found++;
        }

        return found;
    }

    private static int Count(ReadOnlySpan<byte> text, ReadOnlySpan<byte> marker)
    {
        var found = 0;
        int at;
        while ((at = text.IndexOf(marker)) >= 0)
        {
            found++;
            text = text[(at + marker.Length)..];
        }

        return found;
    }
}
