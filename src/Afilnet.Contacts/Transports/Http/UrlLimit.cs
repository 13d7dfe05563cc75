using Afilnet.Contacts.Requests;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// The one URL-length rule of the transports that put a call in the query string (HttpGet, BasicAuth over GET):
/// a longer URL is refused before sending, since servers and proxies cut or reject it.
/// </summary>
internal static class UrlLimit
{
    /// <summary>Throws <see cref="AfilnetRequestTooLargeException"/> when <paramref name="url"/> is longer than <paramref name="maxUrlLength"/>; nothing has been sent.</summary>
    public static void Check(string url, int maxUrlLength, string transportName, ApiRequest request)
    {
        if (url.Length > maxUrlLength)
        {
            throw new AfilnetRequestTooLargeException(
                $"The {transportName} URL for '{request.Operation.Name}' would be {url.Length} characters, over the limit of {maxUrlLength}; nothing was sent. " +
                "Send large requests with a POST transport (HttpPost, BasicAuth, Soap or OAuth2Json), or raise MaxUrlLength if your server accepts longer URLs.",
                url.Length,
                maxUrlLength,
                nameof(request));
        }
    }

    // FormEncoder's output is already canonical (unreserved characters and %XX only): parsing it again to canonicalise
    // the query would cost time per call and change nothing on the wire.
    private static readonly UriCreationOptions AsEncoded = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <summary>Checks <paramref name="url"/> against the limit, then makes the GET request that carries it as written.</summary>
    public static SdkRequestMessage CreateGetRequest(string url, int maxUrlLength, string transportName, ApiRequest request)
    {
        Check(url, maxUrlLength, transportName, request);
        return new SdkRequestMessage(HttpMethod.Get, new Uri(url, in AsEncoded));
    }
}
