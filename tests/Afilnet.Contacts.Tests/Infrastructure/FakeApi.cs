using System.Net;
using System.Net.Sockets;
using System.Text;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;
using WireMock.Types;
using WireMock.Util;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>A WireMock server on 127.0.0.1 and a free port, answering every request with one canned answer.</summary>
public sealed class FakeApi : IDisposable
{
    private FakeApi(WireMockServer server, Uri baseAddress)
    {
        Server = server;
        BaseAddress = baseAddress;
    }

    public WireMockServer Server { get; }

    public Uri BaseAddress { get; }

    /// <summary>Every API call the server received, in order (side requests such as token requests excluded).</summary>
    public IReadOnlyList<IRequestMessage> Requests => [.. AllRequests.Where(IsApiCall)];

    /// <summary>Every request the server received, in order, token requests included.</summary>
    public IReadOnlyList<IRequestMessage> AllRequests => [.. Server.LogEntries.Select(e => e.RequestMessage!)];

    /// <summary>Tells API calls from side requests; every request is an API call unless a wire style says otherwise.</summary>
    public Func<IRequestMessage, bool> IsApiCall { get; set; } = _ => true;

    public static FakeApi Start()
    {
        var port = FreePort();
        var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{port}"], StartAdminInterface = false });
        return new FakeApi(server, new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>Answers every request with <paramref name="body"/>.</summary>
    public void Answer(string body, string contentType = "application/json", int status = 200)
    {
        Server.ResetMappings();
        Server
            .Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", contentType).WithBody(body));
    }

    /// <summary>
    /// Answers the API calls in turn, by counting them (not with WireMock scenarios, whose state changes are not tied
    /// to the order requests arrive in): the first call gets the first answer, and so on; the last answer repeats.
    /// </summary>
    public void AnswerInTurn(params Turn[] answers)
    {
        var calls = 0;
        Server.ResetMappings();
        Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(_ =>
        {
            var answer = answers[Math.Min(Interlocked.Increment(ref calls) - 1, answers.Length - 1)];
            var headers = new Dictionary<string, WireMockList<string>>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = new(answer.ContentType) };
            foreach (var (name, value) in answer.Headers)
            {
                headers[name] = new(value);
            }

            return new ResponseMessage
            {
                StatusCode = answer.Status,
                Headers = headers,
                BodyData = new BodyData { DetectedBodyType = BodyType.Bytes, BodyAsBytes = Encoding.UTF8.GetBytes(answer.Body) },
            };
        }));
    }

    public void Dispose() => Server.Stop();

    /// <summary>One answer of <see cref="AnswerInTurn"/>.</summary>
    public sealed record Turn(int Status, string Body = "", string ContentType = "text/plain", params (string Name, string Value)[] Headers);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
