namespace Afilnet.Testing.Decoding;

/// <summary>
/// What every style decodes to: the call in neutral form. <see cref="User"/> and <see cref="Password"/> are what the
/// request carried (null when absent); a bearer-authenticated call carries none and has <see cref="IsBearer"/> set.
/// </summary>
internal sealed record ApiCall(
    FakeWireStyle Style,
    string Verb,
    string? Class,
    string? Method,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    string? User,
    string? Password,
    bool IsBearer = false)
{
    public string? Get(string name)
    {
        foreach (var parameter in Parameters)
        {
            if (string.Equals(parameter.Key, name, StringComparison.Ordinal))
            {
                return parameter.Value;
            }
        }

        return null;
    }

    public FakeServerRequest ToRequest() => new(Style, Verb, Method, Parameters);
}
