using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Afilnet.Transports.Benchmarks.Infrastructure;

namespace Afilnet.Transports.Benchmarks.Baselines;

/// <summary>The five wire styles of protocol.md section 3.</summary>
public enum WireStyle
{
    HttpGet,
    HttpPost,
    BasicAuth,
    OAuth2Json,
    Soap,
}

/// <summary>
/// The hand-written minimum per wire style: everything that can be built ahead is (URL, body bytes, header values),
/// so a call is one <see cref="HttpRequestMessage"/>, one send, one read and a minimal parse. It sends the same
/// bytes as the SDK (User-Agent included), so the server does the same work for both.
/// </summary>
internal sealed class HandWritten
{
    public const string SoapNamespace = CannedAnswers.SoapNamespace;
    public const string GroupId = "1000";

    private const string ReadAction = "\"" + SoapNamespace + "getcontacts\"";
    private const string WriteAction = "\"" + SoapNamespace + "creategroup\"";

    private static readonly ProductInfoHeaderValue UserAgent = new("Afilnet.Contacts", "0.1.0");
    private static readonly MediaTypeHeaderValue FormType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
    private static readonly MediaTypeHeaderValue JsonType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    private static readonly MediaTypeHeaderValue XmlType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");

    private readonly HttpClient _http;
    private readonly WireStyle _style;
    private readonly Uri _readUri;
    private readonly Uri _writeUri;
    private readonly byte[]? _readBody;
    private readonly byte[]? _writeBody;
    private readonly MediaTypeHeaderValue? _bodyType;
    private readonly AuthenticationHeaderValue? _authorization;
    private readonly TimeSpan? _perCallTimeout;

