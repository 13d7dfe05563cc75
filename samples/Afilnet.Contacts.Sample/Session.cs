using Afilnet.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// The client a command works with, built the way an integrator's host builds it: the <c>Afilnet</c> configuration
/// section (appsettings.json, appsettings.{environment}.json, environment variables, <c>--Afilnet:Key=value</c>)
/// through <c>AddAfilnetContacts</c>. Without <c>Afilnet:BaseAddress</c> it starts the embedded fake server.
/// </summary>
internal sealed class Session : IAsyncDisposable
{
    private readonly ServiceProvider _provider;
    private readonly AfilnetFakeServer? _fake;

    private Session(ServiceProvider provider, AfilnetFakeServer? fake, AfilnetOptions options)
    {
        _provider = provider;
        _fake = fake;
        Options = options;
        Api = provider.GetRequiredService<IContactsApi>();
    }

    public IContactsApi Api { get; }

    public AfilnetOptions Options { get; }

    /// <summary>Where calls go, for the reader: the fake server or the configured address. Never a credential.</summary>
    public string Target => _fake is null ? Options.BaseAddress.ToString() : $"the embedded fake server at {_fake.BaseAddress}";

    /// <summary>The configured <c>Afilnet:MinimumSecurityLevel</c>, even when the session was opened with <c>anySecurityLevel</c>.</summary>
    public SecurityLevel ConfiguredMinimum { get; private init; }

    /// <summary>Builds the session; throws OptionsValidationException naming the offending key when settings are wrong.</summary>
    /// <param name="configurationArguments">The <c>--Afilnet:Key=value</c> arguments.</param>
    /// <param name="transport">Overrides <c>Afilnet:Transport</c>.</param>
    /// <param name="anySecurityLevel">
    /// Opens the transport whatever <c>Afilnet:MinimumSecurityLevel</c> says (for <c>check</c>, which measures every
    /// transport and then compares with the minimum, <see cref="ConfiguredMinimum"/>).
    /// </param>
    public static Session Open(IReadOnlyList<string> configurationArguments, string? transport, bool anySecurityLevel = false)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development";
        var overrides = new Dictionary<string, string?>();
        if (transport is not null)
        {
            overrides["Afilnet:Transport"] = transport;
        }

        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine([.. configurationArguments])
            .AddInMemoryCollection(overrides);
        var configuration = builder.Build();
        var minimum = SecurityLevel.Low;
        if (anySecurityLevel)
        {
            if (configuration["Afilnet:MinimumSecurityLevel"] is { Length: > 0 } configured
                && (!Enum.TryParse(configured, ignoreCase: true, out minimum) || !Enum.IsDefined(minimum)))
            {
                throw new InvalidOperationException($"Afilnet:MinimumSecurityLevel must be one of {string.Join(", ", Enum.GetNames<SecurityLevel>())}.");
            }

            builder.AddInMemoryCollection(new Dictionary<string, string?> { ["Afilnet:MinimumSecurityLevel"] = nameof(SecurityLevel.Low) });
            configuration = builder.Build();
        }

        AfilnetFakeServer? fake = null;
        if (string.IsNullOrEmpty(configuration["Afilnet:BaseAddress"]))
        {
            // No server configured: run against the in-process fake, with its credentials.
            fake = AfilnetFakeServer.Start();
            builder.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Afilnet:BaseAddress"] = fake.BaseAddress.ToString(),
                ["Afilnet:User"] = fake.User,
                ["Afilnet:Password"] = fake.Password,
                ["Afilnet:ClientId"] = fake.ClientId,
                ["Afilnet:ClientSecret"] = fake.ClientSecret,
            });
            configuration = builder.Build();
        }

        var services = new ServiceCollection();
        // Soap ships in its own package; registering it here lets --transport Soap work by configuration alone.
        var afilnet = services.AddAfilnetContacts(configuration.GetSection("Afilnet")).AddSoapTransport();

        // A fleet's shared OAuth2 token (TokenCache:Redis, or TokenCache__Redis in the environment): every process run
        // with the same Redis and credentials uses one token until it expires, instead of one each.
        if (configuration["TokenCache:Redis"] is { Length: > 0 } redis)
        {
            services.AddStackExchangeRedisCache(o => o.Configuration = redis);
            services.AddHybridCache();
            afilnet.ShareTokensThroughHybridCache();
        }
        var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return new Session(provider, fake, provider.GetRequiredService<IOptions<AfilnetOptions>>().Value) { ConfiguredMinimum = minimum };
        }
        catch
        {
            provider.Dispose();
            fake?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        _fake?.Dispose();
    }
}
