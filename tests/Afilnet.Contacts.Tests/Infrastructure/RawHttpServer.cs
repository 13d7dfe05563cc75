using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// A one-shot HTTP server on a raw socket, for what WireMock cannot do: chunked bodies of any size, and connections
/// that break mid-answer. Reads each request completely, then lets the test write (or not write) the answer.
/// </summary>
public sealed class RawHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly ChangeSignal _changed = new();
    private int _requests;

    public RawHttpServer(Func<Stream, Task> answer)
        : this((stream, _) => answer(stream))
    {
    }

    /// <summary>Creates the server; <paramref name="answer"/>'s token is cancelled when the server is disposed.</summary>
    public RawHttpServer(Func<Stream, CancellationToken, Task> answer)
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
                    _changed.Notify();
                    try
                    {
                        await answer(stream, _stopping.Token);
                    }
                    catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }
        });
    }

    public Uri BaseAddress { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Returns once <paramref name="count"/> requests have been read whole, or <paramref name="call"/> has ended.</summary>
    public Task WaitForRequestsAsync(int count, Task? call = null) =>
        _changed.UntilAsync(() => Requests >= count, $"request {count} at the raw server", call);

    /// <summary>Accepts requests and never answers them, until disposed.</summary>
    public static RawHttpServer Hanging() => new((_, stopping) => Task.Delay(Timeout.Infinite, stopping));

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stopping.Dispose();
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
