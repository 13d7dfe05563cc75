using System.Globalization;
using System.Runtime.CompilerServices;
using System.ServiceModel;
using System.ServiceModel.Channels;
using System.Text;
using System.Xml;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports;
using Afilnet.Contacts.Secrets;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// Security level MediumHigh: SOAP 1.1, document/literal wrapped, <c>POST /api/soap/</c> through a WCF client
/// (protocol.md section 4). The credentials travel inside the envelope as <c>user</c> and <c>password</c>.
/// </summary>
/// <remarks>
/// One <see cref="ChannelFactory{TChannel}"/> per transport, over the SDK's HTTP pipeline (so the policy does for SOAP
/// exactly what it does for the other styles: timeout, limits, redirects, status, resend guard). Each call rents a channel
/// of its own from <see cref="SoapChannelPool"/>: it goes back to the pool only after a reply decoded to a result, and is
/// aborted after any failure, error answer or cancellation, so a faulted channel never affects another call. WCF's own
/// timeouts are off: the policy's attempt timeout, on the client's clock, is the one that applies.
/// </remarks>
internal sealed class SoapTransport : ITransport
{
    /// <summary>The API's target namespace; every element of request and response is qualified with it.</summary>
    public const string Namespace = "https://www.afilnet.com/api/soap/";

    /// <summary>Fault details beyond this are not read; a faultstring is short.</summary>
    private const int MaxFaultBytes = 64 * 1024;

    private const int MaxFaultStringChars = 300;

    private readonly ChannelFactory<ISoapChannel> _factory;
    private readonly SoapChannelPool _channels;
    private readonly RotatingCredentials _credentials;
    private readonly Uri _endpoint;
    private int _disposed;

    public SoapTransport(ClientSettings settings, HttpPipeline pipeline)
    {
        _credentials = settings.Credentials;
        _endpoint = settings.Endpoint;
        var maxBytes = (int)settings.MaxResponseBytes;

        // WCF's reader quotas default to 8 KB strings; the size limit is the real bound. Depth stays at WCF's 32.
        var text = new TextMessageEncodingBindingElement(MessageVersion.Soap11, Encoding.UTF8);
        text.ReaderQuotas.MaxStringContentLength = maxBytes;
        text.ReaderQuotas.MaxDepth = AfilnetOptions.MaxXmlDepth;
        var http = _endpoint.Scheme == Uri.UriSchemeHttps ? new HttpsTransportBindingElement() : new HttpTransportBindingElement();
        // One byte over the limit: the policy guards WCF's read of the body and refuses the byte past MaxResponseBytes
        // itself, so WCF's quota never refuses an answer the limit allows (an answer of exactly the limit, chunked).
        var wcfQuota = maxBytes == int.MaxValue ? maxBytes : maxBytes + 1;
        http.MaxReceivedMessageSize = wcfQuota;
        http.MaxBufferSize = wcfQuota;
        http.AllowCookies = false;
        var binding = new CustomBinding(new SoapReplyEncodingBindingElement(text), http)
        {
            // The policy's attempt timeout applies instead, on the client's TimeProvider.
            OpenTimeout = TimeSpan.MaxValue,
            SendTimeout = TimeSpan.MaxValue,
            ReceiveTimeout = TimeSpan.MaxValue,
            CloseTimeout = TimeSpan.MaxValue,
        };

        _factory = new ChannelFactory<ISoapChannel>(binding, new EndpointAddress(_endpoint));
        var callSettings = new HttpCallSettings(Kind.ToString(), settings.MaxResponseBytes, settings.Timeout, pipeline.Time);
        _factory.Endpoint.EndpointBehaviors.Add(SoapCallHandler.Install(pipeline.Handler, callSettings, _credentials));
        _factory.Open();
        _channels = new SoapChannelPool(_factory, Environment.ProcessorCount * 2);
    }

    public AfilnetTransportKind Kind => AfilnetTransportKind.Soap;

