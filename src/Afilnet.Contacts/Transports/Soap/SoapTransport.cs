using System.Globalization;
using System.ServiceModel;
using System.ServiceModel.Channels;
using Afilnet.Contacts.Transport.Http;

namespace Afilnet.Contacts.Transport.Soap;

/// <summary>
/// Security level MediumHigh: SOAP 1.1, document/literal wrapped, <c>POST /api/soap/</c> through a WCF client
/// (protocol.md section 4). The credentials travel inside the envelope as <c>user</c> and <c>password</c>.
/// </summary>
/// <remarks>
/// One <see cref="ChannelFactory{TChannel}"/> per transport, created at construction and closed by
/// <see cref="Dispose"/>; each call uses its own channel, closed after a good reply and aborted after any failure or
/// cancellation, so a faulted channel never affects a later call. Redirects are not followed. The WSDL the project
/// ships is <see cref="GetWsdl"/>.
/// </remarks>
public sealed class SoapTransport : ITransport, IDisposable, IAsyncDisposable
{
    /// <summary>The path requests go to, relative to the base address.</summary>
    public const string Path = "api/soap/";

    /// <summary>The API's target namespace; every element of request and response is qualified with it.</summary>
    public const string Namespace = "https://www.afilnet.com/api/soap/";

    private const string WsdlResourceName = "Afilnet.Contacts.Transports.Soap.contacts.wsdl";

    private readonly ChannelFactory<ISoapChannel> _factory;
    private readonly AfilnetCredentials _credentials;
    private readonly SecretScrubber _scrubber;
    private readonly TimeSpan _timeout;
    private int _disposed;

    /// <summary>Creates the transport and its channel factory.</summary>
    /// <param name="options">The settings; copied, so later changes have no effect.</param>
    /// <exception cref="ArgumentException">Missing credentials, an invalid or clear-text remote base address, or a limit out of range.</exception>
    public SoapTransport(SoapTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _credentials = options.Credentials
            ?? throw new ArgumentException($"{Name} needs Credentials (user and password).", nameof(options));
        Endpoint = HttpExchange.ResolveEndpoint(options.BaseAddress, options.AllowInsecureHttp, Path, Name);
        if (options.MaxResponseBytes is <= 0 or > int.MaxValue)
        {
            // WCF buffers a reply in a single array.
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxResponseBytes, "MaxResponseBytes must be positive and at most int.MaxValue for the Soap transport.");
        }

