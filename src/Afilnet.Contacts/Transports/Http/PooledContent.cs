using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// An answer body the policy read whole, within its limit, into a pooled buffer: what every transport and Duende
/// read afterwards, with the original content headers. The buffer goes back to the pool when the content is disposed.
/// </summary>
internal sealed class PooledContent : HttpContent
{
    private const int FirstBufferBytes = 16 * 1024;

    private readonly int _length;
    private byte[]? _buffer;

    private PooledContent(byte[] buffer, int length, HttpContent source, bool allHeaders)
    {
        _buffer = buffer;
        _length = length;
        // An API answer's headers were judged by the policy already and its bytes are all the SDK reads: copying headers
        // would cost a header store per call for nobody.
        if (allHeaders)
        {
            CopyHeaders(source, this, keepLength: false);
        }
    }

    /// <summary>The content headers an answer keeps when the policy replaces its content (Content-Length only when asked).</summary>
    public static void CopyHeaders(HttpContent source, HttpContent target, bool keepLength)
    {
        foreach (var header in source.Headers)
        {
            if (keepLength || !string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                target.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    public int Length => _length;

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(PooledContent))).AsMemory(0, _length);

    /// <summary>
    /// Reads <paramref name="source"/> whole, refusing one larger than <see cref="HttpCall.MaxAnswerBytes"/> without
    /// reading the rest, whether its size was declared or it is chunked: at most one byte past the limit is read.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<PooledContent> ReadAsync(HttpContent source, HttpCall call, int status, CancellationToken cancellationToken)
    {
        var max = call.MaxAnswerBytes;
        var declared = source.Headers.ContentLength;
        if (declared > max)
        {
            throw call.TooLarge(status);
        }

        // One byte more than declared, so a body of exactly the declared size ends with a read of 0, not a regrowth.
        var buffer = ArrayPool<byte>.Shared.Rent(declared is >= 0 and < int.MaxValue ? (int)declared.Value + 1 : (int)Math.Min(FirstBufferBytes, max + 1));
        var length = 0;
        try
        {
            var stream = await source.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        // Room for one byte past the limit at most: that byte is all it takes to know the answer is too large.
                        var wanted = Math.Min((long)buffer.Length * 2, Array.MaxLength);
                        var larger = ArrayPool<byte>.Shared.Rent((int)(max < wanted ? max + 1 : wanted));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    // Never asks the source for more than one byte past the limit, however much it could hand over at once.
                    var free = buffer.Length - length;
                    var left = max - length;
                    var read = await stream.ReadAsync(buffer.AsMemory(length, left < free ? (int)left + 1 : free), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        // Duende.IdentityModel reads a token answer's headers as the server sent them; API answers need only their type.
                        return new PooledContent(buffer, length, source, allHeaders: call.Kind == HttpAnswerKind.Token);
                    }

                    length += read;
                    if (length > max)
                    {
                        throw call.TooLarge(status);
                    }
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Memory).AsTask();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Memory, cancellationToken).AsTask();

    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(_buffer ?? throw new ObjectDisposedException(nameof(PooledContent)), 0, _length, writable: false));

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}
