using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Transports;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// The Soap transport, for an app that chooses <see cref="AfilnetTransportKind.Soap"/> by configuration: register it once
/// (<c>AddAfilnetContacts(…).AddSoapTransport()</c>, or <c>new ContactsClient(options, transports: [AfilnetSoap.Transport])</c>)
/// and <c>Afilnet:Transport=Soap</c> works like any other transport.
/// </summary>
public static class AfilnetSoap
{
    /// <summary>The factory of the Soap transport.</summary>
    public static AfilnetTransportFactory Transport { get; } = new SoapTransportFactory();

    private sealed class SoapTransportFactory() : AfilnetTransportFactory(AfilnetTransportKind.Soap)
    {
        internal override ITransport Create(ClientSettings settings, HttpPipeline pipeline) => new SoapTransport(settings, pipeline);
    }
}
