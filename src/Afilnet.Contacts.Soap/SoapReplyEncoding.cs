using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using System.Xml;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// WCF's text encoding with one addition: the raw reply travels on with the message it was read into, and a reply
/// the text encoder cannot read (garbage, an HTML page, a DTD, a cut envelope) becomes a message that says so instead
/// of an exception. Either way the transport gets a reply and decodes it in one place, with a scrubbed excerpt of what
/// the server sent, and no WCF exception has to be taken apart.
/// </summary>
internal sealed class SoapReplyEncodingBindingElement(TextMessageEncodingBindingElement text) : MessageEncodingBindingElement
{
    public override MessageVersion MessageVersion
    {
        get => text.MessageVersion;
        set => text.MessageVersion = value;
    }

    public override BindingElement Clone() => new SoapReplyEncodingBindingElement((TextMessageEncodingBindingElement)text.Clone());

    public override MessageEncoderFactory CreateMessageEncoderFactory() => new Factory(text.CreateMessageEncoderFactory());

    public override T GetProperty<T>(BindingContext context) => text.GetProperty<T>(context);

    public override IChannelFactory<TChannel> BuildChannelFactory<TChannel>(BindingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.BindingParameters.Add(this);
        return context.BuildInnerChannelFactory<TChannel>();
    }

    private sealed class Factory(MessageEncoderFactory inner) : MessageEncoderFactory
    {
        public override MessageEncoder Encoder { get; } = new Encoder(inner.Encoder);

        public override MessageVersion MessageVersion => inner.MessageVersion;
    }

    private sealed class Encoder(MessageEncoder inner) : MessageEncoder
    {
        public override string ContentType => inner.ContentType;

        public override string MediaType => inner.MediaType;

        public override MessageVersion MessageVersion => inner.MessageVersion;

        public override bool IsContentTypeSupported(string contentType) => inner.IsContentTypeSupported(contentType);

        public override T GetProperty<T>() => inner.GetProperty<T>();

        public override Message ReadMessage(ArraySegment<byte> buffer, BufferManager bufferManager, string contentType)
        {
            Message message;
            try
            {
                message = inner.ReadMessage(buffer, bufferManager, contentType);
            }
            catch (Exception ex) when (SoapReply.IsUnreadable(ex))
            {
                return SoapReply.Unreadable(buffer, ex);
            }

            // Valid while the message is open: the message owns the buffer and returns it when closed.
            message.Properties.Add(SoapReply.RawProperty, new SoapReply(buffer));
            return message;
        }

        public override Message ReadMessage(Stream stream, int maxSizeOfHeaders, string contentType) =>
            inner.ReadMessage(stream, maxSizeOfHeaders, contentType);

        public override void WriteMessage(Message message, Stream stream) => inner.WriteMessage(message, stream);

        public override ArraySegment<byte> WriteMessage(Message message, int maxMessageSize, BufferManager bufferManager, int messageOffset) =>
            inner.WriteMessage(message, maxMessageSize, bufferManager, messageOffset);
    }
}

/// <summary>What the encoder saw of a reply: its raw bytes, and why it could not be read when it could not.</summary>
internal sealed class SoapReply
{
    public const string RawProperty = "Afilnet.SoapReply";

    private SoapReply(ReadOnlyMemory<byte> raw, string? problem = null)
    {
        Raw = raw;
        Problem = problem;
    }

    public SoapReply(ArraySegment<byte> raw)
        : this(raw.AsMemory())
    {
    }

    /// <summary>The bytes the server sent (a copy of the head, for an unreadable reply).</summary>
    public ReadOnlyMemory<byte> Raw { get; }

    /// <summary>Why the reply is not a SOAP envelope; <see langword="null"/> when it was read.</summary>
    public string? Problem { get; }

    /// <summary>
    /// Whether <paramref name="ex"/> is how WCF's reader or fault parser refuses bytes it was given: an
    /// <see cref="XmlException"/>, a <see cref="CommunicationException"/>, or an <see cref="ArgumentException"/> (an
    /// element without a local name, an empty <c>faultcode</c>, a <see cref="DecoderFallbackException"/> for invalid
    /// UTF-8). Every such failure is an unreadable answer, never the connection's: the one rule for every place a reply
    /// is read.
    /// </summary>
    public static bool IsUnreadable(Exception ex) => ex is XmlException or CommunicationException or ArgumentException;

    /// <summary>An empty message standing for a reply WCF's reader refused, with the reason and the head of the bytes.</summary>
    public static Message Unreadable(ArraySegment<byte> buffer, Exception ex)
    {
        var head = buffer.AsSpan(0, Math.Min(buffer.Count, 4096)).ToArray();
        var problem = head.AsSpan().IndexOf("<!DOCTYPE"u8) >= 0
            // WCF's reader refuses any DTD, so no entity is ever resolved or fetched; say so rather than "malformed".
            ? "declares a DTD (<!DOCTYPE>), which the SDK refuses to process"
            : Describe(ex, "is not a SOAP 1.1 envelope");
        var message = Message.CreateMessage(MessageVersion.Soap11, (string?)null);
        message.Properties.Add(RawProperty, new SoapReply(head, problem));
        return message;
    }

    /// <summary>What was wrong with a reply, told by the exception that refused it (<see cref="IsUnreadable"/>), never by its message.</summary>
    public static string Describe(Exception ex, string otherwise) => ex switch
    {
        XmlException xml => NotWellFormed(xml),
        DecoderFallbackException => "is not valid UTF-8",
        _ => otherwise,
    };

    /// <summary>Describes an XML error by position only, never by its message, which may quote the body.</summary>
    public static string NotWellFormed(XmlException ex) => ex.LineNumber > 0
        ? $"is not a well-formed SOAP envelope (XML error at line {ex.LineNumber}, position {ex.LinePosition})"
        : "is not a well-formed SOAP envelope";
}