    /// <summary>The transport's idle channels.</summary>
    internal SoapChannelPool Channels => _channels;

    /// <summary>The gate of the credentials as they are now (it knows the rotated ones too).</summary>
    private ServerTextGate Gate => _credentials.Current.Gate;

    /// <remarks>The SOAPAction is <c>"https://www.afilnet.com/api/soap/&lt;method&gt;"</c>; the body is <c>&lt;method&gt;</c> with <c>user</c>, <c>password</c> and the parameters.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult>
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        var operation = SoapOperation.Of(request.Operation);
        var method = operation.Operation.Name;
        using var message = SoapRequestWriter.CreateMessage(request, operation, _credentials.Current.Account!);
        var channel = _channels.Rent();
        var clean = false;

        // WCF operations take no CancellationToken: cancelling means aborting the channel, which ends the exchange.
        // Only this call's channel: no other call holds it while it is rented.
        var registration = cancellationToken.UnsafeRegister(static state => ((ICommunicationObject)state!).Abort(), channel);
        Task<Message>? exchange = null;
        try
        {
            exchange = channel.RequestAsync(message);

            // Return to the caller at once on cancellation, even if WCF takes a moment to unwind the aborted exchange.
            using var reply = await exchange.WaitAsync(cancellationToken).ConfigureAwait(false);
            var result = Decode<TDecoder, TResult>(reply, operation);
            clean = true;
            return result;
        }
        catch (Exception ex) when (ex is not AfilnetException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Aborting the channel made WCF fail the exchange; the caller's cancellation is what happened.
                Observe(exchange);
                throw new OperationCanceledException($"Soap '{method}' was cancelled.", ex, cancellationToken);
            }

