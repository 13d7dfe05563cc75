using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Requests;

namespace Afilnet.Contacts.Transports;

/// <summary>
/// The seam: puts a neutral <see cref="ApiRequest"/> on the wire in one connection style and decodes the answer
/// straight into the operation's typed result, inside the call. The five styles differ only below this interface;
/// retries and telemetry wrap it and see the true outcome (an API error or an unreadable answer is raised here).
/// </summary>
/// <remarks>
/// Implementations are thread-safe and reusable. They fail with the SDK's exceptions only: <see cref="AfilnetApiException"/>,
/// <see cref="AfilnetTransportException"/>, <see cref="AfilnetProtocolException"/>, <see cref="AfilnetAuthenticationException"/>,
/// or <see cref="OperationCanceledException"/> for the caller's cancellation.
/// </remarks>
internal interface ITransport : IDisposable
{
    AfilnetTransportKind Kind { get; }

    /// <summary>Sends one attempt of <paramref name="request"/> and decodes its answer with <typeparamref name="TDecoder"/>.</summary>
    ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult>;

    /// <summary>
    /// Sends one attempt of a <c>getcontacts</c> <paramref name="request"/> and opens its answer once its head has
    /// arrived, to be read a contact at a time. A transport that cannot read its answer incrementally decodes it whole
    /// (within <c>MaxResponseBytes</c>) and hands the list on: that is this default.
    /// </summary>
    async ValueTask<IContactStream> OpenContactsAsync(ApiRequest request, CancellationToken cancellationToken) =>
        new BufferedContactStream(await SendAsync<Decoders.Contacts, IReadOnlyList<Contact>>(request, cancellationToken).ConfigureAwait(false));
}
