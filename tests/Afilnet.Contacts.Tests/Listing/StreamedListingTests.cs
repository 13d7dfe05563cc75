using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Tests.OAuth2;

namespace Afilnet.Contacts.Tests.Listing;

/// <summary>
/// <see cref="IContactsApi.StreamContactsAsync"/>: the answer read as it arrives on the JSON styles, a record at a time,
/// with <c>MaxResponseBytes</c> bounding one record instead of the list; the same contacts as the buffered listing at
/// every split of the body; retries only before the first contact; the per-read timeout on the client's clock.
/// </summary>
public sealed class StreamedListingTests
{
    private static readonly GroupId Group = new(1000);

    public static TheoryData<string> JsonStyles() => [.. WireStyles.All.Where(s => s.Transport != AfilnetTransportKind.Soap).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Lists_a_group_far_larger_than_MaxResponseBytes_a_record_at_a_time(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        const int count = 20_000;
        var body = Envelope(count);
        var handler = Serving(() => new PacedStream(body, chunk: 4096));
        using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, o => o.MaxResponseBytes = 4096, handler: handler);

        var seen = 0;
        await foreach (var contact in api.StreamContactsAsync(Group, ct))
        {
            Assert.Equal(1000 + seen, contact.Id.Value);
            Assert.Equal($"Contact {seen}", contact.Fields["name"]);
            seen++;
        }

        Assert.Equal(count, seen);
        Assert.True(body.Length > 100 * 4096, "the answer must dwarf the limit for this test to mean anything");

        // The buffered listing of the same answer is refused: the limit bounds its whole answer.
        var buffered = await Assert.ThrowsAsync<AfilnetTransportException>(() => api.GetContactsAsync(Group, ct));
        Assert.Equal(TransportFailureReason.ResponseTooLarge, buffered.Reason);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Reads_the_same_contacts_as_the_buffered_listing_at_every_split_of_the_body(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Encoding.UTF8.GetBytes(
            """ {"Status" : "success", "extra": {"a": [1, {"b": "}"}]}, "result": [ {"idcontact": 1000, "mobile": "34600000000", "name": "Jos\u00e9 \"N\""}, {"name": "Ana", "idcontact": "1001", "mobile": "34600000001", "note": null}, {"idcontact": 1002, "mobile": 34600000002} ], "error": null } """);
        foreach (var chunk in new[] { 1, 2, 3, 5, 7, 16, body.Length })
        {
            var handler = Serving(() => new PacedStream(body, chunk));
            using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, handler: handler);

            var streamed = await api.StreamContactsAsync(Group, ct).ToListAsync(ct);
            var buffered = await api.GetContactsAsync(Group, ct);

            Assert.Equal(buffered.Select(c => c.ToString()), streamed.Select(c => c.ToString()));
            Assert.Equal(["1000 mobile:34600000000,name:José \"N\"", "1001 name:Ana,mobile:34600000001", "1002 mobile:34600000002"], streamed.Select(c => c.ToString()));
        }
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task A_record_larger_than_MaxResponseBytes_ends_the_list_after_the_contacts_before_it(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var huge = new string('x', 10_000);
        var body = Encoding.UTF8.GetBytes($$"""{"status":"SUCCESS","result":[{"idcontact":1,"mobile":"34600000001"},{"idcontact":2,"mobile":"{{huge}}"}]}""");
        var handler = Serving(() => new PacedStream(body, chunk: 512));
        using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, o => o.MaxResponseBytes = 4096, handler: handler);

        var seen = new List<Contact>();
        var error = await Assert.ThrowsAsync<AfilnetTransportException>(async () =>
        {
            await foreach (var contact in api.StreamContactsAsync(Group, ct))
            {
                seen.Add(contact);
            }
        });

        Assert.Equal(TransportFailureReason.ResponseTooLarge, error.Reason);
        Assert.Contains("a record of the answer is larger than MaxResponseBytes (4096 bytes)", error.Message, StringComparison.Ordinal);
        Assert.Equal([1L], seen.Select(c => c.Id.Value));
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task A_status_after_the_list_holds_the_contacts_until_it_is_read(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var error = Encoding.UTF8.GetBytes("""{"result":[{"idcontact":1,"mobile":"34600000001"}],"status":"ERROR","error":"NOT_ACCESS_TO_GROUP"}""");
        var success = Encoding.UTF8.GetBytes("""{"result":[{"idcontact":1,"mobile":"34600000001"},{"idcontact":2,"mobile":"34600000002"}],"status":"SUCCESS"}""");
        var answer = error;
        var handler = Serving(() => new PacedStream(answer, chunk: 8));
        using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, handler: handler);

        var seen = new List<Contact>();
        var refused = await Assert.ThrowsAsync<AfilnetApiException>(async () =>
        {
            await foreach (var contact in api.StreamContactsAsync(Group, ct))
            {
                seen.Add(contact);
            }
        });
        Assert.Equal(ApiErrorCode.NotAccessToGroup, refused.ErrorCode);
        Assert.Empty(seen);

        answer = success;
        Assert.Equal([1L, 2L], (await api.StreamContactsAsync(Group, ct).ToListAsync(ct)).Select(c => c.Id.Value));
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task A_hostile_envelope_is_refused_as_a_whole_answer_would_be(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        (byte[] Body, string Problem)[] cases =
        [
            ([.. "{\""u8, 0xFF, 0xFE, .. "\":1,\"status\":\"SUCCESS\",\"result\":[]}"u8], "not valid UTF-8"),
            ("""{"status":"SUCCESS","status":"SUCCESS","result":[]}"""u8.ToArray(), "more than once"),
            ("""{"status":"SUCCESS","result":[{"idcontact":1,"mobile":"1"}],"result":[]}"""u8.ToArray(), "more than once"),
            ("""{"status":"SUCCESS","result":{"idcontact":1}}"""u8.ToArray(), "not a list of contacts"),
            ("""{"status":"SUCCESS","result":[{"mobile":"1"}]}"""u8.ToArray(), "without 'idcontact'"),
            ("""{"status":"ERROR"}"""u8.ToArray(), "no error code"),
            ("""{"status":"SUCCESS","result":[]} x"""u8.ToArray(), "not valid JSON"),
            ("""{"status":"SUCCESS","result":[{"idcontact":1,"mobile":"1"}"""u8.ToArray(), "JSON"),
            ("""[]"""u8.ToArray(), "not a record"),
            ([], "is empty"),
        ];
        foreach (var (body, problem) in cases)
        {
            var handler = Serving(() => new PacedStream(body, chunk: 3));
            using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, handler: handler);

            var error = await Assert.ThrowsAsync<AfilnetProtocolException>(async () => await api.StreamContactsAsync(Group, ct).ToListAsync(ct));

            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Nothing_is_sent_until_the_enumeration_starts_and_a_bad_group_is_refused_then(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var handler = Serving(() => new PacedStream(Envelope(1), chunk: 64));
        using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, handler: handler);

        var listing = api.StreamContactsAsync(Group, ct);
        Assert.Empty(handler.Calls);
        Assert.Single(await listing.ToListAsync(ct));
        Assert.Single(handler.Calls, c => !OAuthRig.IsTokenRequest(c.Request.RequestUri));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await api.StreamContactsAsync(new GroupId(0), ct).ToListAsync(ct));
        Assert.Single(handler.Calls, c => !OAuthRig.IsTokenRequest(c.Request.RequestUri));
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task A_failure_before_the_first_contact_is_retried_and_one_after_it_is_not(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Envelope(50);
        var apiCalls = 0;
        var breakAfter = 0;
        var handler = new ScriptedHandler(received =>
        {
            if (OAuthRig.IsTokenRequest(received.Request.RequestUri))
            {
                return ScriptedHandler.Json(OAuth2JsonStyle.TokenAnswer());
            }

            // The first attempt breaks inside the head; every later one after a few contacts.
            var call = Interlocked.Increment(ref apiCalls);
            return Answer(new PacedStream(body, chunk: 32) { BreakAt = call == 1 ? 10 : breakAfter });
        });
        breakAfter = IndexAfter(body, "\"Contact 3\"");
        using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, o => o.Retry.MaxRetries = 3, handler: handler);

        var seen = new List<long>();
        var error = await Assert.ThrowsAsync<AfilnetTransportException>(async () =>
        {
            await foreach (var contact in api.StreamContactsAsync(Group, ct))
            {
                seen.Add(contact.Id.Value);
            }
        });

        Assert.Equal(TransportFailureReason.ConnectionLost, error.Reason);
        Assert.Equal(2, Volatile.Read(ref apiCalls));
        Assert.Equal([1000L, 1001L, 1002L, 1003L], seen);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task An_answer_that_stops_arriving_for_the_timeout_fails_on_the_clients_clock(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Envelope(10);
        var stall = IndexAfter(body, "\"Contact 5\"");
        var stream = new PacedStream(body, chunk: 16) { StallAt = stall };
        var handler = Serving(() => stream);
        var clock = TestClients.NewClock();
        using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, o => o.Timeout = TimeSpan.FromSeconds(30), clock, handler);

        var seen = new List<long>();
        var listing = Task.Run(
            async () =>
            {
                await foreach (var contact in api.StreamContactsAsync(Group, ct))
                {
                    seen.Add(contact.Id.Value);
                }
            },
            ct);

        // Well past the 30 s a whole answer would get, every read stays within it: the list goes on.
        await stream.Stalled.WaitAsync(ChangeSignal.HangGuard, ct);
        Assert.False(listing.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(listing.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => listing.WaitAsync(ChangeSignal.HangGuard, ct));
        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.Contains("the answer stopped arriving for 30 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1000, 6).Select(i => (long)i), seen);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Leaving_the_list_early_releases_the_answer(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var stream = new PacedStream(Envelope(1000), chunk: 1024);
        var handler = Serving(() => stream);
        using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, handler: handler);

        await foreach (var contact in api.StreamContactsAsync(Group, ct))
        {
            Assert.Equal(1000, contact.Id.Value);
            break;
        }

        Assert.True(stream.Disposed);
        Assert.True(stream.Position < 64 * 1024, $"read {stream.Position} bytes of a list left after one contact");
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Cancelling_in_the_middle_of_the_list_ends_it_as_cancelled(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var body = Envelope(10);
        var stream = new PacedStream(body, chunk: 16) { StallAt = IndexAfter(body, "\"Contact 2\"") };
        var handler = Serving(() => stream);
        using var api = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, handler: handler);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var seen = new List<long>();
        var listing = Task.Run(
            async () =>
            {
                await foreach (var contact in api.StreamContactsAsync(Group, ct).WithCancellation(cancel.Token))
                {
                    seen.Add(contact.Id.Value);
                }
            },
            ct);
        await stream.Stalled.WaitAsync(ChangeSignal.HangGuard, ct);
        await cancel.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing.WaitAsync(ChangeSignal.HangGuard, ct));
        Assert.IsNotAssignableFrom<AfilnetException>(error);
        Assert.Equal([1000L, 1001L, 1002L], seen);
        Assert.True(stream.Disposed);
    }

