using System.Reflection;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>
/// Issue 13, item 5: every configuration mistake fails when the host starts, with a message that names the key, says
/// what is wrong with the value and gives the valid values; a valid value at the edge of a range works end to end.
/// </summary>
public sealed class ConfigurationMistakeTests
{
    private static readonly Uri Remote = new("https://api.example.com/");

    private const string TimeoutRule = "it must be more than 00:00:00 and at most 1.00:00:00, or -00:00:00.001 (infinite).";
    private const string TotalTimeoutRule = "it must be at least 00:00:00.01 and at most 1.00:00:00, or -00:00:00.001 (infinite).";
    private const string WaitRule = "it must be at least 00:00:00 and at most 1.00:00:00.";

    /// <summary>Key, value, and the whole failure expected for it.</summary>
    public static TheoryData<string, string, string> OutOfRange() => new()
    {
        { "Afilnet:Timeout", "2.00:00:00", $"Afilnet:Timeout is 2.00:00:00; {TimeoutRule}" },
        { "Afilnet:Timeout", "1.00:00:00.0000001", $"Afilnet:Timeout is 1.00:00:00.0000001; {TimeoutRule}" },
        { "Afilnet:Timeout", "00:00:00", $"Afilnet:Timeout is 00:00:00; {TimeoutRule}" },
        { "Afilnet:Timeout", "-00:00:01", $"Afilnet:Timeout is -00:00:01; {TimeoutRule}" },
        { "Afilnet:Retry:TotalTimeout", "00:00:00.009", $"Afilnet:Retry:TotalTimeout is 00:00:00.009; {TotalTimeoutRule}" },
        { "Afilnet:Retry:TotalTimeout", "1.00:00:01", $"Afilnet:Retry:TotalTimeout is 1.00:00:01; {TotalTimeoutRule}" },
        { "Afilnet:Retry:RetryDelay", "-00:00:00.001", $"Afilnet:Retry:RetryDelay is -00:00:00.001; {WaitRule}" },
        { "Afilnet:Retry:MaxRetryDelay", "1.00:00:01", "Afilnet:Retry:MaxRetryDelay is 1.00:00:01; it must be at least Afilnet:Retry:RetryDelay (00:00:00) and at most 1.00:00:00." },
        { "Afilnet:Retry:MaxRetryAfter", "1.00:00:01", $"Afilnet:Retry:MaxRetryAfter is 1.00:00:01; {WaitRule}" },
        { "Afilnet:Retry:MaxRetryAfter", "-00:00:01", $"Afilnet:Retry:MaxRetryAfter is -00:00:01; {WaitRule}" },
        { "Afilnet:Retry:MaxRetries", "101", "Afilnet:Retry:MaxRetries is 101; it must be from 0 to 100 (0 turns retries off)." },
        { "Afilnet:Retry:MaxRetries", "-1", "Afilnet:Retry:MaxRetries is -1; it must be from 0 to 100 (0 turns retries off)." },
        { "Afilnet:MaxUrlLength", "0", "Afilnet:MaxUrlLength is 0; it must be from 1 to 65536." },
        { "Afilnet:MaxUrlLength", "65537", "Afilnet:MaxUrlLength is 65537; it must be from 1 to 65536." },
        { "Afilnet:MaxResponseBytes", "0", "Afilnet:MaxResponseBytes is 0; it must be from 1 to 1073741824 (1 GiB)." },
        { "Afilnet:MaxResponseBytes", "1073741825", "Afilnet:MaxResponseBytes is 1073741825; it must be from 1 to 1073741824 (1 GiB)." },
    };

