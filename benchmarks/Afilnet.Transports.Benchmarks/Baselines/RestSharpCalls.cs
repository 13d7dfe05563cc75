using System.Text.Json;
using Afilnet.Transports.Benchmarks.Infrastructure;
using RestSharp;

namespace Afilnet.Transports.Benchmarks.Baselines;

/// <summary>
/// What an integrator would otherwise write with RestSharp for the GET and POST styles: a <see cref="RestRequest"/>
/// built per call with its parameters, executed on a long-lived <see cref="RestClient"/> over the same HttpClient,
/// the body parsed like the hand-written baseline.
/// </summary>
internal sealed class RestSharpCalls : IDisposable
{
    private readonly RestClient _client;
    private readonly Method _method;

    public RestSharpCalls(HttpClient http, Uri baseAddress, WireStyle style)
    {
        if (style is not (WireStyle.HttpGet or WireStyle.HttpPost))
        {
            throw new ArgumentOutOfRangeException(nameof(style), style, "RestSharp rows cover the GET and POST styles.");
        }

        _method = style == WireStyle.HttpGet ? Method.Get : Method.Post;
        _client = new RestClient(http, new RestClientOptions(baseAddress) { UserAgent = "Afilnet.Contacts/0.1.0", ThrowOnAnyError = true }, disposeHttpClient: false);
    }

    public async Task<List<PlainContact>> GetContactsAsync()
    {
        var request = Request("getcontacts").AddParameter("idgroup", HandWritten.GroupId, Type);
        var response = await _client.ExecuteAsync(request);
        using var document = JsonDocument.Parse(response.RawBytes);
        return MinimalParse.JsonContacts(document);
    }

    public async Task<long> CreateGroupAsync()
    {
        var request = Request("creategroup")
            .AddParameter("name", "Newsletter", Type)
            .AddParameter("type", "mobile", Type)
            .AddParameter("fields", "mobile,name", Type);
        var response = await _client.ExecuteAsync(request);
        using var document = JsonDocument.Parse(response.RawBytes);
        return MinimalParse.JsonGroupId(document);
    }

    public void Dispose() => _client.Dispose();

    private ParameterType Type => _method == Method.Get ? ParameterType.QueryString : ParameterType.GetOrPost;

    private RestRequest Request(string method) => new RestRequest("api/http/", _method)
        .AddParameter("class", "group", Type)
        .AddParameter("method", method, Type)
        .AddParameter("user", CannedAnswers.User, Type)
        .AddParameter("password", CannedAnswers.Password, Type);
}
