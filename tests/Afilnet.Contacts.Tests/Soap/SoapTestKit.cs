using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Soap;

namespace Afilnet.Contacts.Tests.Soap;

/// <summary>A loopback fake plus a Soap transport and client pointed at it, with options the test may adjust.</summary>
public sealed class SoapRig : IDisposable
{
    public SoapRig(Action<SoapTransportOptions>? configure = null, Uri? baseAddress = null)
    {
        Fake = FakeApi.Start();
        var options = new SoapTransportOptions { BaseAddress = baseAddress ?? Fake.BaseAddress, Credentials = TestCredentials.Create() };
        configure?.Invoke(options);
        Transport = new SoapTransport(options);
        Api = new ContactsClient(Transport);
    }

    public FakeApi Fake { get; }

    public SoapTransport Transport { get; }

    public ContactsClient Api { get; }

    public void AnswerSuccess(ApiOperation operation, string? resultJson)
    {
        var (body, contentType) = new SoapStyle().RenderSuccess(operation, resultJson);
        Fake.Answer(body, contentType);
    }

    public void AnswerXml(string body, int status = 200) => Fake.Answer(body, "text/xml; charset=utf-8", status);

    public void Dispose()
    {
        Transport.Dispose();
        Fake.Dispose();
    }
}

public static class Canary
{
    /// <summary>Asserts the password appears in no form (raw, URL-encoded, XML-escaped, base64) in the exception, inner ones included.</summary>
    public static void AssertClean(Exception error)
    {
        var text = string.Join(
            "\n",
            error.ToString(),
            (error as AfilnetProtocolException)?.ResponseExcerpt,
            (error as AfilnetProtocolException)?.FaultString);
        var password = TestCredentials.Password;
        foreach (var form in new[]
        {
            password, "Pw-CANARY", Uri.EscapeDataString(password), SecurityElement.Escape(password), Convert.ToBase64String(Encoding.UTF8.GetBytes(password)),
        })
        {
            Assert.DoesNotContain(form, text, StringComparison.Ordinal);
        }

        // Neither thrown nor kept as an inner exception: WCF and XML messages may quote the body unscrubbed.
        Assert.False(error.GetType().Namespace!.StartsWith("System", StringComparison.Ordinal), error.GetType().FullName);
        foreach (var raw in new[] { "---> System.ServiceModel.", "---> System.Xml.", "---> System.NullReferenceException" })
        {
            Assert.DoesNotContain(raw, text, StringComparison.Ordinal);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// A one-shot HTTP server on a raw socket, for what WireMock cannot do: chunked bodies of any size, and connections
/// that break mid-answer. Reads each request completely, then lets the test write (or not write) the answer.
/// </summary>
public sealed class RawHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _loop;
    private int _requests;

    public RawHttpServer(Func<Stream, Task> answer)
    {
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(async () =>
        {
            while (true)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using (client)
                {
                    var stream = client.GetStream();
                    await ReadRequestAsync(stream);
                    Interlocked.Increment(ref _requests);
                    await answer(stream);
                }
            }
        });
    }

    public Uri BaseAddress { get; }

    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private static async Task ReadRequestAsync(Stream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!head.TakeLast(4).SequenceEqual("\r\n\r\n"u8.ToArray()) && await stream.ReadAsync(one) == 1)
        {
            head.Add(one[0]);
        }

        var headers = Encoding.ASCII.GetString([.. head]);
        var lengthLine = headers.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body);
    }
}
