using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Security;

/// <summary>The provider's security ranking (protocol.md section 3) and the configured minimum, on every transport.</summary>
public sealed class SecurityLevelTests
{
    /// <summary>The ranking as protocol.md section 3 writes it, not as the SDK's catalog holds it.</summary>
    private static readonly Dictionary<AfilnetTransportKind, SecurityLevel> Documented = new()
    {
        [AfilnetTransportKind.HttpGet] = SecurityLevel.Low,
        [AfilnetTransportKind.HttpPost] = SecurityLevel.Medium,
        [AfilnetTransportKind.BasicAuth] = SecurityLevel.Medium,
        [AfilnetTransportKind.Soap] = SecurityLevel.MediumHigh,
        [AfilnetTransportKind.OAuth2Json] = SecurityLevel.High,
    };

    public static TheoryData<string> Styles() => WireStyles.Names();

    public static TheoryData<string, SecurityLevel> StylesAndMinimums() => WireStyles.Times(Enum.GetValues<SecurityLevel>());

    [Theory]
    [MemberData(nameof(Styles))]
    public void Each_transport_has_the_providers_security_level(string name)
    {
        var style = WireStyles.Get(name);

        using var client = TestClients.Create(style, ScriptedHandler.BaseAddress);

        Assert.Equal(style.Transport, client.Transport);
        Assert.Equal(Documented[style.Transport], client.SecurityLevel);
    }

    [Theory]
    [MemberData(nameof(StylesAndMinimums))]
    public void A_transport_below_the_minimum_is_refused_at_construction(string name, SecurityLevel minimum)
    {
        var style = WireStyles.Get(name);
        var level = Documented[style.Transport];

        if (level >= minimum)
        {
            using var client = TestClients.Create(style, ScriptedHandler.BaseAddress, o => o.MinimumSecurityLevel = minimum);
            Assert.Equal(level, client.SecurityLevel);
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => TestClients.Create(style, ScriptedHandler.BaseAddress, o => o.MinimumSecurityLevel = minimum));
        Assert.Contains("Afilnet:MinimumSecurityLevel", error.Message, StringComparison.Ordinal);
        Assert.Contains(style.Transport.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains($"security level {level}", error.Message, StringComparison.Ordinal);
        Assert.Contains(minimum.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_minimum_accepts_every_transport_even_the_lowest()
    {
        Assert.Equal(SecurityLevel.Low, new AfilnetOptions().MinimumSecurityLevel);

        using var client = new ContactsClient(new AfilnetOptions
        {
            Transport = AfilnetTransportKind.HttpGet,
            User = TestCredentials.User,
            Password = TestCredentials.Password,
        });

        Assert.Equal(SecurityLevel.Low, client.SecurityLevel);
    }

    [Fact]
    public void An_undefined_minimum_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TestClients.Create(WireStyles.Get("OAuth2Json"), ScriptedHandler.BaseAddress, o => o.MinimumSecurityLevel = (SecurityLevel)99));

        Assert.Contains("Afilnet:MinimumSecurityLevel", error.Message, StringComparison.Ordinal);
    }
}
