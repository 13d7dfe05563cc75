using System.CommandLine;
using Afilnet.Contacts.Import;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// The command line: <c>tour</c> (the default), one command per API method, <c>import</c>, and <c>fake</c> (the fake
/// server alone, for another program).
/// Exit codes: 0 done, 1 the API or the server failed, 2 invalid arguments or settings, 130 cancelled.
/// </summary>
public static class SampleApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Invalid = 2;
    public const int Cancelled = 130;

    /// <param name="args">The command line.</param>
    /// <param name="console">Where the output goes.</param>
    /// <param name="error">Where the one line of an error goes.</param>
    /// <param name="input">The standard input, whose end stops <c>fake</c>; <see langword="null"/>: only the token stops it.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader? input, CancellationToken cancellationToken)
    {
        // "--Afilnet:Key=value" (or "--Afilnet:Key value"), and "--TokenCache:Redis=…", go to configuration, everything
        // else to the parser.
        var (settings, commandLine) = SplitConfigurationArguments(args);
        var transport = new Option<string?>("--transport", "-t")
        {
            Description = "The transport, overriding Afilnet:Transport: HttpGet, HttpPost, BasicAuth, Soap or OAuth2Json.",
            Recursive = true,
        };
        var context = new CommandContext(console, error, settings, transport);

        var root = new RootCommand(
            "Afilnet Contacts SDK sample. Without Afilnet:BaseAddress it runs against an embedded fake server; " +
            "settings come from appsettings.json, environment variables (Afilnet__Transport) and --Afilnet:Key=value.")
        {
            transport,
        };
        var tour = new Command("tour", "Walk all twelve API methods and show what went on the wire and what came back (the default).");
        tour.SetAction((_, ct) => context.RunAsync(_, Tour.RunAsync, ct));
        root.Add(tour);
        root.SetAction((_, ct) => context.RunAsync(_, Tour.RunAsync, ct));
        root.Add(MethodCommands.Group(context));
        root.Add(MethodCommands.Contact(context));
        root.Add(ImportCommand.Create(context));
        root.Add(FakeCommand.Create(console.Profile.Out.Writer, error, input));

        var parse = root.Parse(commandLine);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Profile.Out.Writer, Error = error }, cancellationToken);
    }

    private static (List<string> Settings, List<string> CommandLine) SplitConfigurationArguments(string[] args)
    {
        var settings = new List<string>();
        var commandLine = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--Afilnet:", StringComparison.OrdinalIgnoreCase) || args[i].StartsWith("--TokenCache:", StringComparison.OrdinalIgnoreCase))
            {
                settings.Add(args[i]);
                if (!args[i].Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    settings.Add(args[++i]);
                }
            }
            else
            {
                commandLine.Add(args[i]);
            }
        }

        return (settings, commandLine);
    }
}

/// <summary>What every command needs: where to write, the settings, and one error policy.</summary>
internal sealed class CommandContext(IAnsiConsole console, TextWriter error, IReadOnlyList<string> settings, Option<string?> transport)
{
    public IAnsiConsole Console => console;

    /// <summary>Opens a session, runs <paramref name="body"/>, and turns every failure into one stderr line and an exit code.</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<CommandContext, ParseResult, Session, CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = Session.Open(settings, parse.GetValue(transport));
            return await body(this, parse, session, cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            return Fail(Invalid(string.Join(" ", ex.Failures)));
        }
        catch (InvalidOperationException ex) when (ex.Message.Contains("Afilnet:", StringComparison.Ordinal))
        {
            // A setting the binder could not convert (for example an unknown transport name); the message names the key.
            return Fail(Invalid(ex.Message));
        }
        catch (ArgumentException ex)
        {
            return Fail(Invalid(ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal)));
        }
        catch (ContactImportCanceledException ex)
        {
            ImportCommand.PrintSummary(console, ex.Result);
            return Fail((SampleApp.Cancelled, "cancelled; the summary above says what was imported."));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail((SampleApp.Cancelled, "cancelled."));
        }
        catch (AfilnetException ex)
        {
            // SDK messages are built free of secrets: safe to print as they are.
            return Fail((SampleApp.Failed, ex.Message));
        }
        catch (IOException ex)
        {
            return Fail((SampleApp.Invalid, ex.Message));
        }
    }

    public int Fail((int Code, string Message) failure)
    {
        error.WriteLine($"error: {failure.Message}");
        return failure.Code;
    }

    private static (int, string) Invalid(string message) => (SampleApp.Invalid, message);
}
