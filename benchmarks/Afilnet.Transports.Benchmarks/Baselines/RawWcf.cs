using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using System.Xml;
using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Baselines;

/// <summary>An untyped WCF contract: any request message, any reply message (what a raw hand-written WCF client uses).</summary>
/// <remarks>Public: WCF builds the channel proxy in another assembly, which must see the interface.</remarks>
[ServiceContract(Namespace = CannedAnswers.SoapNamespace)]
public interface IRawSoapChannel
{
    [OperationContract(Action = "*", ReplyAction = "*")]
    Task<Message> RequestAsync(Message request);
}

/// <summary>
/// What an integrator would write with WCF directly instead of the SDK's Soap transport: a
/// <see cref="ChannelFactory{TChannel}"/> over the same binding (SOAP 1.1 text encoding, UTF-8, HTTP), the same
/// envelope body the SDK writes (<c>&lt;method xmlns=ns&gt;&lt;user/&gt;&lt;password/&gt;&lt;params…/&gt;&lt;/method&gt;</c>,
/// SOAPAction <c>ns + method</c>), and the reply body read into the same plain objects as <see cref="MinimalParse"/>.
/// WCF brings its own HTTP stack (its own HttpClient), so this client talks to a real server (the loopback one) only.
/// </summary>
internal sealed class RawWcf : IDisposable
{
    private const int MaxBytes = 16 * 1024 * 1024;

    private static readonly (string Name, string Value)[] ReadParameters = [("idgroup", HandWritten.GroupId)];
    private static readonly (string Name, string Value)[] WriteParameters = [("name", "Newsletter"), ("type", "mobile"), ("fields", "mobile,name")];

    private readonly ChannelFactory<IRawSoapChannel> _factory;
    private readonly bool _reuseChannel;
    private IRawSoapChannel? _shared;

    /// <param name="baseAddress">The server; the endpoint is <c>api/soap/</c> under it.</param>
    /// <param name="reuseChannel">
    /// False: a channel is created per call and closed after the reply, as a typical hand-written WCF client does.
    /// True: one channel, opened once, serves every call.
    /// </param>
    public RawWcf(Uri baseAddress, bool reuseChannel)
    {
        var text = new TextMessageEncodingBindingElement(MessageVersion.Soap11, Encoding.UTF8);
        text.ReaderQuotas.MaxStringContentLength = MaxBytes;
        var http = new HttpTransportBindingElement { MaxReceivedMessageSize = MaxBytes, MaxBufferSize = MaxBytes };
        _factory = new ChannelFactory<IRawSoapChannel>(new CustomBinding(text, http), new EndpointAddress(new Uri(baseAddress, "api/soap/")));
        _factory.Open();
        _reuseChannel = reuseChannel;
    }

    public async Task<List<PlainContact>> GetContactsAsync()
    {
        var (reply, channel) = await CallAsync("getcontacts", ReadParameters);
        using (reply)
        {
            using var body = reply.GetReaderAtBodyContents();
            var contacts = MinimalParse.SoapContacts(body);
            Release(channel);
            return contacts;
        }
    }

    public async Task<long> CreateGroupAsync()
    {
        var (reply, channel) = await CallAsync("creategroup", WriteParameters);
        using (reply)
        {
            using var body = reply.GetReaderAtBodyContents();
            var id = MinimalParse.SoapGroupId(body);
            Release(channel);
            return id;
        }
    }

    public void Dispose()
    {
        if (_shared is IClientChannel shared)
        {
            shared.Abort();
        }

        _factory.Abort();
    }

    private async Task<(Message Reply, IRawSoapChannel Channel)> CallAsync(string method, (string Name, string Value)[] parameters)
    {
        var channel = _reuseChannel ? _shared ??= Opened(_factory.CreateChannel()) : Opened(_factory.CreateChannel());
        var request = Message.CreateMessage(MessageVersion.Soap11, CannedAnswers.SoapNamespace + method, new Body(method, parameters));
        try
        {
            return (await channel.RequestAsync(request), channel);
        }
        catch
        {
            ((IClientChannel)channel).Abort();
            throw;
        }
    }

    private static IRawSoapChannel Opened(IRawSoapChannel channel)
    {
        ((IClientChannel)channel).Open();
        return channel;
    }

    // The per-call channel is closed once its reply is read; the reused one stays open.
    private void Release(IRawSoapChannel channel)
    {
        if (!_reuseChannel)
        {
            ((IClientChannel)channel).Close();
        }
    }

    /// <summary>The body the SDK's SoapRequestWriter writes: the method element in the API namespace, user, password, parameters.</summary>
    private sealed class Body(string method, (string Name, string Value)[] parameters) : BodyWriter(isBuffered: true)
    {
        protected override void OnWriteBodyContents(XmlDictionaryWriter writer)
        {
            writer.WriteStartElement(method, CannedAnswers.SoapNamespace);
            writer.WriteElementString("user", CannedAnswers.SoapNamespace, CannedAnswers.User);
            writer.WriteElementString("password", CannedAnswers.SoapNamespace, CannedAnswers.Password);
            foreach (var (name, value) in parameters)
            {
                writer.WriteElementString(name, CannedAnswers.SoapNamespace, value);
            }

            writer.WriteEndElement();
        }
    }
}
