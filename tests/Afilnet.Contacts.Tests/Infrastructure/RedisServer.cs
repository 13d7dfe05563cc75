using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// A real <c>redis-server</c>, started by a test as its own child process on 127.0.0.1 and a free port, with nothing
/// persisted (<c>--save "" --appendonly no</c>). <see cref="Start"/> returns once the server has logged that it accepts
/// connections; <see cref="StopAsync"/> kills it mid-test, <see cref="Dispose"/> at the end. <c>.ci/run</c> installs
/// Debian's redis-server; where it is not installed, <see cref="StartOrSkip"/> skips the test.
/// </summary>
public sealed class RedisServer : IDisposable
{
    /// <summary>Why a test that needs Redis was skipped.</summary>
    public const string SkipReason = "redis-server is not installed; .ci/run installs it";

    private const string ReadyLine = "Ready to accept connections";

    /// <summary>A freshly taken free port can be taken again before redis-server binds it: then another one.</summary>
    private const int PortAttempts = 3;

    /// <summary>Servers still running, killed when the test host exits without disposing them (a crash, a Ctrl+C).</summary>
    private static readonly ConcurrentDictionary<RedisServer, byte> Running = KilledAtExit();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _openStreams = 2;
    private bool _started;
    private bool _disposed;

    private RedisServer(string executable, int port)
    {
        Port = port;
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[]
                 {
                     "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--bind", "127.0.0.1",
                     "--save", "",
                     "--appendonly", "no",
                     "--daemonize", "no",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
    }

    /// <summary>The port the server listens on, on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>StackExchange.Redis's configuration string for this server: <c>127.0.0.1:Port</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>False once the server has been stopped (or has died).</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>What the server printed so far, for a failing test's message.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The redis-server on PATH, or null.</summary>
    public static string? Executable { get; } = FindOnPath("redis-server");

    /// <summary>Whether a redis-server is on PATH.</summary>
    public static bool IsInstalled => Executable is not null;

    /// <summary>Starts a server, or skips the calling test (xunit v3's <see cref="Assert.Skip"/>) where none is installed.</summary>
    public static RedisServer StartOrSkip()
    {
        if (!IsInstalled)
        {
            Assert.Skip(SkipReason);
        }

        return Start();
    }

    /// <summary>
    /// Starts a server on a free port and returns once it accepts connections.
    /// </summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed, or exited before it was ready.</exception>
    /// <exception cref="TimeoutException">It was not ready within <see cref="ChangeSignal.HangGuard"/>.</exception>
    public static RedisServer Start()
    {
        var executable = Executable ?? throw new InvalidOperationException(SkipReason);
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(executable, FreePort());
            try
            {
                server.Launch();
                return server;
            }
            catch (InvalidOperationException) when (attempt < PortAttempts && server.Output.Contains("Address already in use", StringComparison.Ordinal))
            {
                server.Dispose();
            }
            catch
            {
                server.Dispose();
                throw;
            }
        }
    }

    /// <summary>
    /// Client options for this server that fail a command at once while the server is down
    /// (<see cref="BacklogPolicy.FailFast"/>) instead of queueing it until a timeout. The timeouts are only a guard
    /// against a broken run: nothing waits for them while the server is up.
    /// </summary>
    public ConfigurationOptions ClientOptions()
    {
        var guard = (int)ChangeSignal.HangGuard.TotalMilliseconds / 3;
        return new ConfigurationOptions
        {
            EndPoints = { { IPAddress.Loopback, Port } },
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
            ConnectTimeout = guard,
            SyncTimeout = guard,
            AsyncTimeout = guard,
        };
    }

    /// <summary>Kills the server (its whole process tree) and returns once it has exited: a Redis gone mid-test.</summary>
    public async Task StopAsync()
    {
        Kill();
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(ChangeSignal.HangGuard);
        await _process.WaitForExitAsync(guard.Token);
        Running.TryRemove(this, out _);
    }

    /// <summary>Kills the server if it still runs.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_started)
        {
            Kill();
            _process.WaitForExit(ChangeSignal.HangGuard);
            Running.TryRemove(this, out _);
        }

        _process.Dispose();
    }

    private void Launch()
    {
        _process.Start();
        _started = true;
        Running.TryAdd(this, 0);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Woken by the server's own line (or its exit), not by polling; the guard only ends a hung start.
        if (Task.WaitAny([_ready.Task], ChangeSignal.HangGuard) < 0)
        {
            throw new TimeoutException(
                $"redis-server did not accept connections within {ChangeSignal.HangGuard.TotalSeconds} s:{Environment.NewLine}{Output}");
        }

        _ready.Task.GetAwaiter().GetResult();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            // Both outputs end when the server exits: after their last lines, so the message below has them all.
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _ready.TrySetException(new InvalidOperationException(
                    $"redis-server exited before it accepted connections:{Environment.NewLine}{Output}"));
            }

            return;
        }

        _output.Enqueue(line);
        if (line.Contains(ReadyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Never started, or already exited.
        }
    }

    private static ConcurrentDictionary<RedisServer, byte> KilledAtExit()
    {
        var running = new ConcurrentDictionary<RedisServer, byte>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var server in running.Keys)
            {
                server.Kill();
            }
        };
        return running;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
