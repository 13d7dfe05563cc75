using System.Net;
using System.Text;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// An in-memory server for tests that script their answers: each request the SDK sends (after its HTTP policy) is
/// recorded with its body, and answered by the script. No socket; give it to the client as its handler.
/// </summary>
public sealed class ScriptedHandler(Func<ScriptedHandler.Received, HttpResponseMessage> answer) : HttpMessageHandler
{
    private readonly List<Received> _calls = [];

    /// <summary>Where a client of the handler points: nothing listens there.</summary>
    public static Uri BaseAddress { get; } = new("https://scripted.afilnet.test/");

    public IReadOnlyList<Received> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>A JSON answer.</summary>
    public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>A bare status with a short text body.</summary>
    public static HttpResponseMessage Status(int status) =>
        new((HttpStatusCode)status) { Content = new StringContent($"HTTP {status}", Encoding.UTF8, "text/plain") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Received call;
        lock (_calls)
        {
            call = new Received(_calls.Count, request, body);
            _calls.Add(call);
        }

        var response = answer(call);
        response.RequestMessage = request;
        return response;
    }

    /// <summary>One request as the handler received it.</summary>
    /// <param name="Index">Its position, from 0.</param>
    /// <param name="Request">The request.</param>
    /// <param name="Body">Its body, read as text.</param>
    public sealed record Received(int Index, HttpRequestMessage Request, string Body)
    {
        /// <summary>The body's form fields (HttpPost, BasicAuth POST), decoded.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Form => FormText.Parse(Body);

        /// <summary>The value of a form field of the body.</summary>
        public string Field(string name) => Form.First(f => f.Key == name).Value;
    }
}
