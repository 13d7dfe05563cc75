using Afilnet.Contacts.Transport.Http;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>Every transport the contract suite runs against. A new transport is one line here.</summary>
public static class WireStyles
{
    public static IReadOnlyList<WireStyle> All { get; } =
    [
        new HttpGetStyle(),
        new HttpPostStyle(),
        new BasicAuthStyle(BasicAuthVerb.Post),
        new BasicAuthStyle(BasicAuthVerb.Get),
        new OAuth2JsonStyle(),
        new SoapStyle(),
    ];

    public static WireStyle Get(string name) => All.Single(s => s.Name == name);
}
