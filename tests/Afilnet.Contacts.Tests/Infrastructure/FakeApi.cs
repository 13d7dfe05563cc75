using System.Net;
using System.Net.Sockets;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

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

    public void Dispose() => Server.Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
