using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Transports;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts;

/// <summary>
/// A transport that ships in a package of its own, so that an app pays for its dependencies only when it uses it:
/// <see cref="AfilnetTransportKind.Soap"/> lives in <c>Afilnet.Contacts.Soap</c>, which carries WCF. Register its
/// factory once (<c>AddSoapTransport()</c> on the builder <c>AddAfilnetContacts</c> returns, or pass
/// <c>AfilnetSoap.Transport</c> to <see cref="ContactsClient"/>); choosing the transport stays a configuration setting.
/// </summary>
/// <remarks>
/// Only the SDK's own packages can derive from this type: a transport goes through the SDK's HTTP policy, decoder and
/// error rules, which are not public.
/// </remarks>
public abstract class AfilnetTransportFactory
{
    private protected AfilnetTransportFactory(AfilnetTransportKind kind)
    {
        Kind = kind;
    }

    /// <summary>The transport this factory makes.</summary>
    public AfilnetTransportKind Kind { get; }

    /// <summary>Names the factory by its transport.</summary>
    /// <returns>For example <c>AfilnetTransportFactory { Soap }</c>.</returns>
    public override string ToString() => $"AfilnetTransportFactory {{ {Kind} }}";

    /// <summary>Builds the transport over the client's pipeline.</summary>
    internal abstract ITransport Create(ClientSettings settings, HttpPipeline pipeline);
}
