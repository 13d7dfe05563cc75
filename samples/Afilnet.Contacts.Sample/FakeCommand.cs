using System.CommandLine;
using Afilnet.Testing;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// <c>fake</c>: the embedded fake server on its own, for another program to call (the native AOT sample, which cannot
/// carry WireMock.Net, or a script). Prints one line of <c>--Afilnet:…</c> arguments (address and credentials) and
/// serves until Ctrl+C or until standard input closes.
/// </summary>
internal static class FakeCommand
{
    public static Command Create(TextWriter output, TextWriter error, TextReader? input)
    {
        var fake = new Command(
            "fake",
            "Run the embedded fake server on 127.0.0.1 until Ctrl+C or until standard input closes; prints its address and " +
            "credentials as one line of --Afilnet: arguments for another program.");
        fake.SetAction(async (_, ct) =>
        {
            using var server = AfilnetFakeServer.Start();
            string[] arguments =
            [
                $"--Afilnet:BaseAddress={server.BaseAddress}",
                $"--Afilnet:User={server.User}",
                $"--Afilnet:Password={server.Password}",
                $"--Afilnet:ClientId={server.ClientId}",
                $"--Afilnet:ClientSecret={server.ClientSecret}",
            ];
            await output.WriteLineAsync(string.Join(' ', arguments));
            await output.FlushAsync(ct);
            await error.WriteLineAsync($"fake server at {server.BaseAddress}; Ctrl+C or closing standard input stops it.");
            await error.FlushAsync(ct);

            // Either ends the run: the token (Ctrl+C) or the end of the input (the pipe of a script that has finished).
            // Console.In reads synchronously even when asked asynchronously: off the caller's thread, or Ctrl+C would wait for it.
            var cancelled = Task.Delay(Timeout.Infinite, ct);
            await Task.WhenAny(input is null ? cancelled : Task.Run(() => DrainAsync(input), CancellationToken.None), cancelled);
            return SampleApp.Ok;
        });
        return fake;
    }

    private static async Task DrainAsync(TextReader input)
    {
        while (await input.ReadLineAsync() is not null)
        {
        }
    }
}
