using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Afilnet.Transports.Benchmarks.Infrastructure;

/// <summary>
/// A lean Kestrel host on 127.0.0.1 with a free port (no routing, no logging, no middleware): it reads the whole
/// request, looks for <c>creategroup</c> in the query or body to tell the write from the read, and writes a canned
/// answer. The same few microseconds of work for every client of a wire style.
/// </summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private static readonly byte[] CreateGroupMarker = "creategroup"u8.ToArray();

    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>For example <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>How many contacts a <c>getcontacts</c> answer holds.</summary>
    public int ContactCount { get; set; } = 1;

    /// <summary>Requests served so far (all paths).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    private long _requests;

    public static async Task<LoopbackServer> StartAsync()
    {
        LoopbackServer? server = null;
        var (app, uri) = await LoopbackHost.StartAsync(context => server!.HandleAsync(context));
        server = new LoopbackServer(app, uri);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var request = context.Request;
        var isWrite = request.QueryString.HasValue && request.QueryString.Value!.Contains("creategroup", StringComparison.Ordinal);
        var body = context.Request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync();
            if (read.IsCompleted)
            {
                isWrite |= Contains(read.Buffer, CreateGroupMarker);
                body.AdvanceTo(read.Buffer.End);
                break;
            }

            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var path = request.Path.Value ?? "";
        byte[] answer;
        string contentType;
        if (path.StartsWith("/api/oauth2/token", StringComparison.Ordinal))
        {
            (answer, contentType) = (CannedAnswers.Token, "application/json; charset=utf-8");
        }
        else if (path.StartsWith("/api/soap/", StringComparison.Ordinal))
        {
            answer = isWrite ? CannedAnswers.SoapCreateGroup : CannedAnswers.SoapContacts(ContactCount);
            contentType = "text/xml; charset=utf-8";
        }
        else
        {
            answer = isWrite ? CannedAnswers.JsonCreateGroup : CannedAnswers.JsonContacts(ContactCount);
            contentType = "application/json; charset=utf-8";
        }

        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = contentType;
        response.ContentLength = answer.Length;
        await response.BodyWriter.WriteAsync(answer);
    }

    private static bool Contains(ReadOnlySequence<byte> buffer, byte[] marker) =>
        buffer.IsSingleSegment ? buffer.FirstSpan.IndexOf(marker) >= 0 : buffer.ToArray().AsSpan().IndexOf(marker) >= 0;
}