        if (options.Timeout <= TimeSpan.Zero && options.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Timeout, "Timeout must be positive or infinite.");
        }

        _timeout = options.Timeout == Timeout.InfiniteTimeSpan ? TimeSpan.MaxValue : options.Timeout;
        _scrubber = new SecretScrubber(_credentials.Password);

        var maxBytes = (int)options.MaxResponseBytes;
        var binding = new BasicHttpBinding(Endpoint.Scheme == Uri.UriSchemeHttps ? BasicHttpSecurityMode.Transport : BasicHttpSecurityMode.None)
        {
            MaxReceivedMessageSize = maxBytes,
            MaxBufferSize = maxBytes,
            AllowCookies = false,
            SendTimeout = _timeout,
            OpenTimeout = _timeout,
            CloseTimeout = _timeout,
        };

        // WCF's reader quotas default to 8 KB strings; the size limit above is the real bound. Depth stays at WCF's 32.
        binding.ReaderQuotas.MaxStringContentLength = maxBytes;
        binding.ReaderQuotas.MaxDepth = AfilnetOptions.MaxXmlDepth;

        _factory = new ChannelFactory<ISoapChannel>(binding, new EndpointAddress(Endpoint));
        _factory.Endpoint.EndpointBehaviors.Add(SoapHttpHandler.CreateBehavior(options.MaxResponseBytes));
        _factory.Open();
    }

    /// <inheritdoc />
    public string Name => "Soap";

    /// <inheritdoc />
    public SecurityLevel SecurityLevel => SecurityLevel.MediumHigh;

    /// <summary>The absolute address requests go to, for example <c>https://www.afilnet.com/api/soap/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Reads the WSDL the project ships for the twelve operations (the fake server serves it at <c>GET /api/soap/?wsdl</c>).</summary>
    /// <returns>The WSDL document's text.</returns>
    public static string GetWsdl()
    {
        using var stream = typeof(SoapTransport).Assembly.GetManifestResourceStream(WsdlResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{WsdlResourceName}' is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <inheritdoc />
    /// <remarks>The SOAPAction is <c>"https://www.afilnet.com/api/soap/&lt;method&gt;"</c>; the body is <c>&lt;method&gt;</c> with <c>user</c>, <c>password</c> and the parameters.</remarks>
    public async ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        cancellationToken.ThrowIfCancellationRequested();

        var method = request.Operation.Name;
        using var message = SoapRequestWriter.CreateMessage(request, _credentials);
        var call = new SoapCallState();
        var channel = _factory.CreateChannel();
        var closed = false;

        // WCF operations take no CancellationToken: cancelling means aborting the channel, which ends the exchange.
        using var registration = cancellationToken.Register(static state => ((ICommunicationObject)state!).Abort(), channel);
        Task<Message>? exchange = null;
        try
        {
            SoapHttpHandler.Current = call;
            exchange = channel.RequestAsync(message);

            // Return to the caller at once on cancellation, even if WCF takes a moment to unwind the aborted exchange.
            using var reply = await exchange.WaitAsync(cancellationToken).ConfigureAwait(false)
                ?? throw SoapAnswerReader.Unreadable(method, "is empty", () => Excerpt(call));
            if (!reply.IsFault && call.StatusCode is { } status && (status < 200 || status > 299))
            {
                // Only a Fault may come with HTTP 500; any other envelope there is an HTTP failure, not an answer.
                throw HttpStatusError(method, status, $"HTTP {status} with a SOAP body that is not a Fault", call);
            }

            var answer = SoapAnswerReader.Read(reply, request.Operation, _scrubber, () => Excerpt(call));
            closed = await TryCloseAsync(channel).ConfigureAwait(false);
            return answer;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Observe(exchange);
            throw new OperationCanceledException($"Soap '{method}' was cancelled.", cancellationToken);
        }
        catch (Exception ex) when (ex is not AfilnetException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                // Aborting the channel made WCF fail the exchange; the caller's cancellation is what happened.
                throw new OperationCanceledException($"Soap '{method}' was cancelled.", cancellationToken);
            }

            throw Translate(ex, method, call);
        }
        finally
        {
            SoapHttpHandler.Current = null;
            if (!closed)
            {
                // A faulted or half-used channel must not be closed gracefully (that hides the fault): abort it.
                channel.Abort();
            }
        }
    }

    /// <summary>Closes the channel factory, aborting it if a graceful close fails.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _factory.Close();
        }
        catch (Exception ex) when (ex is CommunicationException or TimeoutException)
        {
            _factory.Abort();
        }
    }

    /// <summary>Closes the channel factory, aborting it if a graceful close fails.</summary>
    /// <returns>A task that completes when the factory is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await Task.Factory.FromAsync(_factory.BeginClose, _factory.EndClose, null).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CommunicationException or TimeoutException)
        {
            _factory.Abort();
        }
    }

    /// <summary>Describes the transport without its credentials.</summary>
    /// <returns>The name and endpoint.</returns>
    public override string ToString() => $"{Name} {Endpoint}";

    private static async Task<bool> TryCloseAsync(ISoapChannel channel)
    {
        try
        {
            await Task.Factory.FromAsync(channel.BeginClose, channel.EndClose, null).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is CommunicationException or TimeoutException)
        {
            // The answer is already read; the finally block aborts the channel instead.
            return false;
        }
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

    private string? Excerpt(SoapCallState call) => call.Body is { } body ? _scrubber.Excerpt(body) : null;

    /// <summary>
    /// The one place that turns a WCF, HTTP or XML failure into an SDK error. Inner messages are never copied, and WCF and
    /// XML exceptions are not kept as inner exceptions either: some of their messages quote the server's body.
    /// </summary>
    private AfilnetException Translate(Exception ex, string method, SoapCallState call)
    {
        if (Find<SoapHttpFailure>(ex) is { } failure)
        {
            // The reason phrase and redirect host come from the server: scrub them like any excerpt.
            var description = _scrubber.Scrub(failure.Description);
            return failure.Kind switch
            {
                SoapHttpFailureKind.Redirect => new AfilnetTransportException(
                    $"Soap '{method}': the server answered {description}.", TransportFailureReason.Redirect, method, failure.StatusCode),
                SoapHttpFailureKind.TooLarge => new AfilnetTransportException(
                    $"Soap '{method}': the answer {description}.", TransportFailureReason.ResponseTooLarge, method, failure.StatusCode),
                SoapHttpFailureKind.HttpStatus => HttpStatusError(method, failure.StatusCode, description, call, failure.RetryAfter),
                _ => SoapAnswerReader.Unreadable(method, description, () => Excerpt(call)),
            };
        }

        switch (ex)
        {
            case FaultException fault:
                // Only if WCF turned a Fault into an exception itself; the untyped contract normally returns it.
                return SoapAnswerReader.FaultError(method, fault.Code?.Name, fault.Reason?.GetMatchingTranslation(CultureInfo.InvariantCulture)?.Text, _scrubber);
            case TimeoutException:
                return new AfilnetTransportException(
                    $"Soap '{method}': no complete answer within {_timeout.TotalSeconds:0.###} s.", TransportFailureReason.Timeout, method, innerException: ex);
            case NullReferenceException:
                // WCF's own reaction to a 200 with no body.
                return SoapAnswerReader.Unreadable(method, "is empty", () => Excerpt(call));
        }

        if (Find<HttpRequestException>(ex) is { } http)
        {
            // A connection that was never established means the request never left: safe to send again, even a write.
            var neverSent = http.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;
            return new AfilnetTransportException(
                neverSent
                    ? $"Soap '{method}': could not connect to {Endpoint.Host}:{Endpoint.Port} ({http.HttpRequestError})."
                    : $"Soap '{method}': the exchange with {Endpoint.Host}:{Endpoint.Port} failed ({http.HttpRequestError}).",
                neverSent ? TransportFailureReason.ConnectionFailed : TransportFailureReason.ConnectionLost,
                method,
                requestMayHaveReachedServer: !neverSent,
                innerException: http);
        }

        if (Find<QuotaExceededException>(ex) is not null)
        {
            return new AfilnetTransportException(
                $"Soap '{method}': the answer is larger than MaxResponseBytes.", TransportFailureReason.ResponseTooLarge, method, call.StatusCode);
        }

        if (Find<IOException>(ex) is { } io)
        {
            return new AfilnetTransportException(
                $"Soap '{method}': the connection broke while reading the answer.", TransportFailureReason.ConnectionLost, method, innerException: io);
        }

        if (Find<System.Xml.XmlException>(ex) is { } xml)
        {
            // WCF's reader refuses any DTD (so no entity is ever resolved or fetched); say so rather than "malformed".
            var problem = call.Body is { } body && body.AsSpan().IndexOf("<!DOCTYPE"u8) >= 0
                ? "declares a DTD (<!DOCTYPE>), which the SDK refuses to process"
                : SoapAnswerReader.NotWellFormed(xml);
            return SoapAnswerReader.Unreadable(method, problem, () => Excerpt(call));
        }

        if (ex is ProtocolException or CommunicationException)
        {
            return SoapAnswerReader.Unreadable(method, "is not a SOAP envelope WCF can read", () => Excerpt(call));
        }

        return new AfilnetTransportException(
            $"Soap '{method}': the exchange failed ({ex.GetType().Name}).", TransportFailureReason.ConnectionLost, method, call.StatusCode);
    }

    private AfilnetTransportException HttpStatusError(string method, int status, string description, SoapCallState call, TimeSpan? retryAfter = null)
    {
        var excerpt = Excerpt(call);
        return new AfilnetTransportException(
            $"Soap '{method}': the server answered {description}{(excerpt is null ? "." : ": " + excerpt)}",
            TransportFailureReason.HttpStatus,
            method,
            status)
        {
            RetryAfter = retryAfter,
        };
    }

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
