namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// THE ONE HTTP POLICY: every request of the SDK passes here, on the four HTTP styles, under WCF (through its handler
/// hook) and for the token request (Duende.IdentityModel is given an invoker over it). It sits next to the primary
/// handler, inside anything a host registers, and does, once for all:
/// <list type="bullet">
/// <item>the User-Agent;</item>
/// <item>the hidden-resend guard: a request without a body gets an empty one, since SocketsHttpHandler silently resends a
/// body-less request (a GET write, say) up to 3 more times when the connection closes before the answer; and an
/// attempt that comes back through here a second time (a host's resilience handler) is refused;</item>
/// <item>the attempt timeout, on the call's <see cref="TimeProvider"/>, from sending to the last byte of the answer;</item>
/// <item>redirect refusal (a redirect would carry credentials elsewhere), naming only status and host;</item>
/// <item>status to error, with <c>Retry-After</c> and a short scrubbed excerpt of the body;</item>
/// <item>the bounded read of the answer into a pooled buffer (<see cref="PooledContent"/>);</item>
/// <item>connection failures to SDK errors that say whether the request may have reached the server.</item>
/// </list>
/// It holds no state: what it needs travels with each request as its <see cref="HttpCall"/>.
/// </summary>
internal sealed class AfilnetHttpPolicy : DelegatingHandler
{
    private const int ErrorExcerptBytes = 4096;

    public AfilnetHttpPolicy()
    {
    }

    public AfilnetHttpPolicy(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var call = HttpCall.Of(request);
        if (!call.TryMarkSent())
        {
            throw call.ResendRefused();
        }

        // As raw text: a parsed ProductInfoHeaderValue collection would cost allocations on every call.
        request.Headers.Remove("User-Agent");
        request.Headers.TryAddWithoutValidation("User-Agent", SdkInfo.UserAgentText);

        // An empty body (Content-Length: 0) counts as sent once written: the handler never resends such a request.
        request.Content ??= new ByteArrayContent([]);
        var sentTo = request.RequestUri;
        var deadline = AttemptDeadline.Start(call.Settings, cancellationToken);
        var deadlineHandedOn = false;
        HttpResponseMessage? response = null;
        try
        {
            response = await base.SendAsync(request, deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            await AcceptAsync(call, sentTo, response, status, deadline.Token).ConfigureAwait(false);
            if (call.Streamed)
            {
                // Read later, as it arrives: the content takes the deadline with it, and each read restarts it.
                var streamed = await StreamedContent.OpenAsync(response.Content, call, status, sentTo, deadline, maxBytes: null, perRead: true).ConfigureAwait(false);
                deadlineHandedOn = true;
                deadline.DetachCaller();
                response.Content = streamed;
                call.Stream = streamed.Stream;
                return response;
            }

            if (call.Kind == HttpAnswerKind.Soap)
            {
                // WCF reads the body into its own buffer, which is then the only copy: the policy guards that read instead
                // of reading it first (the same limit, and the deadline to the last byte, held until WCF has read it).
                var forWcf = await StreamedContent.OpenAsync(response.Content, call, status, sentTo, deadline, call.MaxAnswerBytes, perRead: false).ConfigureAwait(false);
                deadlineHandedOn = true;
                forWcf.WhenEmpty = EmptySoapAnswer(call, status);
                response.Content = forWcf;
                return response;
            }

            var answer = await PooledContent.ReadAsync(response.Content, call, status, deadline.Token).ConfigureAwait(false);
            response.Content.Dispose();
            response.Content = answer;
            call.Answer = answer;
            return response;
        }
        catch (Exception ex) when (deadline.Translate(ex, call, sentTo, CancellationToken.None) is { } translated)
        {
            response?.Dispose();
            throw translated;
        }
        catch
        {
            response?.Dispose();
            throw;
        }
        finally
        {
            if (!deadlineHandedOn)
            {
                deadline.Recycle(call.Settings);
            }
        }
    }

    // A method of its own: a lambda in SendAsync would make every call allocate its captured variables, Soap or not.
    private static Func<Exception> EmptySoapAnswer(HttpCall call, int status) =>
        () => status == 500 ? call.HttpStatus(status, "an empty body", null) : call.Unreadable("is empty", null);

    private static async Task AcceptAsync(HttpCall call, Uri? sentTo, HttpResponseMessage response, int status, CancellationToken cancellationToken)
    {
        // A handler that follows redirects by itself has already sent the request elsewhere: refuse what came back.
        if (response.RequestMessage?.RequestUri is { } answeredBy && sentTo is not null && answeredBy != sentTo)
        {
            throw call.FollowedRedirect(status, answeredBy.Host);
        }

        if (status is >= 300 and < 400)
        {
            var target = response.Headers.Location switch
            {
                null => "no location",
                { IsAbsoluteUri: true } location => location.Host,
                _ => sentTo?.Host ?? "the same host",
            };
            throw call.Redirected(status, target);
        }

        // Only SOAP answers are judged by their media type: parsing the header is a cost every JSON call would pay for nothing.
        var mediaType = call.Kind == HttpAnswerKind.Soap ? response.Content.Headers.ContentType?.MediaType : null;
        if (!call.Accepts(status, mediaType))
        {
            var excerpt = await ExcerptAsync(response.Content, call, cancellationToken).ConfigureAwait(false);
            throw call.HttpStatus(status, excerpt, call.RetryAfter(response.Headers.RetryAfter));
        }

        if (call.Kind == HttpAnswerKind.Soap && !HttpCall.IsXml(mediaType))
        {
            var excerpt = await ExcerptAsync(response.Content, call, cancellationToken).ConfigureAwait(false);
            throw call.Unreadable($"has Content-Type '{mediaType ?? "none"}', not text/xml", excerpt);
        }
    }

    /// <summary>The head of an error body, scrubbed: enough for the message, however long the body is.</summary>
    private static async Task<string?> ExcerptAsync(HttpContent content, HttpCall call, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[ErrorExcerptBytes];
                var length = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                return call.Gate.Excerpt(buffer.AsSpan(0, length));
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            // The status already says what happened; a body that cannot be read adds nothing.
            return null;
        }
    }
}
