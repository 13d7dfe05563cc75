using System.CommandLine;
using System.Net.Sockets;
using System.Security.Cryptography;
using Afilnet.Testing;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// <c>serve</c> (alias <c>fake</c>): the stateful fake server on its own, on 127.0.0.1, for other commands and programs
/// (another terminal's <c>afilnet group create …</c>, the native AOT sample, a script): every transport, the token
/// endpoint included, on one state that lasts until it stops. Prints one line of <c>--Afilnet:…</c> arguments (address
/// and credentials) on standard output and serves until Ctrl+C or until standard input closes.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter output, TextWriter error, TextReader? input)
    {
        var port = new Option<int>("--port", "-p") { Description = "The port on 127.0.0.1; 0 (the default) picks a free one." };
        var user = new Option<string?>("--user") { Description = "The account user (e-mail) it accepts; generated when not given." };
        var password = new Option<string?>("--password") { Description = "The account password it accepts; generated when not given." };
        var clientId = new Option<string?>("--client-id") { Description = "The OAuth2 client id it accepts; generated when not given." };
        var clientSecret = new Option<string?>("--client-secret") { Description = "The OAuth2 client secret it accepts; generated when not given." };
        port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port must be between 0 and 65535");
            }
        });
        var serve = new Command(
            "serve",
            SampleApp.Describe(
                "Run the stateful fake Afilnet server on 127.0.0.1 until Ctrl+C or until standard input closes. It prints its " +
                "address and credentials as one line of --Afilnet: arguments; give them to other commands, in another terminal, " +
                "and they share its groups and contacts over every transport, OAuth2 tokens included.",
                "afilnet serve --port 5080 --user me@example.com --password secret",
                "afilnet group create Customers --fields mobile,name $(cat settings.txt)   # settings.txt: serve's first line"))
        {
            port, user, password, clientId, clientSecret,
        };
        serve.Aliases.Add("fake");
        serve.SetAction(async (p, ct) =>
        {
            AfilnetFakeServer server;
            try
            {
                server = AfilnetFakeServer.Start(new AfilnetFakeServerOptions
                {
                    Port = p.GetValue(port),
                    User = p.GetValue(user) ?? $"user-{Generate(4)}@fake.afilnet.test",
                    Password = p.GetValue(password) ?? Generate(12),
                    ClientId = p.GetValue(clientId) ?? $"client-{Generate(4)}",
                    ClientSecret = p.GetValue(clientSecret) ?? Generate(16),
                });
            }
            catch (SocketException ex)
            {
                await error.WriteLineAsync($"error: cannot listen on 127.0.0.1:{p.GetValue(port)} ({ex.SocketErrorCode}); choose another --port, or 0 for a free one.");
                return SampleApp.Invalid;
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return SampleApp.Invalid;
            }

            using (server)
            {
                string[] arguments =
                [
                    $"--Afilnet:BaseAddress={server.BaseAddress}",
                    $"--Afilnet:User={server.User}",
                    $"--Afilnet:Password={server.Password}",
                    $"--Afilnet:ClientId={server.ClientId}",
                    $"--Afilnet:ClientSecret={server.ClientSecret}",
                ];
                await output.WriteLineAsync(string.Join(' ', arguments));
                await output.FlushAsync(CancellationToken.None);
                await error.WriteLineAsync($"fake server at {server.BaseAddress}; give other commands the --Afilnet: arguments above. Ctrl+C or closing standard input stops it.");
                await error.FlushAsync(CancellationToken.None);

                // Either ends the run: the token (Ctrl+C) or the end of the input (the pipe of a script that has finished).
                // Console.In reads synchronously even when asked asynchronously: off the caller's thread, or Ctrl+C would wait for it.
                var cancelled = Task.Delay(Timeout.Infinite, ct);
                await Task.WhenAny(input is null ? cancelled : Task.Run(() => DrainAsync(input), CancellationToken.None), cancelled);
                // Ctrl+C ends every command with 130, this one included; the end of the input is a script's normal stop.
                await error.WriteLineAsync("fake server stopped.");
                return ct.IsCancellationRequested ? SampleApp.Cancelled : SampleApp.Ok;
            }
        });
        return serve;
    }

    /// <summary>A credential for this run only: letters and digits, never the same twice.</summary>
    private static string Generate(int length) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    private static async Task DrainAsync(TextReader input)
    {
        while (await input.ReadLineAsync() is not null)
        {
        }
    }
}