    /// <param name="http">The client to send with.</param>
    /// <param name="baseAddress">The server.</param>
    /// <param name="style">The wire style.</param>
    /// <param name="accessToken">The bearer token (OAuth2Json only).</param>
    /// <param name="perCallTimeout">
    /// Null (the strict baseline): no cancellation at all. Otherwise each call gets its own
    /// <see cref="CancellationTokenSource"/> with this delay, passed to the send and the read, as a realistic
    /// hand-written client guards each call.
    /// </param>
    public HandWritten(HttpClient http, Uri baseAddress, WireStyle style, string? accessToken = null, TimeSpan? perCallTimeout = null)
    {
        _http = http;
        _style = style;
        _perCallTimeout = perCallTimeout;
        (string, string)[] read = [("idgroup", GroupId)];
        (string, string)[] write = [("name", "Newsletter"), ("type", "mobile"), ("fields", "mobile,name")];
        switch (style)
        {
            case WireStyle.HttpGet:
                _readUri = new Uri(baseAddress, "api/http/?" + Form("getcontacts", true, read));
                _writeUri = new Uri(baseAddress, "api/http/?" + Form("creategroup", true, write));
                break;
            case WireStyle.HttpPost:
                _readUri = _writeUri = new Uri(baseAddress, "api/http/");
                (_readBody, _writeBody, _bodyType) = (Utf8(Form("getcontacts", true, read)), Utf8(Form("creategroup", true, write)), FormType);
                break;
            case WireStyle.BasicAuth:
                _readUri = _writeUri = new Uri(baseAddress, "api/basic/");
                (_readBody, _writeBody, _bodyType) = (Utf8(Form("getcontacts", false, read)), Utf8(Form("creategroup", false, write)), FormType);
                _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Utf8(CannedAnswers.User + ":" + CannedAnswers.Password)));
                break;
            case WireStyle.OAuth2Json:
                _readUri = _writeUri = new Uri(baseAddress, "api/json/");
                (_readBody, _writeBody, _bodyType) = (Json("getcontacts", read), Json("creategroup", write), JsonType);
                _authorization = new AuthenticationHeaderValue("Bearer", accessToken ?? throw new ArgumentNullException(nameof(accessToken)));
                break;
            case WireStyle.Soap:
                _readUri = _writeUri = new Uri(baseAddress, "api/soap/");
                (_readBody, _writeBody, _bodyType) = (Soap("getcontacts", read), Soap("creategroup", write), XmlType);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(style));
        }
    }

    /// <summary>A hand-written client-credentials token request (client_secret_basic) and its minimal parse.</summary>
    public static async Task<string> FetchTokenAsync(HttpClient http, Uri tokenEndpoint, byte[] tokenBody, AuthenticationHeaderValue clientAuthorization)
    {
        var content = new ByteArrayContent(tokenBody);
        content.Headers.ContentType = FormType;
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenEndpoint) { Content = content };
        request.Headers.Authorization = clientAuthorization;
        request.Headers.UserAgent.Add(UserAgent);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var document = await JsonDocument.ParseAsync(stream);
        return MinimalParse.JsonAccessToken(document);
    }

    public static byte[] TokenBody { get; } = "grant_type=client_credentials"u8.ToArray();

    public static AuthenticationHeaderValue TokenClientAuthorization { get; } = new(
        "Basic", Convert.ToBase64String(Utf8(Uri.EscapeDataString(CannedAnswers.User) + ":" + Uri.EscapeDataString(CannedAnswers.Password))));

    /// <summary>The getcontacts URL (for GET, the whole request).</summary>
    public Uri ReadUri => _readUri;

    /// <summary>The creategroup URL (for GET, the whole request).</summary>
    public Uri WriteUri => _writeUri;

    public Task<List<PlainContact>> GetContactsAsync() => _perCallTimeout is { } timeout ? GetContactsWithTimeoutAsync(timeout) : GetContactsStrictAsync();

    public Task<long> CreateGroupAsync() => _perCallTimeout is { } timeout ? CreateGroupWithTimeoutAsync(timeout) : CreateGroupStrictAsync();

    private async Task<List<PlainContact>> GetContactsWithTimeoutAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var token = deadline.Token;
        if (_style == WireStyle.Soap)
        {
            using var soap = await _http.SendAsync(Build(read: true), token);
            soap.EnsureSuccessStatusCode();
            return MinimalParse.SoapContacts(await soap.Content.ReadAsStreamAsync(token));
        }

        using var response = await _http.SendAsync(Build(read: true), HttpCompletionOption.ResponseHeadersRead, token);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(token);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: token);
        return MinimalParse.JsonContacts(document);
    }

    private async Task<long> CreateGroupWithTimeoutAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var token = deadline.Token;
        if (_style == WireStyle.Soap)
        {
            using var soap = await _http.SendAsync(Build(read: false), token);
            soap.EnsureSuccessStatusCode();
            return MinimalParse.SoapGroupId(await soap.Content.ReadAsStreamAsync(token));
        }

        using var response = await _http.SendAsync(Build(read: false), HttpCompletionOption.ResponseHeadersRead, token);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(token);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: token);
        return MinimalParse.JsonGroupId(document);
    }

    private async Task<List<PlainContact>> GetContactsStrictAsync()
    {
        if (_style == WireStyle.Soap)
        {
            using var soap = await _http.SendAsync(Build(read: true));
            soap.EnsureSuccessStatusCode();
            return MinimalParse.SoapContacts(await soap.Content.ReadAsStreamAsync());
        }

        using var response = await _http.SendAsync(Build(read: true), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var document = await JsonDocument.ParseAsync(stream);
        return MinimalParse.JsonContacts(document);
    }

    private async Task<long> CreateGroupStrictAsync()
    {
        if (_style == WireStyle.Soap)
        {
            using var soap = await _http.SendAsync(Build(read: false));
            soap.EnsureSuccessStatusCode();
            return MinimalParse.SoapGroupId(await soap.Content.ReadAsStreamAsync());
        }

        using var response = await _http.SendAsync(Build(read: false), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var document = await JsonDocument.ParseAsync(stream);
        return MinimalParse.JsonGroupId(document);
    }

    private HttpRequestMessage Build(bool read)
    {
        HttpRequestMessage request;
        if (_style == WireStyle.HttpGet)
        {
            request = new HttpRequestMessage(HttpMethod.Get, read ? _readUri : _writeUri);
        }
        else
        {
            var content = new ByteArrayContent(read ? _readBody! : _writeBody!);
            content.Headers.ContentType = _bodyType;
            request = new HttpRequestMessage(HttpMethod.Post, read ? _readUri : _writeUri) { Content = content };
            if (_style == WireStyle.Soap)
            {
                request.Headers.TryAddWithoutValidation("SOAPAction", read ? ReadAction : WriteAction);
            }
        }

        request.Headers.Authorization = _authorization;
        request.Headers.UserAgent.Add(UserAgent);
        return request;
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static string Form(string method, bool credentials, (string Name, string Value)[] parameters)
    {
        var pairs = new List<(string, string)> { ("class", "group"), ("method", method) };
        if (credentials)
        {
            pairs.Add(("user", CannedAnswers.User));
            pairs.Add(("password", CannedAnswers.Password));
        }

        pairs.AddRange(parameters);
        return string.Join('&', pairs.Select(p => Uri.EscapeDataString(p.Item1) + "=" + Uri.EscapeDataString(p.Item2)));
    }

    private static byte[] Json(string method, (string Name, string Value)[] parameters)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("class", "group");
            writer.WriteString("method", method);
            foreach (var (name, value) in parameters)
            {
                writer.WriteString(name, value);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static byte[] Soap(string method, (string Name, string Value)[] parameters)
    {
        var text = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>")
            .Append('<').Append(method).Append(" xmlns=\"").Append(SoapNamespace).Append("\">")
            .Append("<user>").Append(System.Security.SecurityElement.Escape(CannedAnswers.User)).Append("</user>")
            .Append("<password>").Append(System.Security.SecurityElement.Escape(CannedAnswers.Password)).Append("</password>");
        foreach (var (name, value) in parameters)
        {
            text.Append('<').Append(name).Append('>').Append(System.Security.SecurityElement.Escape(value)).Append("</").Append(name).Append('>');
        }

        return Utf8(text.Append("</").Append(method).Append("></s:Body></s:Envelope>").ToString());
    }
}
