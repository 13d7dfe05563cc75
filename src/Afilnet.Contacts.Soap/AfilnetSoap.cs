using System.Diagnostics.CodeAnalysis;
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
    /// <summary>Why an app published trimmed or native AOT cannot use the Soap transport.</summary>
    internal const string NotAotCompatible =
        "The Soap transport runs on WCF (System.ServiceModel), which builds its channels with reflection and run-time code: it does not work trimmed or as native AOT. Use another transport there.";

    /// <summary>The factory of the Soap transport.</summary>
    public static AfilnetTransportFactory Transport
    {
        [RequiresDynamicCode(NotAotCompatible)]
        [RequiresUnreferencedCode(NotAotCompatible)]
        get => Factory;
    }

    private static AfilnetTransportFactory Factory { get; } = new SoapTransportFactory();

    private sealed class SoapTransportFactory() : AfilnetTransportFactory(AfilnetTransportKind.Soap)
    {
        internal override ITransport Create(ClientSettings settings, HttpPipeline pipeline) => new SoapTransport(settings, pipeline);
    }
}
