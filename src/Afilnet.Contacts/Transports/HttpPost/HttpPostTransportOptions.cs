namespace Afilnet.Contacts.Transport.Http;

/// <summary>Settings of <see cref="HttpPostTransport"/>.</summary>
public sealed class HttpPostTransportOptions : AfilnetHttpTransportOptions
{
}
