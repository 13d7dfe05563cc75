using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Tests.OAuth2;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>Runs alone: the allocation deltas are process-wide, and another test running meanwhile would add to them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationMeasuring
{
    public const string Name = "Allocation measuring";
}

/// <summary>
/// "Every answer is bounded, the token endpoint's included" (issue 12): a server that streams 1 GB, made on demand by
/// <see cref="BombContent"/> and never held, costs the SDK the limit and one byte of reading, and a typed error. Bytes
/// read are asserted exactly and bytes allocated against a bound, neither depending on timing; the peak working set is
/// only reported.
/// </summary>
[Collection(AllocationMeasuring.Name)]
public sealed class AnswerBombTests
{
    private const long OneGigabyte = 1L << 30;

    /// <summary>The token answer's cap, written here from issue 12 rather than taken from the SDK: min(MaxResponseBytes, 64 KiB).</summary>
    private const long TokenCap = 64 * 1024;

    /// <summary>A small API limit, so that reading up to it stays cheap while 1 GB stays far beyond it.</summary>
    private const long ApiLimit = 1024 * 1024;

    /// <summary>
    /// What a call may allocate besides its answer buffer: the call's own objects, a few tens of KiB measured. The buffer
    /// comes from <c>ArrayPool</c>, mostly reused; when the pool is cold (first use, or trimmed after a GC) it is allocated
    /// as it doubles, in powers of two, to up to twice the limit: at most four times the limit in all. Reading the 1 GB
    /// would allocate a hundred times more.
    /// </summary>
    private const long Overhead = 1024 * 1024;

    public static TheoryData<bool> Declared() => [false, true];

    [Theory]
    [MemberData(nameof(Declared))]
    public async Task A_token_endpoint_streaming_1_GB_costs_only_the_token_cap_and_fails_typed(bool declareLength)
    {
        var bomb = await DetonateAsync("OAuth2Json", configure: null, tokenBomb: true, "{\"access_token\":\"", "application/json", declareLength);

        var error = Assert.IsType<AfilnetAuthenticationException>(bomb.Error);
        Assert.False(error.RequestMayHaveReachedServer);
        var tooLarge = Assert.IsType<AfilnetTransportException>(error.InnerException);
        Assert.Equal(TransportFailureReason.ResponseTooLarge, tooLarge.Reason);
        Assert.Equal(0, bomb.ApiCalls);
        bomb.AssertBounded(TokenCap, declareLength);
    }

    [Fact]
    public async Task The_token_cap_is_MaxResponseBytes_when_that_is_smaller()
    {
        const long limit = 10_000;
        var bomb = await DetonateAsync("OAuth2Json", o => o.MaxResponseBytes = limit, tokenBomb: true, "{\"access_token\":\"", "application/json", declareLength: false);

        var tooLarge = Assert.IsType<AfilnetTransportException>(Assert.IsType<AfilnetAuthenticationException>(bomb.Error).InnerException);
        Assert.Equal(TransportFailureReason.ResponseTooLarge, tooLarge.Reason);
        bomb.AssertBounded(limit, declareLength: false);
    }

    [Theory]
    [MemberData(nameof(Declared))]
    public async Task A_json_api_answer_of_1_GB_costs_only_MaxResponseBytes_and_fails_typed(bool declareLength)
    {
        var bomb = await DetonateAsync("HttpPost", o => o.MaxResponseBytes = ApiLimit, tokenBomb: false, "{\"status\":\"SUCCESS\",\"result\":[\"", "application/json", declareLength);

        var tooLarge = Assert.IsType<AfilnetTransportException>(bomb.Error);
        Assert.Equal(TransportFailureReason.ResponseTooLarge, tooLarge.Reason);
        Assert.Equal(200, tooLarge.StatusCode);
        bomb.AssertBounded(ApiLimit, declareLength);
    }

    [Theory]
    [MemberData(nameof(Declared))]
    public async Task A_soap_answer_of_1_GB_costs_only_MaxResponseBytes_and_fails_typed(bool declareLength)
    {
        const string head = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">" +
            "<soap:Body><getgroupcolumnsResponse xmlns=\"https://www.afilnet.com/api/soap/\"><status>SUCCESS</status><result><field>";
        var bomb = await DetonateAsync("Soap", o => o.MaxResponseBytes = ApiLimit, tokenBomb: false, head, "text/xml; charset=utf-8", declareLength);

        var tooLarge = Assert.IsType<AfilnetTransportException>(bomb.Error);
        Assert.Equal(TransportFailureReason.ResponseTooLarge, tooLarge.Reason);
        bomb.AssertBounded(ApiLimit, declareLength);
    }

