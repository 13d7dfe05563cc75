using System.Diagnostics.CodeAnalysis;
using Afilnet.Contacts.Soap;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Soap transport with the Afilnet clients of an app.</summary>
public static class AfilnetSoapBuilderExtensions
{
    /// <summary>
    /// Makes <c>Afilnet:Transport=Soap</c> available to every Afilnet client of the app; without it, a Soap
    /// configuration fails when the host starts, naming this call.
    /// </summary>
    /// <param name="builder">What <c>AddAfilnetContacts</c> returned.</param>
    /// <returns>The builder.</returns>
    [RequiresDynamicCode(AfilnetSoap.NotAotCompatible)]
    [RequiresUnreferencedCode(AfilnetSoap.NotAotCompatible)]
    public static AfilnetClientBuilder AddSoapTransport(this AfilnetClientBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddTransport(AfilnetSoap.Transport);
    }
}