    [Fact]
    public async Task A_listing_is_one_span_and_one_duration_recorded_when_it_ends_fails_or_is_left()
    {
        var ct = TestContext.Current.CancellationToken;
        using var telemetry = new TelemetryCapture();
        var body = Envelope(20);
        var answers = new Queue<PacedStream>([new PacedStream(body, 64), new PacedStream(body, 64) { BreakAt = IndexAfter(body, "\"Contact 4\"") }, new PacedStream(body, 64)]);
        var handler = Serving(() => answers.Dequeue());
        var options = WireStyles.Get("HttpPost").Options(ScriptedHandler.BaseAddress);
        options.Retry.MaxRetries = 0;
        using var api = new ContactsClient(options, handler, timeProvider: TestClients.NewClock(), meterFactory: telemetry.Meters);

        Assert.Equal(20, await api.StreamContactsAsync(Group, ct).CountAsync(ct));
        await Assert.ThrowsAsync<AfilnetTransportException>(async () => await api.StreamContactsAsync(Group, ct).CountAsync(ct));
        await foreach (var contact in api.StreamContactsAsync(Group, ct))
        {
            break;
        }

        Assert.Equal(["success", "transport_error", "success"], telemetry.Spans.Select(a => (string?)a.GetTagItem(AfilnetTelemetry.OutcomeTag)));
        Assert.All(telemetry.Spans, a => Assert.Equal("getcontacts", a.GetTagItem(AfilnetTelemetry.MethodTag)));
        Assert.Equal(3, telemetry.Measurements(AfilnetTelemetry.CallDurationMetric).Count);
        Assert.Equal(["transport_error"], telemetry.Measurements(AfilnetTelemetry.CallFailuresMetric).Select(m => (string?)m.Tags[AfilnetTelemetry.OutcomeTag]));
    }

