using System.Net;
using System.Net.Sockets;
using System.Text;
using Afilnet.Contacts.Tests.Infrastructure;

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

    /// <summary>Sends the status line and headers, then the body at one byte per 100 ms of the test's clock.</summary>
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
/// reads each request whole (Content-Length bodies), counts it, then applies the fault. A drip's pace runs on the
/// test's clock, like the client's timeouts; nothing here waits in real time.
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
    private readonly TimeProvider? _pace;
    private readonly ChangeSignal _changed = new();
    private int _requests;
    private int _reading;

    /// <param name="fault">What to do after each request.</param>
    /// <param name="contentType">The Content-Type of partial answers (CutMidBody, Drip), so each transport reads the body.</param>
    /// <param name="answer">The body <see cref="RawFault.HoldThenAnswer"/> sends, or the reason phrase of <see cref="RawFault.ReasonPhrase"/>.</param>
    /// <param name="pace">The clock of <see cref="RawFault.Drip"/>'s pace (one byte per 100 ms on it); required for Drip.</param>
    public FaultyServer(RawFault fault, string contentType = "application/json", string answer = "", TimeProvider? pace = null)
    {
        if (fault == RawFault.Drip && pace is null)
        {
            throw new ArgumentException("A drip needs the test's clock for its pace.", nameof(pace));
        }

        _fault = fault;
        _pace = pace;
        _contentType = contentType;
        _answer = Encoding.UTF8.GetBytes(answer);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseAddress { get; }

    /// <summary>Requests read whole so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Returns once <paramref name="count"/> requests have been read whole, or <paramref name="call"/> has ended.</summary>
    public Task WaitForRequestsAsync(int count, Task? call = null) =>
        _changed.UntilAsync(() => Requests >= count, $"request {count} at the raw server", call);

    /// <summary>
    /// Returns once every connection the server has accepted has been read through (its request counted, or closed
    /// without one) and none waits to be accepted: from then on <see cref="Requests"/> holds everything the client sent.
    /// </summary>
    public Task SettledAsync() =>
        _changed.UntilAsync(() => Volatile.Read(ref _reading) == 0 && !_listener.Pending(), "reading every request sent to the raw server");

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

            Interlocked.Increment(ref _reading);
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
            bool read;
            try
            {
                read = await ReadRequestAsync(stream, _stopping.Token);
                if (read)
                {
                    Interlocked.Increment(ref _requests);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _reading);
                _changed.Notify();
            }

            if (!read)
            {
                return;
            }

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
                        await Task.Delay(TimeSpan.FromMilliseconds(100), _pace!, _stopping.Token);
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
