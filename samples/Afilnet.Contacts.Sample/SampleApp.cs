using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Afilnet.Contacts.Import;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// <c>afilnet</c>, the command line: <c>tour</c> (the default), one command per API method, <c>import</c>, <c>export</c>
/// and <c>serve</c> (the fake server alone, for other commands and programs).
/// Exit codes: 0 done, 1 the API or the server failed, 2 invalid arguments or settings, 130 cancelled.
/// </summary>
public static partial class SampleApp
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Invalid = 2;
    public const int Cancelled = 130;

    /// <summary>
    /// The console the program writes to: a terminal gets colours, animation and its own width; redirected output (a
    /// file, a pipe) gets plain text, no animation and no wrapping, one record per line.
    /// </summary>
    /// <param name="output">Standard output.</param>
    /// <param name="redirected">Whether it is redirected (<see cref="Console.IsOutputRedirected"/>).</param>
    public static IAnsiConsole CreateConsole(TextWriter output, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            // Spectre wraps at the terminal's width, 80 columns when there is none: a file gets lines as long as they are.
            console.Profile.Width = short.MaxValue;
        }

        return console;
    }

    /// <param name="args">The command line.</param>
    /// <param name="console">Where the output goes.</param>
    /// <param name="error">Where the one line of an error goes.</param>
    /// <param name="input">The standard input, whose end stops <c>serve</c>; <see langword="null"/>: only the token stops it.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter error, TextReader? input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(error);

        // "--Afilnet:Key=value" (or "--Afilnet:Key value"), and "--TokenCache:Redis=…", go to configuration, everything
        // else to the parser.
        var (settings, commandLine) = SplitConfigurationArguments(args);
        var transport = new Option<string?>("--transport", "-t")
        {
            Description = "The transport, overriding Afilnet:Transport: HttpGet, HttpPost, BasicAuth, Soap or OAuth2Json.",
            Recursive = true,
        };
        var context = new CommandContext(console, error, settings, transport);

        var root = new RootCommand(Describe(
            "afilnet: the Afilnet Contacts API from the command line. Without Afilnet:BaseAddress every command runs against an " +
            "embedded fake server; settings come from appsettings.json, environment variables (Afilnet__Transport) and " +
            "--Afilnet:Key=value. Exit codes: 0 done, 1 the API failed or rows were not imported, 2 invalid arguments or " +
            "settings, 130 cancelled.",
            "afilnet serve --port 5080",
            "afilnet group create Customers --fields mobile,name,city --Afilnet:BaseAddress=http://127.0.0.1:5080/ …"))
        {
            transport,
        };
        var tour = new Command("tour", Describe("Walk all twelve API methods and show what went on the wire and what came back (the default).", "afilnet tour --transport Soap"));
        tour.SetAction((_, ct) => context.RunAsync(_, Tour.RunAsync, ct));
        root.Add(tour);
        root.SetAction((_, ct) => context.RunAsync(_, Tour.RunAsync, ct));
        root.Add(MethodCommands.Group(context));
        root.Add(MethodCommands.Contact(context));
        root.Add(ImportCommand.Create(context));
        root.Add(ExportCommand.Create(context));
        root.Add(SyncCommand.Create(context));
        root.Add(CheckCommand.Create(context));
        root.Add(ServeCommand.Create(console.Profile.Out.Writer, error, input));

        var parse = root.Parse(commandLine);
        if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
        {
            // A usage error (a missing argument, an unknown command or option, a value that does not parse): exit 2, as
            // documented, on one line that says where the help is.
            var message = string.Join("; ", parse.Errors.Select(e => OneLine().Replace(e.Message, " ").TrimEnd('.')));
            return context.Fail((Invalid, $"{message}. See '{CommandPath(parse.CommandResult)} --help'."));
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = console.Profile.Out.Writer, Error = error }, cancellationToken);
    }

    [GeneratedRegex(@"\s*[\r\n]+\s*")]
    private static partial Regex OneLine();

    internal static string OneLineText(string text) => OneLine().Replace(text, " ");

    /// <summary>A command's description followed by its examples, as <c>--help</c> shows them.</summary>
    internal static string Describe(string description, params string[] examples) =>
        examples.Length == 0
            ? description
            : $"{description}{Environment.NewLine}{Environment.NewLine}Example{(examples.Length > 1 ? "s" : string.Empty)}:{string.Concat(examples.Select(e => $"{Environment.NewLine}  {e}"))}";

    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? result = command; result is not null; result = result.Parent)
        {
            if (result is CommandResult { Command: var c } && c is not RootCommand)
            {
                names.Insert(0, c.Name);
            }
        }

        return string.Join(' ', names.Prepend("afilnet"));
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

    public TextWriter Error => error;

    /// <summary>The <c>--Afilnet:Key=value</c> arguments, for a command that opens sessions of its own.</summary>
    public IReadOnlyList<string> Settings => settings;

    /// <summary>Opens a session, runs <paramref name="body"/>, and turns every failure into one stderr line and an exit code.</summary>
    public Task<int> RunAsync(ParseResult parse, Func<CommandContext, ParseResult, Session, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        GuardAsync(
            async () =>
            {
                await using var session = Session.Open(settings, parse.GetValue(transport));
                return await body(this, parse, session, cancellationToken);
            },
            cancellationToken);

    /// <summary>Runs <paramref name="body"/> (which opens its own sessions) under the same error policy as <see cref="RunAsync"/>.</summary>
    public async Task<int> GuardAsync(Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
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
        catch (UnauthorizedAccessException ex)
        {
            return Fail((SampleApp.Invalid, $"{ex.Message} Choose a file you may write or read."));
        }
        catch (CsvHelper.CsvFormatException ex)
        {
            return Fail((SampleApp.Invalid, $"the CSV cannot be read: {SampleApp.OneLineText(ex.Message)}"));
        }
    }

    public int Fail((int Code, string Message) failure)
    {
        error.WriteLine($"error: {failure.Message}");
        return failure.Code;
    }

    private static (int, string) Invalid(string message) => (SampleApp.Invalid, message);
}
