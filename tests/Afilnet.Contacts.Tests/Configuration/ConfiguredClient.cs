using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>A service provider built the way an integrator's host builds it: configuration in, IContactsApi out.</summary>
public sealed class ConfiguredClient : IDisposable
{
    public ConfiguredClient(IDictionary<string, string?> settings, string[]? commandLine = null, Action<IServiceCollection>? extra = null)
    {
        Configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddCommandLine(commandLine ?? [])
            .Build();
        var services = new ServiceCollection();
        services.AddAfilnetContacts(Configuration.GetSection("Afilnet"));
        extra?.Invoke(services);
        Provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IConfigurationRoot Configuration { get; }

    public ServiceProvider Provider { get; }

    public IContactsApi Api => Provider.GetRequiredService<IContactsApi>();

    /// <summary>What a host does when it starts: run every ValidateOnStart check.</summary>
    public void Start() => Provider.GetRequiredService<IStartupValidator>().Validate();

    public static Dictionary<string, string?> For(string transport, Uri baseAddress) => new()
    {
        ["Afilnet:Transport"] = transport,
        ["Afilnet:BaseAddress"] = baseAddress.ToString(),
        ["Afilnet:User"] = TestCredentials.User,
        ["Afilnet:Password"] = TestCredentials.Password,
        ["Afilnet:Retry:RetryDelay"] = "00:00:00.010",
        ["Afilnet:Retry:MaxRetryDelay"] = "00:00:00.050",
    };

    public void Dispose() => Provider.Dispose();
}