    [Fact]
    public async Task Soap_reads_the_list_whole_first_within_MaxResponseBytes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var fake = Afilnet.Testing.AfilnetFakeServer.CreateInMemory();
        using var api = TestClients.ForFake(fake, WireStyles.Get("Soap"));
        var group = (await api.CreateGroupAsync("Big", GroupType.Mobile, ["mobile", "name"], ct)).GroupId!.Value;
        await api.AddContactListAsync(group, Enumerable.Range(0, 30).Select(i => new ContactFields { { "mobile", $"3460000{i:0000}" }, { "name", $"N{i}" } }), ct);

        Assert.Equal(30, await api.StreamContactsAsync(group, ct).CountAsync(ct));
    }

    /// <summary><c>{"status":"SUCCESS","result":[{"idcontact":1000,"mobile":"34600000000","name":"Contact 0"},…]}</c>.</summary>
    private static byte[] Envelope(int count)
    {
        var text = new StringBuilder("""{"status":"SUCCESS","result":[""");
        for (var i = 0; i < count; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $$"""{"idcontact":{{1000 + i}},"mobile":"{{34600000000L + i}}","name":"Contact {{i}}"}""");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}").ToString());
    }

    private static int IndexAfter(byte[] body, string marker) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) + marker.Length + 2;

    private static ScriptedHandler Serving(Func<PacedStream> body) => new(received =>
        OAuthRig.IsTokenRequest(received.Request.RequestUri) ? ScriptedHandler.Json(OAuth2JsonStyle.TokenAnswer()) : Answer(body()));

    private static HttpResponseMessage Answer(Stream body)
    {
        // Chunked, as a server streaming a long list sends it: no Content-Length.
        var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
    }

    /// <summary>A body handed over <c>chunk</c> bytes per read; it can break or stall at a byte position.</summary>
    private sealed class PacedStream(byte[] body, int chunk) : Stream
    {
        private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        public int BreakAt { get; init; }

        public int StallAt { get; init; }

        public Task Stalled => _stalled.Task;

        public bool Disposed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _position;
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (BreakAt > 0 && _position >= BreakAt)
            {
                throw new IOException("connection reset (test)");
            }

            if (StallAt > 0 && _position >= StallAt)
            {
                _stalled.TrySetResult();
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var limit = Math.Min(chunk, body.Length - _position);
            if (BreakAt > 0)
            {
                limit = Math.Min(limit, BreakAt - _position);
            }

            if (StallAt > 0)
            {
                limit = Math.Min(limit, StallAt - _position);
            }

            var count = Math.Min(limit, buffer.Length);
            body.AsMemory(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
