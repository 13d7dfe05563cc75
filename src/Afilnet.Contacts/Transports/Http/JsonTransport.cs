using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Secrets;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// What HttpGet, HttpPost, BasicAuth and OAuth2Json share: the JSON answer, read by the one policy and decoded by the
/// one envelope rule. Each says only how its request looks on the wire.
/// </summary>
internal abstract class JsonTransport : ITransport
{
    protected JsonTransport(AfilnetTransportKind kind, ClientSettings settings, HttpPipeline pipeline)
    {
        Kind = kind;
        Endpoint = settings.Endpoint;
        Credentials = settings.Credentials;
        CallSettings = new HttpCallSettings(kind.ToString(), settings.MaxResponseBytes, settings.Timeout, pipeline.Time);
        Exchange = new JsonExchange(pipeline, CallSettings);
    }

    public AfilnetTransportKind Kind { get; }

    /// <summary>The absolute address calls go to, for example <c>https://www.afilnet.com/api/http/</c>.</summary>
    protected Uri Endpoint { get; }

    /// <summary>The credentials, read per request: configuration may rotate them while the client runs.</summary>
    protected RotatingCredentials Credentials { get; }

    protected HttpCallSettings CallSettings { get; }

    protected JsonExchange Exchange { get; }

    public ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult> =>
        ExchangeAsync<JsonExchange.Whole<TDecoder, TResult>, TResult>(request, cancellationToken);

    /// <summary>The JSON answer is read as it arrives: any group size lists in the memory of one record.</summary>
    public ValueTask<IContactStream> OpenContactsAsync(ApiRequest request, CancellationToken cancellationToken) =>
        ExchangeAsync<JsonExchange.ContactStream, IContactStream>(request, cancellationToken);

    /// <summary>One attempt of <paramref name="request"/>, its answer made into the result by <typeparamref name="TAnswer"/>.</summary>
    protected virtual ValueTask<TResult> ExchangeAsync<TAnswer, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TAnswer : IJsonAnswer<TResult>
    {
        // One set per attempt: the request and the gate that judges its answer know the same secrets.
        var credentials = Credentials.Current;
        return Exchange.SendAsync<TAnswer, TResult>(CreateMessage(request, credentials), request.Operation.Name, credentials.Gate, cancellationToken);
    }

    /// <summary>Nothing to release: the pipeline belongs to the client.</summary>
    public void Dispose()
    {
    }

    /// <summary>The transport and its endpoint, never its credentials.</summary>
    public override string ToString() => $"{Kind} {Endpoint}";

    /// <summary>The request of one attempt, as this style puts it on the wire; built again for each attempt.</summary>
    protected abstract SdkRequestMessage CreateMessage(ApiRequest request, CredentialSet credentials);
}
