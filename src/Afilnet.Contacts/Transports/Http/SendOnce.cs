namespace Afilnet.Contacts.Transport.Http;

/// <summary>
/// What <see cref="HttpExchange"/> does so that a request reaches the server at most once per attempt, whatever
/// HttpClient would do on its own. Resending is <see cref="Resilience.RetrySafety"/>'s decision alone.
/// </summary>
internal static class SendOnce
{
    /// <summary>
    /// SocketsHttpHandler silently resends a request that has no body (a GET, a body-less POST), up to 3 more times,
    /// when the connection closes before the first byte of the answer, on a fresh connection as on a pooled one;
    /// <c>Connection: close</c> does not change that. Under HttpGet and BasicAuth GET every write is such a request:
    /// <c>addcontact</c> could reach the server four times. A request with a body, even an empty one
    /// (<c>Content-Length: 0</c>), counts as started once its body is sent and is never resent by the handler.
    /// </summary>
    /// <param name="message">The request about to be sent; given an empty body when it has none.</param>
    public static void PreventHiddenResend(HttpRequestMessage message) => message.Content ??= new ByteArrayContent([]);

    /// <summary>
    /// The host an HttpClient that follows redirects by itself went to, or <see langword="null"/> when the answer came
    /// from <paramref name="sentTo"/>. Such a client has already sent the request (a form body included) elsewhere:
    /// the SDK can only refuse the answer and say how to configure the client.
    /// </summary>
    /// <param name="sentTo">The address the SDK sent the request to.</param>
    /// <param name="response">The answer; its request message carries the address a redirect handler went to last.</param>
    public static string? FollowedRedirectHost(Uri? sentTo, HttpResponseMessage response) =>
        response.RequestMessage?.RequestUri is { } answeredBy && sentTo is not null && answeredBy != sentTo
            ? answeredBy.Host
            : null;

    /// <summary>The message of the error raised when <see cref="FollowedRedirectHost"/> found a followed redirect.</summary>
    public static string FollowedRedirectMessage(string transportName, string method, string host) =>
        $"{transportName} '{method}': the HttpClient followed a redirect to {host} by itself; the answer is refused. " +
        "Give the SDK an HttpClient whose handler has AllowAutoRedirect = false (AddAfilnetContacts registers one).";

}
