using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Security;

public sealed class SecurityLevelTests
{
    public static TheoryData<string, SecurityLevel> StylesAndMinimums()
    {
        var data = new TheoryData<string, SecurityLevel>();
        foreach (var style in WireStyles.All)
        {
            foreach (var level in Enum.GetValues<SecurityLevel>())
            {
                data.Add(style.Name, level);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StylesAndMinimums))]
    public void A_transport_below_the_minimum_is_refused_at_construction(string style, SecurityLevel minimum)
    {
        using var harness = new Harness(style);
        var transport = harness.Transport;
        var options = new ContactsClientOptions { MinimumSecurityLevel = minimum };

        if (transport.SecurityLevel >= minimum)
        {
            Assert.Equal(minimum, new ContactsClient(transport, options).MinimumSecurityLevel);
            return;
        }

        var error = Assert.Throws<ArgumentException>(() => new ContactsClient(transport, options));
        Assert.Contains(transport.Name, error.Message, StringComparison.Ordinal);
        Assert.Contains(transport.SecurityLevel.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains(minimum.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_minimum_accepts_every_transport()
    {
        using var harness = new Harness("HttpGet");
        Assert.Equal(SecurityLevel.Low, new ContactsClient(harness.Transport).MinimumSecurityLevel);
    }
}
