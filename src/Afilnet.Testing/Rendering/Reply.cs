using System.Text;

namespace Afilnet.Testing.Rendering;

/// <summary>An HTTP answer before WireMock sends it.</summary>
internal sealed record Reply(int Status, string ContentType, byte[] Body)
{
    public const string Json = "application/json; charset=utf-8";

    public const string Xml = "text/xml; charset=utf-8";

    public const string Text = "text/plain; charset=utf-8";

    /// <summary>Extra headers, for example <c>Retry-After</c> or <c>WWW-Authenticate</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public static Reply Plain(int status, string text) => new(status, Text, Encoding.UTF8.GetBytes(text));
}
