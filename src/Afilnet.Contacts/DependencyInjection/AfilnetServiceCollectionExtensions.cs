using System.Diagnostics.Metrics;
using Afilnet.Contacts;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Transports.Http;
using Afilnet.Contacts.Transports.OAuth2Json;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Afilnet Contacts client with the transport chosen by configuration.</summary>
public static class AfilnetServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IContactsApi"/> configured from <paramref name="configuration"/> (usually
    /// <c>configuration.GetSection("Afilnet")</c>), validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The section holding <see cref="AfilnetOptions"/> keys.</param>
    /// <returns>A builder for the client's HTTP client and transports from other packages.</returns>
    public static AfilnetClientBuilder AddAfilnetContacts(this IServiceCollection services, IConfiguration configuration) =>
        Register(services, Options.Options.DefaultName, b => b.BindChecked(configuration), PathOf(configuration));

    /// <summary>Registers <see cref="IContactsApi"/> configured in code, validated when the host starts.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for the client's HTTP client and transports from other packages.</returns>
    public static AfilnetClientBuilder AddAfilnetContacts(this IServiceCollection services, Action<AfilnetOptions> configure) =>
        Register(services, Options.Options.DefaultName, b => b.Configure(configure), AfilnetOptions.DefaultSectionName);

    /// <summary>
    /// Registers a keyed <see cref="IContactsApi"/> named <paramref name="name"/>, so differently configured clients
    /// (one per environment or per transport) live side by side: resolve with <c>[FromKeyedServices("name")]</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configuration">The section holding this client's keys.</param>
    /// <returns>A builder for the client's HTTP client and transports from other packages.</returns>
    public static AfilnetClientBuilder AddAfilnetContacts(this IServiceCollection services, string name, IConfiguration configuration) =>
        Register(services, name, b => b.BindChecked(configuration), PathOf(configuration));

    /// <summary>Registers a keyed <see cref="IContactsApi"/> named <paramref name="name"/>, configured in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The service key and options name.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder for the client's HTTP client and transports from other packages.</returns>
    public static AfilnetClientBuilder AddAfilnetContacts(this IServiceCollection services, string name, Action<AfilnetOptions> configure) =>
        Register(services, name, b => b.Configure(configure), AfilnetOptions.DefaultSectionName);

    private static string PathOf(IConfiguration configuration) =>
        (configuration ?? throw new ArgumentNullException(nameof(configuration))) is IConfigurationSection section ? section.Path : AfilnetOptions.DefaultSectionName;

    private static AfilnetClientBuilder Register(IServiceCollection services, string name, Action<OptionsBuilder<AfilnetOptions>> bind, string sectionPath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        var isDefault = name == Options.Options.DefaultName;
        var clientName = isDefault ? "Afilnet" : "Afilnet." + name;
        var names = PolicyClientNames(services);
        if (names.Contains(clientName))
        {
            // A second registration would merge its options into the first one's without a word.
            throw new InvalidOperationException(isDefault
                ? "AddAfilnetContacts was called twice for the unkeyed client. Register it once, or give each further client a name: AddAfilnetContacts(\"name\", ...)."
                : $"AddAfilnetContacts was called twice with the name '{name}'. Each named client is registered once.");
        }

        bind(services.AddOptions<AfilnetOptions>(name));
        services.AddOptions<AfilnetOptions>(name).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AfilnetOptions>>(new AfilnetOptionsValidator(name, sectionPath));
        services.AddSingleton<IValidateOptions<AfilnetOptions>>(sp => new AfilnetTransportAvailability(name, sectionPath, sp.GetServices<AfilnetTransportFactory>()));
        services.TryAddSingleton(TimeProvider.System);

        // One token cache per container: its clients with the same token request share a token and its refresh.
        services.TryAddSingleton(sp => new TokenCaching(null, sp.GetService<ILoggerFactory>()?.CreateLogger<TokenCaching>()));

        // The app's primary handler (an app-wide proxy, say) is kept; the SDK's handler filter turns its redirects off.
        var httpClient = services.AddHttpClient(clientName)

            // The factory's own request logging would print URLs, which under HttpGet hold the password;
            // the SDK logs each call itself, redacted.
            .RemoveAllLoggers();
        names.Add(clientName);

        Func<IServiceProvider, IContactsApi> client = sp =>
        {
            var time = sp.GetRequiredService<TimeProvider>();
            var monitor = sp.GetRequiredService<IOptionsMonitor<AfilnetOptions>>();
            var loggers = sp.GetService<ILoggerFactory>();
            var settings = ClientSettings.Create(monitor.Get(name), sectionPath);
            var created = new ContactsClient(
                settings,
                HttpPipeline.FromFactory(sp.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(clientName), time),
                loggers,
                sp.GetService<IMeterFactory>(),
                sp.GetServices<AfilnetTransportFactory>(),
                TokensFor(sp, name));

            // Rolling credentials: a password or client secret changed in configuration is used by the next call.
            var watch = new ConfigurationWatch(settings, sectionPath, loggers?.CreateLogger<ConfigurationWatch>());
            if (monitor.OnChange((options, changed) =>
                {
                    if (string.Equals(changed ?? Options.Options.DefaultName, name, StringComparison.Ordinal))
                    {
                        watch.Apply(options);
                    }
                }) is { } subscription)
            {
                created.Own(subscription);
            }

            return created;
        };

        if (isDefault)
        {
            services.TryAddSingleton(client);
        }
        else
        {
            services.TryAddKeyedSingleton<IContactsApi>(name, (sp, _) => client(sp));
        }

        return new AfilnetClientBuilder(services, name, httpClient);
    }

    /// <summary>The container's token cache, through the app's HybridCache when this client opted in.</summary>
    private static TokenCaching TokensFor(IServiceProvider sp, string name)
    {
        var local = sp.GetRequiredService<TokenCaching>();
        return sp.GetServices<SharedTokenCacheRequest>().Any(r => r.Name == name) && sp.GetService<HybridCache>() is { } hybrid
            ? local.With(hybrid, local.Logger)
            : local;
    }

    /// <summary>
    /// The registry of the SDK's client names, and the filter that puts the policy into their chains, registered once.
    /// The filter goes first among the filters, so that it runs last and its policy ends up innermost.
    /// </summary>
    private static AfilnetHttpClientNames PolicyClientNames(IServiceCollection services)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(AfilnetHttpClientNames) && descriptor.ImplementationInstance is AfilnetHttpClientNames known)
            {
                return known;
            }
        }

        var names = new AfilnetHttpClientNames();
        services.AddSingleton(names);
        services.Insert(0, ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter>(sp => new AfilnetHttpPolicyFilter(sp.GetRequiredService<AfilnetHttpClientNames>())));
        return names;
    }
}
