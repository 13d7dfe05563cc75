using System.Net;
using System.Runtime.CompilerServices;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// An answer body the policy hands on unread, for a reader that takes it as it arrives (WCF's buffer, the streaming
/// listing): every read stays under the attempt's deadline and the call's limit, and its failures become the SDK's
/// errors exactly as the policy's own reads do. Owns the deadline from then on: disposing the content ends the attempt.
/// </summary>
internal sealed class StreamedContent : HttpContent
{
    private readonly HttpContent _source;
    private readonly GuardedStream _stream;

    private StreamedContent(HttpContent source, GuardedStream stream)
    {
        _source = source;
        _stream = stream;
        PooledContent.CopyHeaders(source, this, keepLength: true);
    }

    /// <summary>The body as the reader sees it.</summary>
    public Stream Stream => _stream;

    /// <summary>
    /// The error for a body that ends before its first byte, raised by that read; none when an empty body is for the
    /// reader to judge. WCF would hand back no message at all (or fail with a NullReferenceException); this says what happened.
    /// </summary>
    public Func<Exception>? WhenEmpty
    {
        get => _stream.WhenEmpty;
        set => _stream.WhenEmpty = value;
    }

    /// <summary>
    /// Wraps <paramref name="source"/>'s body. <paramref name="maxBytes"/> bounds the whole body (null: the reader bounds
    /// what it holds, a record at a time); <paramref name="perRead"/> restarts the deadline on each read.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<StreamedContent> OpenAsync(HttpContent source, HttpCall call, int status, Uri? sentTo, AttemptDeadline deadline, long? maxBytes, bool perRead)
    {
        if (maxBytes is { } max && source.Headers.ContentLength > max)
        {
            throw call.TooLarge(status);
        }

        var stream = await source.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
        return new StreamedContent(source, new GuardedStream(stream, call, status, sentTo, deadline, maxBytes, perRead));
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _stream.CopyToAsync(stream);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _stream.CopyToAsync(stream, cancellationToken);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(_stream);

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class GuardedStream(Stream inner, HttpCall call, int status, Uri? sentTo, AttemptDeadline deadline, long? maxBytes, bool perRead) : Stream
    {
        private long _read;
        private int _disposed;

        public Func<Exception>? WhenEmpty { get; set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (perRead)
            {
                deadline.Restart();
            }

            // Never asks for more than one byte past the limit: that byte is all it takes to know the answer is too large.
            if (maxBytes is { } max && max - _read + 1 < buffer.Length)
            {
                buffer = buffer[..(int)(max - _read + 1)];
            }

            int read;
            try
            {
                if (cancellationToken.CanBeCanceled)
                {
                    // A later read (the streaming listing's) may carry the caller's token of that moment.
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
                    read = await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
                }
                else
                {
                    read = await inner.ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (deadline.Translate(ex, call, sentTo, cancellationToken) is { } translated)
            {
                throw translated;
            }

            if (read == 0 && _read == 0 && buffer.Length > 0 && WhenEmpty is { } empty)
            {
                throw empty();
            }

            _read += read;
            return maxBytes is { } limit && _read > limit ? throw call.TooLarge(status) : read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // Readers of the SDK read asynchronously; a synchronous read waits on the same guarded path.
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                inner.Dispose();
                deadline.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
