namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// The handler chain every transport sends through, with <see cref="AfilnetHttpPolicy"/> innermost, next to the primary
/// handler: the HTTP styles send with <see cref="Invoker"/>, WCF gets <see cref="Handler"/> through its handler hook,
/// and the token request goes through <see cref="Invoker"/> too.
/// </summary>
internal sealed class HttpPipeline : IDisposable
{
    private readonly bool _ownsHandler;

    private HttpPipeline(HttpMessageHandler handler, TimeProvider time, bool ownsHandler)
    {
        Handler = handler;
        Time = time;
        _ownsHandler = ownsHandler;
        Invoker = new HttpMessageInvoker(handler, disposeHandler: false);
    }

    /// <summary>The chain; its innermost delegating handler is the policy.</summary>
    public HttpMessageHandler Handler { get; }

    public HttpMessageInvoker Invoker { get; }

    /// <summary>The clock of attempt timeouts, backoff, Retry-After dates and token expiry.</summary>
    public TimeProvider Time { get; }

    /// <summary>
    /// The SDK's own chain: the policy over <paramref name="primary"/> (the caller's, not disposed here), or over a
    /// <see cref="SocketsHttpHandler"/> the pipeline creates and disposes.
    /// </summary>
    public static HttpPipeline Over(HttpMessageHandler? primary, TimeProvider time) =>
        primary is null
            ? new HttpPipeline(new AfilnetHttpPolicy(CreatePrimaryHandler()), time, ownsHandler: true)
            : new HttpPipeline(new AfilnetHttpPolicy(primary), time, ownsHandler: false);

    /// <summary>
    /// A chain IHttpClientFactory built, into which the SDK's handler filter put the policy innermost; checked here,
    /// since without the policy no guarantee of the SDK would hold.
    /// </summary>
    /// <exception cref="InvalidOperationException">The policy is not the handler next to the primary handler.</exception>
    public static HttpPipeline FromFactory(HttpMessageHandler chain, TimeProvider time)
    {
        DelegatingHandler? innermost = null;
        for (var handler = chain; handler is DelegatingHandler delegating; handler = delegating.InnerHandler)
        {
            innermost = delegating;
        }

        return innermost is AfilnetHttpPolicy
            ? new HttpPipeline(chain, time, ownsHandler: false)
            : throw new InvalidOperationException(
                "The SDK's HTTP policy is not the innermost handler of its HTTP client, so its guarantees (no resend, limits, redirects refused) would not hold. " +
                "Do not remove or reorder the SDK client's handlers after AddAfilnetContacts.");
    }

    /// <summary>The primary handler the SDK uses when given none: redirects off, connections recycled for DNS changes.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler() => new()
    {
        // A redirect would carry credentials to another host.
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        UseCookies = false,
    };

    /// <summary>
    /// Turns redirects and cookies off on a primary handler the app chose (an app-wide proxy's handler, say), keeping
    /// the rest of its settings. A handler of another type, or one already in use, is left as it is: the policy still
    /// refuses an answer its handler got by following a redirect.
    /// </summary>
    public static void Harden(HttpMessageHandler primary)
    {
        try
        {
            switch (primary)
            {
                case SocketsHttpHandler sockets:
                    sockets.AllowAutoRedirect = false;
                    sockets.UseCookies = false;
                    break;
                case HttpClientHandler client:
                    client.AllowAutoRedirect = false;
                    client.UseCookies = false;
                    break;
            }
        }
        catch (InvalidOperationException)
        {
            // Its properties are frozen once it has sent; the policy's check stands in.
        }
    }

    public void Dispose()
    {
        Invoker.Dispose();
        if (_ownsHandler)
        {
            Handler.Dispose();
        }
    }
}
