namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// A request the SDK built for one of its HTTP styles, carrying its <see cref="HttpCall"/> itself: the policy finds it
/// here without the request's options dictionary, which would cost a dictionary per call. Requests the SDK does not build
/// (WCF's, Duende's token request) carry the call in their options instead (<see cref="HttpCall.Key"/>).
/// </summary>
internal sealed class SdkRequestMessage(HttpMethod method, Uri uri) : HttpRequestMessage(method, uri)
{
    public HttpCall? Call { get; set; }
}
