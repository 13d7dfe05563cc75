using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>
/// A service provider built the way an integrator's host builds it: configuration in, IContactsApi out. Its clock is
/// a <see cref="FakeTimeProvider"/> (<see cref="Time"/>) unless the test registers another.
/// </summary>
public sealed class ConfiguredClient : IDisposable
{
    public ConfiguredClient(IDictionary<string, string?> settings, string[]? commandLine = null, Action<IServiceCollection>? extra = null, TestClock? time = null)
    {
        Time = time ?? TestClients.NewClock();
        Configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddCommandLine(commandLine ?? [])
            .Build();
        var services = new ServiceCollection();
        services.AddAfilnetContacts(Configuration.GetSection("Afilnet")).AddSoapTransport();
        services.AddSingleton<TimeProvider>(Time);
        extra?.Invoke(services);
        Provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public IConfigurationRoot Configuration { get; }

    public TestClock Time { get; }

    public ServiceProvider Provider { get; }

    public IContactsApi Api => Provider.GetRequiredService<IContactsApi>();

    /// <summary>The client, as the SDK's concrete type (its transport and security level).</summary>
    public ContactsClient Client => (ContactsClient)Api;

    /// <summary>What a host does when it starts: run every ValidateOnStart check.</summary>
    public void Start() => Provider.GetRequiredService<IStartupValidator>().Validate();

    /// <summary>
    /// The settings of a client of <paramref name="style"/>: its transport keys, the base address, the test credentials,
    /// and retries without backoff (a test that is about backoff sets its own delays and drives the clock).
    /// </summary>
    public static Dictionary<string, string?> For(WireStyle style, Uri baseAddress)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Afilnet:BaseAddress"] = baseAddress.ToString(),
            ["Afilnet:User"] = TestCredentials.User,
            ["Afilnet:Password"] = TestCredentials.Password,
            ["Afilnet:Retry:RetryDelay"] = "00:00:00",
            ["Afilnet:Retry:MaxRetryDelay"] = "00:00:00",
        };
        foreach (var (key, value) in style.Settings)
        {
            settings["Afilnet:" + key] = value;
        }

        return settings;
    }

    /// <summary><see cref="For(WireStyle, Uri)"/> for a style by name, for example <c>HttpGet</c> or <c>BasicAuth-GET</c>.</summary>
    public static Dictionary<string, string?> For(string style, Uri baseAddress) => For(WireStyles.Get(style), baseAddress);

    public void Dispose() => Provider.Dispose();
}
