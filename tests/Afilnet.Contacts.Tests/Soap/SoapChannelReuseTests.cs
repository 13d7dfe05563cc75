using System.Net;
using System.Net.Http.Headers;
using System.ServiceModel;
using System.Text;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Soap;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts.Tests.Soap;

/// <summary>
/// The Soap transport's channel pool: a channel serves the next call only after a clean reply; garbage, a reset, a SOAP
/// Fault, an error answer or a cancellation aborts it, and the next call gets a fresh channel; concurrent calls never
/// share one.
/// </summary>
public sealed class SoapChannelReuseTests
{
    [Fact]
    public async Task A_channel_that_got_a_clean_reply_serves_the_next_call()
    {
        using var rig = new TransportRig();
        await rig.CreateGroupAsync();
        var used = Assert.Single(rig.Transport.Channels.IdleSnapshot());

        await rig.CreateGroupAsync();

        Assert.Same(used, Assert.Single(rig.Transport.Channels.IdleSnapshot()));
        Assert.Equal(CommunicationState.Opened, used.State);
    }

    public static TheoryData<string> Failures() => ["garbage", "reset", "fault", "api error", "truncated"];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_channel_whose_call_failed_is_aborted_and_the_next_call_gets_a_fresh_one(string failure)
    {
        using var rig = new TransportRig();
        await rig.CreateGroupAsync();
        var used = Assert.Single(rig.Transport.Channels.IdleSnapshot());

        rig.Server.Next = failure switch
        {
            "garbage" => (_, _) => Task.FromResult(ScriptedSoapServer.Xml("this is not XML <at all", HttpStatusCode.OK)),
            "reset" => (_, _) => throw new HttpRequestException("connection reset", new IOException("reset by peer")),
            "fault" => (_, _) => Task.FromResult(ScriptedSoapServer.Xml(ScriptedSoapServer.Envelope(
                "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>broken</faultstring></soap:Fault>"), HttpStatusCode.InternalServerError)),
            "api error" => (_, _) => Task.FromResult(ScriptedSoapServer.Xml(ScriptedSoapServer.Envelope(
                "<creategroupResponse xmlns=\"https://www.afilnet.com/api/soap/\"><status>ERROR</status><error>GROUP_NOT_FOUND</error></creategroupResponse>"), HttpStatusCode.OK)),
            _ => (_, _) => Task.FromResult(ScriptedSoapServer.Xml(ScriptedSoapServer.Envelope("<creategroupResponse xmlns=\"https://www.afilnet.com/api/soap/\"><status>SUC"), HttpStatusCode.OK)),
        };
        await Assert.ThrowsAnyAsync<AfilnetException>(rig.CreateGroupAsync);

        // The failed call had rented the idle channel; it was aborted, not given back.
        Assert.Empty(rig.Transport.Channels.IdleSnapshot());
        Assert.NotEqual(CommunicationState.Opened, used.State);

        var result = await rig.CreateGroupAsync();
        Assert.Equal(new GroupId(1000), result.GroupId);
        var fresh = Assert.Single(rig.Transport.Channels.IdleSnapshot());
        Assert.NotSame(used, fresh);
        Assert.Equal(CommunicationState.Opened, fresh.State);
    }

    [Fact]
    public async Task A_cancelled_call_aborts_only_its_own_channel_and_the_next_call_gets_a_fresh_one()
    {
        using var rig = new TransportRig();
        await rig.CreateGroupAsync();
        var used = Assert.Single(rig.Transport.Channels.IdleSnapshot());

        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.Next = async (_, token) =>
        {
            arrived.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            throw new InvalidOperationException("not reached");
        };
        using var cancel = new CancellationTokenSource();
        var call = rig.CreateGroupAsync(cancel.Token);
        await arrived.Task.WaitAsync(TestContext.Current.CancellationToken);
        await cancel.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cancel.Token, ex.CancellationToken);
        Assert.Empty(rig.Transport.Channels.IdleSnapshot());
        Assert.NotEqual(CommunicationState.Opened, used.State);

