namespace Afilnet.Contacts.Transport;

/// <summary>
/// Puts a transport-neutral <see cref="ApiRequest"/> on the wire in one connection style and reads the answer back
/// as an <see cref="ApiAnswer"/>. The five styles of the provider differ only here; <see cref="ContactsClient"/>
/// builds requests and maps answers for all of them.
/// </summary>
/// <remarks>
/// Implementations are thread-safe and reusable. They report failures as <see cref="AfilnetTransportException"/>
/// or <see cref="AfilnetProtocolException"/>; an API error (<c>status=ERROR</c>) is a normal answer, not an exception.
/// </remarks>
public interface ITransport
{
    /// <summary>The transport's name as configuration spells it, for example <c>HttpGet</c>.</summary>
    string Name { get; }

    /// <summary>The provider's security ranking of this connection style.</summary>
    SecurityLevel SecurityLevel { get; }

    /// <summary>Sends one request and reads its answer.</summary>
    /// <param name="request">The call to make.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The server's answer: success with an optional result, or an API error code.</returns>
    /// <exception cref="AfilnetTransportException">No usable exchange with the server.</exception>
    /// <exception cref="AfilnetProtocolException">The answer could not be read.</exception>
    ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default);
}