    /// <summary>Values the binder would throw on, or turn into a mistake; each failure in full.</summary>
    public static TheoryData<string, string, string> Unreadable() => new()
    {
        { "Afilnet:Transport", "OAuth2", "Afilnet:Transport is 'OAuth2', which is not a transport; valid values: HttpGet, HttpPost, BasicAuth, Soap, OAuth2Json." },
        { "Afilnet:Transport", "Carrier-Pigeon", "Afilnet:Transport is 'Carrier-Pigeon', which is not a transport; valid values: HttpGet, HttpPost, BasicAuth, Soap, OAuth2Json." },

        // The binder reads a number, or names joined by commas, as an enumeration value; neither is a transport name.
        { "Afilnet:Transport", "4", "Afilnet:Transport is '4', which is not a transport; valid values: HttpGet, HttpPost, BasicAuth, Soap, OAuth2Json." },
        { "Afilnet:Transport", "HttpGet,Soap", "Afilnet:Transport is 'HttpGet,Soap', which is not a transport; valid values: HttpGet, HttpPost, BasicAuth, Soap, OAuth2Json." },
        { "Afilnet:BasicAuthVerb", "Put", "Afilnet:BasicAuthVerb is 'Put', which is not a BasicAuth verb; valid values: Post, Get." },
        { "Afilnet:MinimumSecurityLevel", "Highest", "Afilnet:MinimumSecurityLevel is 'Highest', which is not a security level; valid values: Low, Medium, MediumHigh, High." },
        { "Afilnet:ClientCredentialStyle", "Basic", $"Afilnet:ClientCredentialStyle is 'Basic', which is not a client authentication style; valid values: {string.Join(", ", Enum.GetNames<OAuth2ClientAuthentication>())}." },
        { "Afilnet:AllowInsecureHttp", "yes", "Afilnet:AllowInsecureHttp is 'yes', which is not a boolean; valid values: true, false." },
        { "Afilnet:Timeout", "abc", $"Afilnet:Timeout is 'abc', which is not a time; write it as [d.]hh:mm:ss[.fff], for example 00:00:30 for 30 seconds; {TimeoutRule}" },
        { "Afilnet:Timeout", "100", $"Afilnet:Timeout is '100', a bare number, which is read as 100 days; write a time as [d.]hh:mm:ss (100.00:00:00 for 100 days, 00:01:40 for 100 seconds); {TimeoutRule}" },

        // One day is within range, but a bare 1 is far more likely meant as a second.
        { "Afilnet:Retry:TotalTimeout", "1", $"Afilnet:Retry:TotalTimeout is '1', a bare number, which is read as 1 day; write a time as [d.]hh:mm:ss (1.00:00:00 for 1 day, 00:00:01 for 1 second); {TotalTimeoutRule}" },
        { "Afilnet:Timeout", "-1", $"Afilnet:Timeout is '-1', a bare number, which is read as days; write a time as [d.]hh:mm:ss; {TimeoutRule}" },
        { "Afilnet:Retry:MaxRetries", "three", "Afilnet:Retry:MaxRetries is 'three', which is not a whole number; it must be from 0 to 100 (0 turns retries off)." },
        { "Afilnet:Retry:MaxRetries", "3000000000", "Afilnet:Retry:MaxRetries is '3000000000', which is not a whole number; it must be from 0 to 100 (0 turns retries off)." },
        { "Afilnet:MaxUrlLength", "4,000", "Afilnet:MaxUrlLength is '4,000', which is not a whole number; it must be from 1 to 65536, and for HttpGet and BasicAuth GET also longer than the endpoint URL." },
        { "Afilnet:MaxResponseBytes", "1e6", "Afilnet:MaxResponseBytes is '1e6', which is not a whole number; it must be from 1 to 1073741824 (1 GiB)." },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    [MemberData(nameof(Unreadable))]
    public void A_mistaken_value_fails_at_start_naming_the_key_the_values_problem_and_the_valid_values(string key, string value, string expected)
    {
        var settings = ConfiguredClient.For("HttpPost", Remote);
        settings[key] = value;
        using var host = new ConfiguredClient(settings);

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        Assert.Equal([expected], error.Failures);
        Assert.DoesNotContain("CANARY", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Afilnet:Transport", " oauth2json ", "Transport = OAuth2Json,")]
    [InlineData("Afilnet:BasicAuthVerb", "GET", "BasicAuthVerb = Get,")]
    [InlineData("Afilnet:MinimumSecurityLevel", "medium", "MinimumSecurityLevel = Medium,")]
    [InlineData("Afilnet:AllowInsecureHttp", "True", "AllowInsecureHttp = True,")]
    [InlineData("Afilnet:Timeout", "0:0:30", "Timeout = 00:00:30,")]
    [InlineData("AFILNET:retry:maxretries", "2", "MaxRetries = 2,")]
    [InlineData("Afilnet:Timeout", "", "Timeout = 00:01:40,")]
    public void Names_in_any_case_and_empty_values_are_read_as_the_binder_reads_them(string key, string value, string expected)
    {
        var settings = ConfiguredClient.For("HttpPost", Remote);
        settings[key] = value;
        using var host = new ConfiguredClient(settings);

        host.Start();

        Assert.Contains(expected, host.Provider.GetRequiredService<IOptions<AfilnetOptions>>().Value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_configuration_instead_of_its_Afilnet_section_says_which_section_to_pass()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(ConfiguredClient.For("HttpPost", Remote))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information", ["AllowedHosts"] = "*" })
            .Build();
        using var provider = new ServiceCollection().AddAfilnetContacts(configuration).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["AddAfilnetContacts was given the configuration root, which is not an Afilnet section: it holds none of the Afilnet settings " +
             "but a section 'Afilnet' that may. Pass configuration.GetSection(\"Afilnet\") instead."],
            error.Failures);
        Assert.DoesNotContain("required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_section_of_something_else_says_it_holds_no_Afilnet_setting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Payments:Provider"] = "x", ["Payments:ApiKey"] = "k-CANARY-key", ["Payments:Region"] = "eu",
                ["Payments:Currency"] = "EUR", ["Payments:Webhook"] = "https://example.com/", ["Payments:Sandbox"] = "true",
            })
            .Build();
        using var provider = new ServiceCollection().AddAfilnetContacts(configuration.GetSection("Payments")).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["AddAfilnetContacts was given the section 'Payments', which is not an Afilnet section: none of its keys " +
             "(ApiKey, Currency, Provider, Region, Sandbox, …) is an Afilnet setting. Pass the section that holds them, usually configuration.GetSection(\"Afilnet\")."],
            error.Failures);
        Assert.DoesNotContain("CANARY", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_parent_section_instead_of_a_keyed_clients_own_names_the_section_below_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Clients:Afilnet:User"] = "u@example.com", ["Clients:Afilnet:Password"] = "pw-CANARY-parent" })
            .Build();
        using var provider = new ServiceCollection().AddAfilnetContacts("eu", configuration.GetSection("Clients")).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("the section 'Clients', which is not an Afilnet section", error.Message, StringComparison.Ordinal);
        Assert.Contains("configuration.GetSection(\"Clients:Afilnet\")", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Keyed_clients_sections_below_the_default_clients_are_left_to_their_own_registrations()
    {
        var settings = ConfiguredClient.For("HttpPost", Remote);
        settings["Afilnet:Eu:Transport"] = "Soap";
        settings["Afilnet:Eu:User"] = "eu@example.com";
        settings["Afilnet:Eu:Pasword"] = "eu-password";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection()
            .AddAfilnetContacts(configuration.GetSection("Afilnet")).AddSoapTransport().Services
            .AddAfilnetContacts("eu", configuration.GetSection("Afilnet:Eu")).Services
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        // Only the keyed client's own typo: the default client's section accepts the nested client section.
        Assert.Equal("eu", error.OptionsName);
        Assert.Equal(["Afilnet:Eu:Pasword is not an Afilnet setting; did you mean Afilnet:Eu:Password?"], error.Failures);
    }

    [Fact]
    public void A_section_holding_only_keyed_clients_sections_says_to_pass_one_of_them()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Afilnet:Eu:Transport"] = "Soap", ["Afilnet:Latam:Transport"] = "HttpGet" })
            .Build();
        using var provider = new ServiceCollection().AddAfilnetContacts(configuration.GetSection("Afilnet")).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["AddAfilnetContacts was given the section 'Afilnet', which is not an Afilnet section: it holds none of the Afilnet settings but the sections " +
             "'Afilnet:Eu', 'Afilnet:Latam', which may be clients of their own. Pass one of them, for example configuration.GetSection(\"Afilnet:Eu\"), and register each by name."],
            error.Failures);
    }

    [Fact]
    public void A_single_value_instead_of_a_section_says_to_pass_the_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ConfiguredClient.For("HttpPost", Remote)).Build();
        using var provider = new ServiceCollection().AddAfilnetContacts(configuration.GetSection("Afilnet:User")).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            ["AddAfilnetContacts was given the section 'Afilnet:User', which is a single value, not a section of Afilnet settings; " +
             "pass the section that holds them, usually configuration.GetSection(\"Afilnet\")."],
            error.Failures);
    }

    /// <summary>An unknown key, and the whole failure expected for it.</summary>
    public static TheoryData<string, string> UnknownKeys() => new()
    {
        { "Afilnet:Pasword", "Afilnet:Pasword is not an Afilnet setting; did you mean Afilnet:Password?" },
        { "Afilnet:Trasnport", "Afilnet:Trasnport is not an Afilnet setting; did you mean Afilnet:Transport?" },

        // A retry setting put directly under the section, and a near miss inside the retry section.
        { "Afilnet:MaxRetries", "Afilnet:MaxRetries is not an Afilnet setting; did you mean Afilnet:Retry:MaxRetries?" },
        { "Afilnet:Retry:MaxRetry", "Afilnet:Retry:MaxRetry is not an Afilnet setting; did you mean Afilnet:Retry:MaxRetries?" },
        { "Afilnet:Retry:Timeout", "Afilnet:Retry:Timeout is not an Afilnet setting; did you mean Afilnet:Timeout?" },
        {
            "Afilnet:Colour",
            "Afilnet:Colour is not an Afilnet setting; valid keys under Afilnet: Transport, BaseAddress, User, Password, ClientId, ClientSecret, " +
            "TokenEndpoint, ClientCredentialStyle, BasicAuthVerb, MinimumSecurityLevel, AllowInsecureHttp, Timeout, MaxUrlLength, MaxResponseBytes, " +
            "Retry:MaxRetries, Retry:RetryDelay, Retry:MaxRetryDelay, Retry:MaxRetryAfter, Retry:TotalTimeout."
        },

        // A name holding a setting's name; the options' static defaults are read-only, so setting one would do nothing.
        { "Afilnet:DefaultTimeout", "Afilnet:DefaultTimeout is not an Afilnet setting; did you mean Afilnet:Timeout?" },
        { "Afilnet:UserName", "Afilnet:UserName is not an Afilnet setting; did you mean Afilnet:User?" },
        { "Afilnet:Timeout:Seconds", "Afilnet:Timeout:Seconds is not an Afilnet setting: Afilnet:Timeout takes a value, not a section." },
        {
            "Afilnet:Retry",
            "Afilnet:Retry is set to a value, but it is the section of the retry settings; set its keys instead: Afilnet:Retry:MaxRetries, " +
            "Afilnet:Retry:RetryDelay, Afilnet:Retry:MaxRetryDelay, Afilnet:Retry:MaxRetryAfter, Afilnet:Retry:TotalTimeout."
        },
    };

    [Theory]
    [MemberData(nameof(UnknownKeys))]
    public void An_unknown_key_fails_at_start_naming_it_and_the_key_it_most_likely_meant(string key, string expected)
    {
        var settings = ConfiguredClient.For("HttpPost", Remote);
        if (key == "Afilnet:Retry")
        {
            // A value only: no retry key beneath it.
            settings.Remove("Afilnet:Retry:RetryDelay");
            settings.Remove("Afilnet:Retry:MaxRetryDelay");
        }

        // What a typo'd key holds is never repeated: here, the password.
        settings[key] = TestCredentials.Password;
        using var host = new ConfiguredClient(settings);

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(expected, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_keyed_clients_unknown_key_is_named_under_its_own_section_with_every_other_problem()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Clients:Eu:User"] = "u@example.com",
                ["Clients:Eu:Pasword"] = "pw",
                ["Clients:Eu:Transport"] = "Rest",
            })
            .Build();
        using var provider = new ServiceCollection().AddAfilnetContacts("eu", configuration.GetSection("Clients:Eu")).Services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal(
            [
                "Clients:Eu:Pasword is not an Afilnet setting; did you mean Clients:Eu:Password?",
                "Clients:Eu:Transport is 'Rest', which is not a transport; valid values: HttpGet, HttpPost, BasicAuth, Soap, OAuth2Json.",
            ],
            error.Failures.Order(StringComparer.Ordinal));
    }

    /// <summary>Keys of every kind of value, each given the password or the client secret by mistake.</summary>
    public static TheoryData<string, string> MisplacedSecrets() => new()
    {
        { "Afilnet:Transport", "client-CANARY-secret" },
        { "Afilnet:BasicAuthVerb", TestCredentials.Password },
        { "Afilnet:AllowInsecureHttp", "client-CANARY-secret" },
        { "Afilnet:Timeout", "client-CANARY-secret" },
        { "Afilnet:Retry:MaxRetries", "client-CANARY-secret" },
        { "Afilnet:BaseAddress", "https://user:pw-CANARY-in-url@[bad" },
    };

    [Theory]
    [MemberData(nameof(MisplacedSecrets))]
    public void A_secret_written_under_the_wrong_key_is_described_by_its_length_never_quoted(string key, string secret)
    {
        var settings = ConfiguredClient.For("OAuth2Json", Remote);
        settings["Afilnet:ClientId"] = "client";
        settings["Afilnet:ClientSecret"] = "client-CANARY-secret";
        settings[key] = secret;
        using var host = new ConfiguredClient(settings);

        var error = Assert.Throws<OptionsValidationException>(host.Start);

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(key + " is ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.Password, error.ToString(), StringComparison.Ordinal);
        Assert.True(failure.Contains($"a value of {secret.Length} characters", StringComparison.Ordinal) || key.EndsWith("BaseAddress", StringComparison.Ordinal), failure);
    }

    /// <summary>Each sets one bad value in configuration and in code: both ways must fail with the same words.</summary>
    private static readonly Dictionary<string, (string Key, string Value, Action<AfilnetOptions> Set)> SameInCode = new()
    {
        ["an attempt timeout over a day"] = ("Afilnet:Timeout", "2.00:00:00", o => o.Timeout = TimeSpan.FromDays(2)),
        ["a total timeout under Polly's 10 ms"] = ("Afilnet:Retry:TotalTimeout", "00:00:00.005", o => o.Retry.TotalTimeout = TimeSpan.FromMilliseconds(5)),
        ["a backoff cap below the first delay"] = ("Afilnet:Retry:MaxRetryDelay", "00:00:00.100", o => (o.Retry.RetryDelay, o.Retry.MaxRetryDelay) = (TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100))),
        ["too many retries"] = ("Afilnet:Retry:MaxRetries", "1000", o => o.Retry.MaxRetries = 1000),
        ["a Retry-After cap over a day"] = ("Afilnet:Retry:MaxRetryAfter", "10.00:00:00", o => o.Retry.MaxRetryAfter = TimeSpan.FromDays(10)),
        ["an answer limit over 1 GiB"] = ("Afilnet:MaxResponseBytes", "3000000000", o => o.MaxResponseBytes = 3_000_000_000),
        ["a URL limit over 64 Ki"] = ("Afilnet:MaxUrlLength", "100000", o => o.MaxUrlLength = 100_000),
    };

    public static TheoryData<string> SameInCodeCases() => new(SameInCode.Keys);

    [Theory]
    [MemberData(nameof(SameInCodeCases))]
    public void The_constructor_fails_with_the_same_message_as_the_host(string mistake)
    {
        var (key, value, set) = SameInCode[mistake];
        var settings = ConfiguredClient.For("HttpGet", Remote);
        settings[key] = value;
        if (key.EndsWith("MaxRetryDelay", StringComparison.Ordinal))
        {
            settings["Afilnet:Retry:RetryDelay"] = "00:00:01";
        }

        using var host = new ConfiguredClient(settings);
        var options = WireStyles.Get("HttpGet").Options(Remote);
        (options.Retry.RetryDelay, options.Retry.MaxRetryDelay) = (TimeSpan.Zero, TimeSpan.Zero);
        set(options);

        var atStart = Assert.Throws<OptionsValidationException>(host.Start);
        var inCode = Assert.Throws<ArgumentException>(() => new ContactsClient(options));

        var failure = Assert.Single(atStart.Failures);
        Assert.StartsWith(key + " is ", failure, StringComparison.Ordinal);
        Assert.Equal($"{failure} (Parameter 'options')", inCode.Message);
    }

    [Fact]
    public void An_enumeration_value_cast_in_code_is_named_with_the_valid_values()
    {
        var options = WireStyles.Get("HttpPost").Options(Remote);
        options.Transport = (AfilnetTransportKind)99;

        var error = Assert.Throws<ArgumentException>(() => new ContactsClient(options));

        Assert.StartsWith("Afilnet:Transport is 99, which is not a transport; valid values: HttpGet, HttpPost, BasicAuth, Soap, OAuth2Json.", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Styles() => WireStyles.Names();

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task The_largest_valid_values_start_and_a_call_succeeds(string wireStyle)
    {
        var style = WireStyles.Get(wireStyle);
        using var fake = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        var (ok, contentType) = style.RenderSuccess("getgroupcolumns", """["mobile"]""");
        fake.Answer(ok, contentType);
        style.Prepare(fake);
        var settings = ConfiguredClient.For(style, fake.BaseAddress);
        settings["Afilnet:Timeout"] = "1.00:00:00";
        settings["Afilnet:MaxUrlLength"] = "65536";
        settings["Afilnet:MaxResponseBytes"] = "1073741824";
        settings["Afilnet:Retry:MaxRetries"] = "100";
        settings["Afilnet:Retry:RetryDelay"] = "1.00:00:00";
        settings["Afilnet:Retry:MaxRetryDelay"] = "1.00:00:00";
        settings["Afilnet:Retry:MaxRetryAfter"] = "1.00:00:00";
        settings["Afilnet:Retry:TotalTimeout"] = "1.00:00:00";
        using var host = new ConfiguredClient(settings);

        host.Start();

        // The timers (one day each, on the host's clock) and Polly's strategies are built and armed by the first call.
        Assert.Equal(["mobile"], await host.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("00:00:00.0000001", "00:00:00.01")]
    [InlineData("-00:00:00.001", "-00:00:00.001")]
    public async Task The_smallest_valid_and_the_infinite_timeouts_start_and_a_call_succeeds(string timeout, string totalTimeout)
    {
        using var fake = FakeApi.Start();
        fake.Answer("""{"status":"SUCCESS","result":["mobile"]}""");
        var settings = ConfiguredClient.For("HttpPost", fake.BaseAddress);
        settings["Afilnet:Timeout"] = timeout;
        settings["Afilnet:Retry:TotalTimeout"] = totalTimeout;
        settings["Afilnet:Retry:MaxRetries"] = "0";
        settings["Afilnet:Retry:MaxRetryAfter"] = "00:00:00";
        using var host = new ConfiguredClient(settings);

        host.Start();

        // Both are armed without complaint (CancellationTokenSource, Polly); on the host's clock, which does not move,
        // even a one-tick attempt timeout leaves the answer time to arrive.
        Assert.Equal(["mobile"], await host.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_Retry_After_of_the_longest_valid_wait_is_waited_for_on_the_host_clock_and_the_read_retried()
    {
        using var fake = FakeApi.Start();
        fake.AnswerInTurn(new(503, "busy", "text/plain", ("Retry-After", "86400")), new(200, """{"status":"SUCCESS","result":["mobile"]}""", "application/json"));
        var settings = ConfiguredClient.For("HttpGet", fake.BaseAddress);
        settings["Afilnet:Timeout"] = "00:01:00";
        settings["Afilnet:Retry:MaxRetryDelay"] = "1.00:00:00";
        settings["Afilnet:Retry:MaxRetryAfter"] = "1.00:00:00";
        settings["Afilnet:Retry:TotalTimeout"] = "-00:00:00.001";
        using var host = new ConfiguredClient(settings);
        host.Start();

        var call = host.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken);

        await host.Time.ElapseAsync(TimeSpan.FromDays(1), call, "the one-day Retry-After wait");
        Assert.Equal(["mobile"], await call);
        Assert.Equal(2, fake.Requests.Count);
    }

    [Fact]
    public void Every_option_is_a_key_the_section_check_knows_with_its_type()
    {
        static IEnumerable<(string, Type)> Settable(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true })
            .Select(p => (p.Name, p.PropertyType))
            .Order();

        Assert.Equal(
            Settable(typeof(AfilnetOptions)).Where(p => p.Item1 != nameof(AfilnetOptions.Retry)),
            ConfigurationCheck.Keys.Select(k => (k.Name, k.Type)).Order());
        Assert.Equal(Settable(typeof(AfilnetRetryOptions)), ConfigurationCheck.RetryKeys.Select(k => (k.Name, k.Type)).Order());
    }
}
