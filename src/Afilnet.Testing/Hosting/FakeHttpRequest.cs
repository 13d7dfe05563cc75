using System.Text;

namespace Afilnet.Testing.Hosting;

/// <summary>A request as the fake sees it, whichever way it came in (WireMock over a socket, or the in-memory handler).</summary>
internal sealed class FakeHttpRequest(string verb, string path, string? rawQuery, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> body)
{
    public string Verb { get; } = verb.ToUpperInvariant();

    /// <summary>The path without its trailing slash, for example <c>/api/http</c>.</summary>
    public string Path { get; } = path.TrimEnd('/');

    public string? RawQuery { get; } = rawQuery;

    public ReadOnlyMemory<byte> Body { get; } = body;

    public string BodyText => Encoding.UTF8.GetString(Body.Span);

    /// <summary>The first value of a header, by case-insensitive name; <see langword="null"/> when absent.</summary>
    public string? Header(string name) => headers.TryGetValue(name, out var value) ? value : null;
}