            throw Translate(ex, method);
        }
        finally
        {
            // Waits for an abort already running, so the state read below is final.
            registration.Dispose();
            if (clean)
            {
                // A clean, complete reply: the channel may serve another call (the pool checks it is still open).
                _channels.Return(channel);
            }
            else
            {
                // A faulted or half-used channel must not be closed gracefully (that hides the fault) nor reused: abort it.
                channel.Abort();
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _channels.Dispose();
        try
        {
            _factory.Close();
        }
        catch (Exception ex) when (ex is CommunicationException or TimeoutException)
        {
            _factory.Abort();
        }
    }

    public override string ToString() => $"Soap {_endpoint}";

    /// <summary>The reply, whatever it is, to a typed result or the SDK's error: the one place a SOAP answer is judged.</summary>
    private TResult Decode<TDecoder, TResult>(Message? reply, SoapOperation operation)
        where TDecoder : IResultDecoder<TResult>
    {
        var method = operation.Operation.Name;
        var seen = reply?.Properties.TryGetValue(SoapReply.RawProperty, out var raw) == true ? (SoapReply)raw! : null;
        var rawBytes = seen?.Raw ?? default;
        var context = new AnswerContext("Soap", method, Gate, rawBytes);
        if (reply is null)
        {
            throw context.Unreadable("is empty");
        }

        if (seen?.Problem is { } problem)
        {
            throw context.Unreadable(problem);
        }

        if (reply.IsFault)
        {
            throw Fault(reply, method, context);
        }

        if (reply.Properties.TryGetValue(HttpResponseMessageProperty.Name, out var http)
            && http is HttpResponseMessageProperty { StatusCode: var status } && ((int)status < 200 || (int)status > 299))
        {
            // Only a Fault may come with HTTP 500; any other envelope there is an HTTP failure, not an answer.
            var excerpt = Gate.Excerpt(rawBytes.Span);
            throw new AfilnetTransportException(
                $"Soap '{method}': the server answered HTTP {(int)status} with a SOAP body that is not a Fault{(excerpt is null ? "." : ": " + excerpt)}",
                TransportFailureReason.HttpStatus, method, (int)status);
        }

        if (reply.IsEmpty)
        {
            throw context.Unreadable("has an empty SOAP Body");
        }

        try
        {
            using var xml = reply.GetReaderAtBodyContents();
            var reader = new SoapAnswerReader(xml, context);
            reader.MoveToResponse(operation.ResponseName);
            return AnswerEnvelope.Decode<SoapAnswerReader, TDecoder, TResult>(ref reader, in context);
        }
        catch (Exception ex) when (SoapReply.IsUnreadable(ex))
        {
            // Not kept as the inner exception: XML messages may quote the body, which the excerpt scrubs and this would not.
            throw context.Unreadable(SoapReply.Describe(ex, "could not be read as a SOAP message"));
        }
    }

    /// <summary>A SOAP Fault: a protocol error with its code and its string, scrubbed and shortened.</summary>
    private AfilnetProtocolException Fault(Message reply, string method, in AnswerContext context)
    {
        MessageFault fault;
        try
        {
            fault = MessageFault.CreateFault(reply, MaxFaultBytes);
        }
        catch (Exception ex) when (SoapReply.IsUnreadable(ex))
        {
            return context.Unreadable("is a SOAP Fault that cannot be read");
        }

        // The faultcode is kept verbatim on the exception; the message shows it only as the gate allows.
        var code = fault.Code?.Name;
        var shownCode = code is null ? "none" : Gate.Code(code) ?? ServerTextGate.Unrecognised("faultcode", code);
        var text = fault.Reason?.GetMatchingTranslation(CultureInfo.InvariantCulture)?.Text;
        var faultString = text is null ? null : Gate.Text(text, MaxFaultStringChars);
        return new AfilnetProtocolException(
            $"Soap '{method}': the server answered with a SOAP Fault (faultcode {shownCode}): {faultString ?? "no faultstring"}",
            method,
            responseExcerpt: null,
            innerException: null,
            faultCode: code,
            faultString: faultString);
    }

    /// <summary>
    /// What is left for WCF's own failures once the policy has judged the HTTP exchange: a size quota, an aborted or
    /// disposed channel, WCF refusing what it read. Inner messages are never copied: some of WCF's quote the body.
    /// </summary>
    private static AfilnetException Translate(Exception ex, string method)
    {
        if (Find<QuotaExceededException>(ex) is not null)
        {
            return new AfilnetTransportException($"Soap '{method}': the answer is larger than MaxResponseBytes.", TransportFailureReason.ResponseTooLarge, method);
        }

        return ex switch
        {
            TimeoutException => new AfilnetTransportException($"Soap '{method}': WCF gave up waiting for the answer.", TransportFailureReason.Timeout, method),
            CommunicationObjectAbortedException or ObjectDisposedException or OperationCanceledException => new AfilnetTransportException(
                $"Soap '{method}': the exchange was aborted ({ex.GetType().Name}).", TransportFailureReason.ConnectionLost, method),
            NullReferenceException => new AfilnetProtocolException($"Soap '{method}': the answer is empty.", method),
            CommunicationException => new AfilnetProtocolException($"Soap '{method}': the answer is not a SOAP envelope WCF can read ({ex.GetType().Name}).", method),
            _ => new AfilnetTransportException($"Soap '{method}': the exchange failed ({ex.GetType().Name}).", TransportFailureReason.ConnectionLost, method),
        };
    }

    /// <summary>An exchange abandoned on cancellation still completes; observe its failure and release its reply.</summary>
    private static void Observe(Task<Message>? exchange) =>
        exchange?.ContinueWith(
            static t =>
            {
                if (t.IsFaulted)
                {
                    _ = t.Exception;
                }
                else if (t.IsCompletedSuccessfully)
                {
                    t.Result?.Close();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private static T? Find<T>(Exception ex)
        where T : Exception
    {
        for (Exception? current = ex; current is not null; current = current.InnerException)
        {
            if (current is T match)
            {
                return match;
            }
        }

        return null;
    }
}
