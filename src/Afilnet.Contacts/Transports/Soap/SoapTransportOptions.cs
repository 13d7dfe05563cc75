using Afilnet.Contacts.Transport.Http;

namespace Afilnet.Contacts.Transport.Soap;

/// <summary>Settings of <see cref="SoapTransport"/>.</summary>
/// <remarks>
/// <para>
/// <see cref="AfilnetHttpTransportOptions.MaxResponseBytes"/> is the one size limit: the transport applies it to the
/// reply body before WCF sees it and also sets it as the binding's <c>MaxReceivedMessageSize</c> and <c>MaxBufferSize</c>,
/// replacing WCF's own default of 65,536 bytes (too small for a group's contacts) with the SDK default of 16 MiB.
/// WCF buffers a reply in one array, so the limit may not exceed <see cref="int.MaxValue"/> bytes.
/// </para>
/// <para>
/// <see cref="AfilnetHttpTransportOptions.Timeout"/> becomes the binding's send timeout, which bounds the whole
/// exchange (open, send, and reading the reply).
/// </para>
/// </remarks>
public sealed class SoapTransportOptions : AfilnetHttpTransportOptions
{
}
