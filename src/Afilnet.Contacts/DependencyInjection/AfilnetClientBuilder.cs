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

    /// <summary>
    /// OAuth2Json: shares this client's access tokens with every process of the fleet through the app's
    /// <see cref="Microsoft.Extensions.Caching.Hybrid.HybridCache"/> (register it with <c>AddHybridCache()</c>, over an
    /// IDistributedCache such as <c>AddStackExchangeRedisCache</c>), so a fleet takes one token per credential set and
    /// lifetime instead of one per process. Tokens then live in that cache, under a keyed hash of the token request: protect
    /// it as you protect the credentials. A cache that fails falls back to the token endpoint; no call is sent without a token.
    /// Within one process, clients with the same token request share their token whether or not this is called.
    /// </summary>
    /// <returns>This builder.</returns>
    public AfilnetClientBuilder ShareTokensThroughHybridCache()
    {
        Services.AddSingleton(new SharedTokenCacheRequest(Name));
        Services.AddSingleton<Options.IValidateOptions<AfilnetOptions>>(sp =>
            new Afilnet.Contacts.Configuration.HybridCacheAvailability(Name, sp.GetService<Microsoft.Extensions.Caching.Hybrid.HybridCache>() is not null));
        return this;
    }

    /// <summary>Makes a transport from another package available to every Afilnet client of the app.</summary>
    /// <param name="factory">The transport's factory, for example <c>AfilnetSoap.Transport</c>.</param>
    /// <returns>This builder.</returns>
    internal AfilnetClientBuilder AddTransport(AfilnetTransportFactory factory)
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

/// <summary>That the client of this options name shares its tokens through HybridCache.</summary>
internal sealed record SharedTokenCacheRequest(string Name);