        await rig.CreateGroupAsync();
        Assert.NotSame(used, Assert.Single(rig.Transport.Channels.IdleSnapshot()));
    }

    [Fact]
    public async Task Concurrent_calls_each_have_a_channel_of_their_own()
    {
        using var rig = new TransportRig();
        var calls = Math.Min(4, rig.Transport.Channels.Capacity);

        // Every request waits until all have arrived: the calls are in flight together.
        var arrivedCount = 0;
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Server.Always = async (request, token) =>
        {
            if (Interlocked.Increment(ref arrivedCount) == calls)
            {
                allArrived.TrySetResult();
            }

            await allArrived.Task.WaitAsync(token);
            return ScriptedSoapServer.CreateGroupAnswer();
        };

        await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Task.Run(() => rig.CreateGroupAsync())));

        var idle = rig.Transport.Channels.IdleSnapshot();
        Assert.Equal(calls, idle.Length);
        Assert.Equal(calls, idle.Distinct().Count());
    }

    [Fact]
    public void The_pool_keeps_at_most_its_capacity_and_never_keeps_a_channel_that_is_not_open()
    {
        using var rig = new TransportRig();
        var pool = new SoapChannelPool(rig.Factory(), maxIdle: 2);
        var channels = Enumerable.Range(0, 3).Select(_ => pool.Rent()).ToList();
        Assert.Equal(3, channels.Distinct().Count());
        foreach (var channel in channels)
        {
            channel.Open();
        }

        var aborted = pool.Rent();
        aborted.Open();
        aborted.Abort();
        pool.Return(aborted);
        Assert.Equal(0, pool.IdleCount);

        foreach (var channel in channels)
        {
            pool.Return(channel);
        }

        Assert.Equal(2, pool.IdleCount);
        Assert.NotEqual(CommunicationState.Opened, channels[2].State);

        // An idle channel that stopped being open meanwhile is dropped when rented, not handed out.
        channels[1].Abort();
        var rented = pool.Rent();
        Assert.Same(channels[0], rented);
        Assert.Equal(0, pool.IdleCount);

        pool.Dispose();
        pool.Return(rented);
        Assert.Equal(0, pool.IdleCount);
        Assert.NotEqual(CommunicationState.Opened, rented.State);
    }

    [Fact]
    public async Task Disposing_the_transport_aborts_its_idle_channels()
    {
        var rig = new TransportRig();
        await rig.CreateGroupAsync();
        var idle = Assert.Single(rig.Transport.Channels.IdleSnapshot());

        rig.Dispose();

        Assert.NotEqual(CommunicationState.Opened, idle.State);
        Assert.Equal(0, rig.Transport.Channels.IdleCount);
    }

    /// <summary>A Soap transport over the SDK's pipeline and a scripted in-memory server.</summary>
    private sealed class TransportRig : IDisposable
    {
        private readonly HttpPipeline _pipeline;
        private readonly List<IDisposable> _owned = [];

        public TransportRig()
        {
            var options = new AfilnetOptions
            {
                Transport = AfilnetTransportKind.Soap,
                BaseAddress = new Uri("http://127.0.0.1/"),
                User = "pool@example.com",
                Password = "pool-password-1234",
            };
            Settings = ClientSettings.Create(options);
            _pipeline = HttpPipeline.Over(Server, TimeProvider.System);
            Transport = new SoapTransport(Settings, _pipeline);
        }

        public ScriptedSoapServer Server { get; } = new();

        public ClientSettings Settings { get; }

        public SoapTransport Transport { get; }

        public Task<CreateGroupResult> CreateGroupAsync() => CreateGroupAsync(TestContext.Current.CancellationToken);

        public Task<CreateGroupResult> CreateGroupAsync(CancellationToken cancellationToken) =>
            Transport.SendAsync<Decoders.CreateGroup, CreateGroupResult>(
                ApiRequestFactory.CreateGroup("Pool", GroupType.Mobile, ["mobile"]), cancellationToken).AsTask();

        /// <summary>A second factory on a plain binding, for the pool on its own (its channels are never used to send).</summary>
        public ChannelFactory<ISoapChannel> Factory()
        {
            var factory = new ChannelFactory<ISoapChannel>(new BasicHttpBinding(), new EndpointAddress("http://127.0.0.1/api/soap/"));
            factory.Open();
            _owned.Add(factory);
            return factory;
        }

        public void Dispose()
        {
            Transport.Dispose();
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }

            _pipeline.Dispose();
            Server.Dispose();
        }
    }

    /// <summary>Answers creategroup with success, unless told otherwise for the next request (or for all).</summary>
    private sealed class ScriptedSoapServer : HttpMessageHandler
    {
        private static readonly MediaTypeHeaderValue TextXml = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");

        private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _next;

        /// <summary>The answer to the next request only.</summary>
        public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? Next
        {
            get => Volatile.Read(ref _next);
            set => Volatile.Write(ref _next, value);
        }

        public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? Always { get; set; }

        public static string Envelope(string body) =>
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
            + body + "</soap:Body></soap:Envelope>";

        public static HttpResponseMessage CreateGroupAnswer() => Xml(Envelope(
            "<creategroupResponse xmlns=\"https://www.afilnet.com/api/soap/\"><status>SUCCESS</status><result><idgroup>1000</idgroup></result></creategroupResponse>"),
            HttpStatusCode.OK);

        public static HttpResponseMessage Xml(string body, HttpStatusCode status)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            content.Headers.ContentType = TextXml;
            return new HttpResponseMessage(status) { Content = content };
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } body)
            {
                await body.CopyToAsync(Stream.Null, cancellationToken);
            }

            var answer = Interlocked.Exchange(ref _next, null) ?? Always;
            return answer is null ? CreateGroupAnswer() : await answer(request, cancellationToken);
        }
    }
}
