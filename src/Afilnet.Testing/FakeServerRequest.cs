namespace Afilnet.Testing;

/// <summary>The connection style an API call arrived in (protocol.md section 3).</summary>
public enum FakeWireStyle
{
    /// <summary><c>GET /api/http/</c> with every field in the query.</summary>
    HttpGet,

    /// <summary><c>POST /api/http/</c> with every field in a form body.</summary>
    HttpPost,

    /// <summary><c>/api/basic/</c> with an HTTP Basic header (GET query or POST form body).</summary>
    BasicAuth,

    /// <summary>SOAP 1.1 envelope on <c>POST /api/soap/</c>.</summary>
    Soap,

    /// <summary>JSON body on <c>POST /api/json/</c> with a bearer token.</summary>
    OAuth2Json,
}

/// <summary>One API call the fake received, decoded: enough for a test to check what a client sent.</summary>
/// <param name="Style">The connection style it arrived in.</param>
/// <param name="Verb">The HTTP verb, <c>GET</c> or <c>POST</c>.</param>
/// <param name="Method">The wire method (for example <c>creategroup</c>), or <see langword="null"/> when none could be read.</param>
/// <param name="Parameters">
/// The method's parameters in the order received, decoded; <c>class</c>, <c>method</c>, <c>user</c> and <c>password</c>
/// are not among them. <c>contacts</c> is the JSON text of the array.
/// </param>
public sealed record FakeServerRequest(FakeWireStyle Style, string Verb, string? Method, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary>The value of the parameter named <paramref name="name"/>.</summary>
    /// <param name="name">For example <c>idgroup</c>.</param>
    /// <returns>The first value received under that name, or <see langword="null"/>.</returns>
    public string? Parameter(string name)
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
}
