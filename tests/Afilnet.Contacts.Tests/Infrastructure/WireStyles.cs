namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// Every transport configuration the tests run against: the five transports, and BasicAuth with its GET verb. This is
/// the only list; every suite that runs per transport takes it from here, and a convention test checks that every
/// <see cref="AfilnetTransportKind"/> and <see cref="BasicAuthVerb"/> is in it.
/// </summary>
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

    /// <summary>The style names, as theory data.</summary>
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var style in All)
        {
            data.Add(style.Name);
        }

        return data;
    }

    /// <summary>Every style with every item of <paramref name="items"/>, as theory data.</summary>
    public static TheoryData<string, T> Times<T>(IEnumerable<T> items)
    {
        var data = new TheoryData<string, T>();
        foreach (var style in All)
        {
            foreach (var item in items)
            {
                data.Add(style.Name, item);
            }
        }

        return data;
    }
}
