using Afilnet.Contacts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// What <c>AddAfilnetContacts</c> registered, to configure further: the HTTP client every transport of this client
/// sends through (Soap and the OAuth2 token request included), and transports from other packages.
/// </summary>
public sealed class AfilnetClientBuilder
{
    internal AfilnetClientBuilder(IServiceCollection services, string name, IHttpClientBuilder httpClient)
    {
        Services = services;
        Name = name;
        HttpClient = httpClient;
    }

    /// <summary>The service collection the client is registered in.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The client's options name and service key; <see cref="Options.Options.DefaultName"/> for the unkeyed client.</summary>
    public string Name { get; }

    /// <summary>
    /// The IHttpClientFactory client the SDK sends through: add a proxy, a client certificate or a handler here
    /// (<c>ConfigurePrimaryHttpMessageHandler</c>, <c>AddHttpMessageHandler</c>). Whatever is added applies to every
    /// transport. The SDK's HTTP policy stays the innermost handler, and redirects stay off on the primary handler.
    /// Do not add retry or resilience handlers: the SDK retries by operation (see the README).
    /// </summary>
    public IHttpClientBuilder HttpClient { get; }

    /// <summary>Makes a transport from another package available to every Afilnet client of the app.</summary>
    /// <param name="factory">The transport's factory, for example <c>AfilnetSoap.Transport</c>.</param>
    /// <returns>This builder.</returns>
    public AfilnetClientBuilder AddTransport(AfilnetTransportFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        foreach (var descriptor in Services)
        {
            if (descriptor.ServiceType == typeof(AfilnetTransportFactory) && descriptor.ImplementationInstance is AfilnetTransportFactory known && known.Kind == factory.Kind)
            {
                return this;
            }
        }

        Services.AddSingleton(factory);
        return this;
    }
}
