using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>What <see cref="FaultyServer"/> does after it has read (and counted) a whole request.</summary>
public enum RawFault
{
    /// <summary>Resets the connection (RST: linger 0, socket closed without a shutdown).</summary>
    Reset,

    /// <summary>
    /// Closes the connection before any answer byte (FIN; then RST, as a <c>TcpClient</c> with linger 0 does on close).
    /// The client reads end-of-stream: the case in which SocketsHttpHandler resends a body-less request by itself.
    /// </summary>
    CloseBeforeAnswer,

    /// <summary>Writes bytes that are not HTTP, then closes.</summary>
    GarbageThenClose,

    /// <summary>Declares a 5,000-byte body, sends a few bytes of it, then closes.</summary>
    CutMidBody,

    /// <summary>Never answers.</summary>
    Hang,

    /// <summary>Sends the status line and headers, then the body at one byte per second.</summary>
    Drip,

    /// <summary>Holds the answer until <see cref="FaultyServer.Release"/>, then sends it whole.</summary>
    HoldThenAnswer,

    /// <summary>Sends a chunked body that never ends (until the client hangs up).</summary>
    ChunkedForever,

    /// <summary>Answers <c>HTTP/1.1 500</c> with the answer text as its reason phrase and no body.</summary>
    ReasonPhrase,
}

/// <summary>
/// A raw HTTP/1.1 server on 127.0.0.1 for the faults WireMock cannot produce. Serves every connection concurrently,
/// reads each request whole (Content-Length bodies), counts it, then applies the fault. Its own waits (a drip's pace)
/// are in real time: they only keep a connection open; the client's clock is the test's fake one.
/// </summary>
public sealed class FaultyServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly RawFault _fault;
    private readonly string _contentType;
    private readonly List<TcpClient> _clients = [];
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[] _answer;
    private int _requests;

    /// <param name="fault">What to do after each request.</param>
    /// <param name="contentType">The Content-Type of partial answers (CutMidBody, Drip), so each transport reads the body.</param>
    /// <param name="answer">The body <see cref="RawFault.HoldThenAnswer"/> sends, or the reason phrase of <see cref="RawFault.ReasonPhrase"/>.</param>
    public FaultyServer(RawFault fault, string contentType = "application/json", string answer = "")
    {
        _fault = fault;
        _contentType = contentType;
        _answer = Encoding.UTF8.GetBytes(answer);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>Requests read whole so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Lets <see cref="RawFault.HoldThenAnswer"/> send its answers.</summary>
    public void Release() => _released.TrySetResult();

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            lock (_clients)
            {
                _clients.Add(client);
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            if (!await ReadRequestAsync(stream, _stopping.Token))
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            switch (_fault)
            {
                case RawFault.Reset:
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Client.Close();
                    break;
                case RawFault.CloseBeforeAnswer:
                    client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    break;
                case RawFault.GarbageThenClose:
                    await stream.WriteAsync("\u0001\u0002garbage, not HTTP\r\n\r\n<html>"u8.ToArray(), _stopping.Token);
                    client.Close();
                    break;
                case RawFault.CutMidBody:
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {_contentType}\r\nContent-Length: 5000\r\n\r\n{{\"stat"), _stopping.Token);
                    client.Close();
                    break;
                case RawFault.Hang:
                    await Task.Delay(Timeout.Infinite, _stopping.Token);
                    break;
                case RawFault.HoldThenAnswer:
                    await _released.Task.WaitAsync(_stopping.Token);
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {_contentType}\r\nContent-Length: {_answer.Length}\r\nConnection: close\r\n\r\n"), _stopping.Token);
                    await stream.WriteAsync(_answer, _stopping.Token);
                    await stream.FlushAsync(_stopping.Token);
                    break;
                case RawFault.ChunkedForever:
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {_contentType}\r\nTransfer-Encoding: chunked\r\n\r\n"), _stopping.Token);
                    var chunk = Encoding.ASCII.GetBytes("1000\r\n" + new string(' ', 0x1000) + "\r\n");
                    while (true)
                    {
                        await stream.WriteAsync(chunk, _stopping.Token);
                    }

                case RawFault.ReasonPhrase:
                    await stream.WriteAsync(Encoding.UTF8.GetBytes("HTTP/1.1 500 ").Concat(_answer).Concat("\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray()).ToArray(), _stopping.Token);
                    break;
                case RawFault.Drip:
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: {_contentType}\r\nContent-Length: 5000\r\n\r\n"), _stopping.Token);
                    while (true)
                    {
                        await stream.WriteAsync(" "u8.ToArray(), _stopping.Token);
                        await Task.Delay(TimeSpan.FromSeconds(1), _stopping.Token);
                    }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client gave up, or the server is stopping.
        }
    }

    private static async Task<bool> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return false;
            }

            head.Add(one[0]);
        }

        var headers = Encoding.ASCII.GetString([.. head]);
        var lengthLine = headers.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await stream.ReadExactlyAsync(new byte[length], cancellationToken);
        return true;
    }
}