    /// <summary>
    /// Calls <c>getgroupcolumns</c> twice on new clients whose server answers the token request (or the API call) with
    /// 1 GB after <paramref name="head"/>, and measures the second: the first pays for loading and JIT compiling.
    /// </summary>
    private static async Task<Detonation> DetonateAsync(string styleName, Action<AfilnetOptions>? configure, bool tokenBomb, string head, string contentType, bool declareLength)
    {
        await DetonateOnceAsync(styleName, configure, tokenBomb, head, contentType, declareLength);
        var peakBefore = PeakWorkingSet();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var bomb = await DetonateOnceAsync(styleName, configure, tokenBomb, head, contentType, declareLength);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var peakAfter = PeakWorkingSet();

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{styleName} {(tokenBomb ? "token" : "API")} answer of 1 GB{(declareLength ? " (declared)" : " (chunked)")}: {bomb.Bomb.HandedOut} bytes read, " +
            $"{allocated} bytes allocated, peak working set {peakBefore / (1024 * 1024)} MiB before and {peakAfter / (1024 * 1024)} MiB after; {bomb.Error?.GetType().Name}: {bomb.Error?.Message}");
        return bomb with { Allocated = allocated };
    }

    private static async Task<Detonation> DetonateOnceAsync(string styleName, Action<AfilnetOptions>? configure, bool tokenBomb, string head, string contentType, bool declareLength)
    {
        var bomb = new BombContent(Encoding.UTF8.GetBytes(head), (byte)'a', OneGigabyte, declareLength);
        bomb.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var apiCalls = 0;
        var handler = new ScriptedHandler(received =>
        {
            if (OAuthRig.IsTokenRequest(received.Request.RequestUri))
            {
                return tokenBomb ? new HttpResponseMessage(HttpStatusCode.OK) { Content = bomb } : ScriptedHandler.Json(OAuth2JsonStyle.TokenAnswer());
            }

            Interlocked.Increment(ref apiCalls);
            return tokenBomb ? ScriptedHandler.Status(500) : new HttpResponseMessage(HttpStatusCode.OK) { Content = bomb };
        });
        using var api = TestClients.Create(WireStyles.Get(styleName), ScriptedHandler.BaseAddress, configure, handler: handler);
        var error = await Record.ExceptionAsync(() => api.GetGroupColumnsAsync(new GroupId(7), TestContext.Current.CancellationToken));
        return new Detonation(bomb, error, Volatile.Read(ref apiCalls), 0);
    }

    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private sealed record Detonation(BombContent Bomb, Exception? Error, int ApiCalls, long Allocated)
    {
        /// <summary>
        /// A declared size over the limit is refused before a byte is read; a chunked one after the limit and the one
        /// byte that proves the answer larger. Either way the call allocates about the limit, not the gigabyte.
        /// </summary>
        public void AssertBounded(long limit, bool declareLength)
        {
            Assert.Equal(declareLength ? 0 : limit + 1, Bomb.HandedOut);
            Assert.True(Allocated < (4 * limit) + Overhead, $"the call allocated {Allocated} bytes for an answer limited to {limit}");
        }
    }
}

/// <summary>
/// An answer body of <paramref name="size"/> bytes, <paramref name="head"/> then <paramref name="filler"/>, made as it
/// is read and never held; it counts the bytes it handed out. Chunked unless <paramref name="declareLength"/>.
/// </summary>
public sealed class BombContent(byte[] head, byte filler, long size, bool declareLength) : HttpContent
{
    private long _handedOut;

    public long HandedOut => Interlocked.Read(ref _handedOut);

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new BombStream(this));

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var source = new BombStream(this);
        await source.CopyToAsync(stream);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = size;
        return declareLength;
    }

    /// <summary>Fills <paramref name="buffer"/> with the body from <paramref name="position"/> on; returns how much it wrote.</summary>
    private int Fill(long position, Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, size - position);
        var fromHead = (int)Math.Clamp(head.Length - position, 0, count);
        head.AsSpan((int)Math.Min(position, head.Length), fromHead).CopyTo(buffer);
        buffer[fromHead..count].Fill(filler);
        Interlocked.Add(ref _handedOut, count);
        return count;
    }

    private sealed class BombStream(BombContent content) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var count = content.Fill(_position, buffer);
            _position += count;
            return count;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
