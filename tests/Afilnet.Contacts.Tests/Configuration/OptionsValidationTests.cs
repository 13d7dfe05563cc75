using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>Missing or contradictory settings fail when the host starts, naming the key and never a secret.</summary>
public sealed class OptionsValidationTests
{
    private static readonly Uri Remote = new("https://api.example.com/");

    public static TheoryData<string, string[], string[]> BadSettings() => new()
    {
        // description, settings as key=value (empty value removes the key), fragments the message must contain
        { "password missing", ["Afilnet:Password="], ["Afilnet:Password", "HttpPost"] },
        { "user missing", ["Afilnet:User="], ["Afilnet:User"] },
        { "OAuth2Json without any credentials", ["Afilnet:Transport=OAuth2Json", "Afilnet:User=", "Afilnet:Password="], ["Afilnet:User", "Afilnet:ClientId", "Afilnet:ClientSecret"] },
        { "OAuth2Json with a clear-text remote token endpoint", ["Afilnet:Transport=OAuth2Json", "Afilnet:TokenEndpoint=http://auth.example.com/token"], ["Afilnet:", "TokenEndpoint", "AllowInsecureHttp"] },
        { "clear-text http to a remote host", ["Afilnet:BaseAddress=http://api.example.com/"], ["Afilnet:", "BaseAddress", "AllowInsecureHttp", "api.example.com"] },
        { "transport below the minimum level", ["Afilnet:Transport=HttpGet", "Afilnet:MinimumSecurityLevel=Medium"], ["Afilnet:Transport", "HttpGet", "Low", "Afilnet:MinimumSecurityLevel", "Medium"] },
        { "URL limit too small", ["Afilnet:Transport=HttpGet", "Afilnet:MaxUrlLength=10"], ["Afilnet:", "MaxUrlLength"] },
        { "negative retries", ["Afilnet:Retry:MaxRetries=-1"], ["Afilnet:Retry:MaxRetries"] },
        { "an attempt timeout no timer can hold", ["Afilnet:Timeout=100.00:00:00"], ["Afilnet:Timeout"] },
        { "a zero attempt timeout", ["Afilnet:Timeout=00:00:00"], ["Afilnet:Timeout"] },
        { "a backoff cap below the first delay", ["Afilnet:Retry:RetryDelay=00:00:05", "Afilnet:Retry:MaxRetryDelay=00:00:01"], ["Afilnet:Retry:MaxRetryDelay"] },
        { "no answer size", ["Afilnet:MaxResponseBytes=0"], ["Afilnet:MaxResponseBytes"] },
        { "an answer size over 1 GiB, more than WCF buffers", ["Afilnet:Transport=Soap", "Afilnet:MaxResponseBytes=3000000000"], ["Afilnet:MaxResponseBytes", "3000000000", "1073741824"] },
        { "a password no transport can carry", ["Afilnet:Password=a\ud800b"], ["Afilnet:Password", "surrogate"] },
        { "a Soap password XML cannot carry", ["Afilnet:Transport=Soap", "Afilnet:Password=bell\u0007"], ["Afilnet:Password", "XML"] },
        { "BasicAuth GET with a URL limit shorter than its endpoint", ["Afilnet:Transport=BasicAuth", "Afilnet:BasicAuthVerb=Get", "Afilnet:MaxUrlLength=20"], ["Afilnet:MaxUrlLength"] },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Fails_at_start_naming_the_key(string description, string[] overrides, string[] expected)
    {
        var settings = ConfiguredClient.For("HttpPost", Remote);
        foreach (var entry in overrides)
        {
            var (key, value) = (entry[..entry.IndexOf('=', StringComparison.Ordinal)], entry[(entry.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            settings[key] = value.Length == 0 ? null : System.Text.RegularExpressions.Regex.Unescape(value);
        }

        using var host = new ConfiguredClient(settings);

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        foreach (var fragment in expected)
        {
            Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"{description}: '{error.Message}' should contain '{fragment}'");
        }

        Assert.DoesNotContain(TestCredentials.Password, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_transport_name_fails_at_start_naming_the_key()
    {
        var settings = ConfiguredClient.For("HttpPost", Remote);
        settings["Afilnet:Transport"] = "Carrier-Pigeon";
        using var host = new ConfiguredClient(settings);

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        Assert.Equal(["Afilnet:Transport is 'Carrier-Pigeon', which is not a transport; valid values: HttpGet, HttpPost, BasicAuth, Soap, OAuth2Json."], error.Failures);
    }

    [Fact]
    public void Valid_settings_start_and_options_never_print_secrets()
    {
        var settings = ConfiguredClient.For("OAuth2Json", Remote);
        settings["Afilnet:ClientSecret"] = "client-CANARY-secret";
        using var host = new ConfiguredClient(settings);

        host.Start();
        var options = host.Provider.GetRequiredService<IOptions<AfilnetOptions>>().Value;

        Assert.Equal(AfilnetTransportKind.OAuth2Json, options.Transport);
        Assert.Contains("ClientSecret = ***", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", host.Client.ToString(), StringComparison.Ordinal);
        Assert.Contains("OAuth2Json", host.Client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_overrides_appsettings()
    {
        using var host = new ConfiguredClient(ConfiguredClient.For("HttpGet", Remote), ["--Afilnet:Transport=Soap"]);

        host.Start();

        Assert.Equal(AfilnetTransportKind.Soap, host.Client.Transport);
    }

    [Fact]
    public void Environment_variables_use_double_underscores()
    {
        var prefix = $"AFILNET_TEST_{Guid.NewGuid():N}_";
        Environment.SetEnvironmentVariable(prefix + "Afilnet__Transport", "BasicAuth");
        Environment.SetEnvironmentVariable(prefix + "Afilnet__BasicAuthVerb", "get");
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(ConfiguredClient.For("HttpGet", Remote))
                .AddEnvironmentVariables(prefix)
                .Build();
            using var provider = new ServiceCollection().AddAfilnetContacts(configuration.GetSection("Afilnet")).AddSoapTransport().Services.BuildServiceProvider();

            var options = provider.GetRequiredService<IOptions<AfilnetOptions>>().Value;

            Assert.Equal(AfilnetTransportKind.BasicAuth, options.Transport);
            Assert.Equal(BasicAuthVerb.Get, options.BasicAuthVerb);
            Assert.Equal(AfilnetTransportKind.BasicAuth, ((ContactsClient)provider.GetRequiredService<IContactsApi>()).Transport);
        }
        finally
        {
            Environment.SetEnvironmentVariable(prefix + "Afilnet__Transport", null);
            Environment.SetEnvironmentVariable(prefix + "Afilnet__BasicAuthVerb", null);
        }
    }

    [Fact]
    public void Keyed_clients_live_side_by_side()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Development:Transport"] = "HttpGet",
                ["Development:BaseAddress"] = "http://127.0.0.1:9/",
                ["Development:User"] = "dev@example.com",
                ["Development:Password"] = "dev-password",
                ["Production:Transport"] = "OAuth2Json",
                ["Production:User"] = "prod@example.com",
                ["Production:Password"] = "prod-password",
                ["Production:MinimumSecurityLevel"] = "High",
            })
            .Build();
        var services = new ServiceCollection()
            .AddAfilnetContacts("dev", configuration.GetSection("Development")).AddSoapTransport().Services
            .AddAfilnetContacts("prod", configuration.GetSection("Production")).Services;
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var dev = (ContactsClient)provider.GetRequiredKeyedService<IContactsApi>("dev");
        var prod = (ContactsClient)provider.GetRequiredKeyedService<IContactsApi>("prod");

        Assert.Equal(AfilnetTransportKind.HttpGet, dev.Transport);
        Assert.Equal(AfilnetTransportKind.OAuth2Json, prod.Transport);
        Assert.Null(provider.GetService<IContactsApi>());
    }

    [Fact]
    public void Keyed_client_errors_name_its_own_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Clients:Eu:Transport"] = "Soap", ["Clients:Eu:User"] = "u" })
            .Build();
        using var provider = new ServiceCollection().AddAfilnetContacts("eu", configuration.GetSection("Clients:Eu")).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Clients:Eu:Password", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The provider's ranking, as protocol.md section 3 gives it.</summary>
    public static TheoryData<AfilnetTransportKind, SecurityLevel> Ranking() => new()
    {
        { AfilnetTransportKind.HttpGet, SecurityLevel.Low },
        { AfilnetTransportKind.HttpPost, SecurityLevel.Medium },
        { AfilnetTransportKind.BasicAuth, SecurityLevel.Medium },
        { AfilnetTransportKind.Soap, SecurityLevel.MediumHigh },
        { AfilnetTransportKind.OAuth2Json, SecurityLevel.High },
    };

    [Theory]
    [MemberData(nameof(Ranking))]
    public void A_client_reports_its_transport_and_the_providers_security_level(AfilnetTransportKind kind, SecurityLevel level)
    {
        using var client = new ContactsClient(new AfilnetOptions { Transport = kind, User = "u@example.com", Password = "secret-password" }, transports: TestClients.Transports);

        Assert.Equal(kind, client.Transport);
        Assert.Equal(level, client.SecurityLevel);
    }

    [Fact]
    public void The_constructor_names_every_bad_key_at_once_and_no_secret()
    {
        var options = new AfilnetOptions { Transport = AfilnetTransportKind.HttpGet, Password = "Pw-CANARY-ctor", Timeout = TimeSpan.Zero, MaxUrlLength = 5 };

        var error = Assert.Throws<ArgumentException>(() => new ContactsClient(options));

        Assert.Contains("Afilnet:User", error.Message, StringComparison.Ordinal);
        Assert.Contains("Afilnet:Timeout", error.Message, StringComparison.Ordinal);
        Assert.Contains("Afilnet:MaxUrlLength", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", error.ToString(), StringComparison.Ordinal);
    }
}
