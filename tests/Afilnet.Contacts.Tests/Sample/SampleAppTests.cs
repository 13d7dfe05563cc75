using System.Globalization;
using System.IO.Pipes;
using System.Text;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Sample;
using Afilnet.Contacts.Tests.FakeServer;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Tests.Security;
using Afilnet.Testing;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;

namespace Afilnet.Contacts.Tests.Sample;

/// <summary>The sample CLI run in-process, as a newcomer runs it: against the embedded fake server, no account.</summary>
public sealed partial class SampleAppTests
{
    private const string Canary = "Pw-CANARY-sample-5e1";

    [Theory]
    [MemberData(nameof(WireStyles.Names), MemberType = typeof(WireStyles))]
    public async Task The_tour_walks_all_twelve_methods_and_exits_0(string styleName)
    {
        // A fake of the test's own, so that what arrived can be checked; its password is a canary the output must not show.
        var style = WireStyles.Get(styleName);
        using var fake = AfilnetFakeServer.Start(new AfilnetFakeServerOptions { Password = Canary, ClientSecret = Canary + "-client" });

        var run = await Run(["tour", "--transport", style.Transport.ToString(), $"--Afilnet:BasicAuthVerb={style.Verb}", .. Against(fake)]);

        Assert.Equal(SampleApp.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        Assert.Contains($"over {style.Transport}", run.Output, StringComparison.Ordinal);
        foreach (var method in ApiOperations.All)
        {
            Assert.Contains(method.Name, run.Output, StringComparison.Ordinal);
        }

        Assert.Contains("error NOT_ACCESS_TO_GROUP, as documented", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", run.Output + run.Error, StringComparison.Ordinal);

        // Every call went in the style asked for, BasicAuth's verb included, and every method was called.
        var verb = style.UsesQueryString ? "GET" : "POST";
        Assert.All(fake.Requests, r => Assert.Equal((style.FakeStyle, verb), (r.Style, r.Verb)));
        Assert.Equal(ApiOperations.All.Select(o => o.Name).Order(), fake.Requests.Select(r => r.Method!).Distinct().Order());
    }

    [Fact]
    public async Task No_arguments_runs_the_tour()
    {
        var run = await Run();

        Assert.Equal(SampleApp.Ok, run.ExitCode);
        Assert.Contains("All twelve methods answered.", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HttpGet")]
    [InlineData("OAuth2Json")]
    public async Task Import_of_10000_rows_adds_them_all(string transport)
    {
        var csv = WriteCsv(10_000);
        try
        {
            var run = await Run("import", csv, "--transport", transport);

            Assert.Equal(SampleApp.Ok, run.ExitCode);
            Assert.Contains("Importing 10000 rows", run.Output, StringComparison.Ordinal);
            Assert.Matches(@"│\s*10000\s*│\s*10000\s*│\s*0\s*│\s*0\s*│", run.Output);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Settings_errors_exit_2_with_one_line_naming_the_key_and_no_secret()
    {
        var below = await Run("tour", "--transport", "HttpGet", "--Afilnet:MinimumSecurityLevel=High", $"--Afilnet:Password={Canary}");
        var unknown = await Run("tour", "--Afilnet:Transport=Pigeon");
        var remote = await Run("tour", "--Afilnet:BaseAddress=https://afilnet.invalid/", "--Afilnet:Transport=HttpPost");

        Assert.Equal(SampleApp.Invalid, below.ExitCode);
        Assert.Contains("Afilnet:MinimumSecurityLevel", below.Error, StringComparison.Ordinal);
        Assert.Equal(SampleApp.Invalid, unknown.ExitCode);
        Assert.Contains("Afilnet:Transport", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(SampleApp.Invalid, remote.ExitCode);
        Assert.Contains("Afilnet:Password", remote.Error, StringComparison.Ordinal);
        foreach (var run in new[] { below, unknown, remote })
        {
            Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("CANARY", run.Output + run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_api_error_exits_1_with_the_code()
    {
        var run = await Run("contact", "get", "999", "1");

        Assert.Equal(SampleApp.Failed, run.ExitCode);
        Assert.Contains("NOT_ACCESS_TO_GROUP", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_input_exits_2_before_anything_is_sent()
    {
        var comma = await Run("contact", "add", "1000", "mobile=1", "city=Madrid, Spain");
        var missing = await Run("import", "/no/such/file.csv");

        Assert.Equal(SampleApp.Invalid, comma.ExitCode);
        Assert.Contains("AddContactListAsync", comma.Error, StringComparison.Ordinal);
        Assert.Equal(SampleApp.Invalid, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_method_command_runs_against_the_fake()
    {
        var run = await Run("group", "create", "Shop", "--type", "Email", "--fields", "email,name");

        Assert.Equal(SampleApp.Ok, run.ExitCode);
        Assert.Matches(@"creategroup over HttpGet -> group \d+", run.Output);
    }

    [Fact]
    public async Task Cancelling_an_import_exits_130_with_the_summary()
    {
        // The test's own fake: three batches go through, the fourth is held (on a clock that never moves) until the
        // import is cancelled. No timing is involved: the stop lands exactly during the fourth batch.
        using var fake = AfilnetFakeServer.Start(new AfilnetFakeServerOptions { TimeProvider = new FakeTimeProvider() });
        fake.InjectFault(new FakeFault { Method = "addcontactlist", Times = 3 });
        fake.InjectFault(FakeFault.Delayed(TimeSpan.FromDays(1)) with { Method = "addcontactlist" });
        var csv = WriteCsv(1_000);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        try
        {
            var import = RunWith(["import", csv, "--transport", "HttpGet", "--batch-size", "10", .. Against(fake)], null, cts.Token);
            await FaultChecks.WaitForRequestsAsync(fake, 1 + 4);
            Assert.False(import.IsCompleted, "the fourth batch is held by the fake");
            cts.Cancel();
            var run = await import;

            Assert.Equal(SampleApp.Cancelled, run.ExitCode);
            Assert.Contains("cancelled", run.Error, StringComparison.Ordinal);

            // The summary: 40 read, 30 added (the three batches answered), none skipped or failed, 3 batches.
            Assert.Matches(@"│\s*40\s*│\s*30\s*│\s*0\s*│\s*0\s*│\s*3\s*│", run.Output);
            Assert.Equal(["creategroup", "addcontactlist", "addcontactlist", "addcontactlist", "addcontactlist"], fake.Requests.Select(r => r.Method));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Theory]
    [MemberData(nameof(WireStyles.Names), MemberType = typeof(WireStyles))]
    public async Task A_server_echoing_a_secret_in_any_encoding_never_gets_it_onto_the_console(string styleName)
    {
        // The canary matrix's encodings and carriers (CanaryMatrixTests), through the sample's stdout and stderr.
        var style = WireStyles.Get(styleName);
        using var server = new SampleCanaryServer(style);
        var carriers = CanaryMatrixTests.Carriers.Where(c => !c.OAuthOnly || style.Transport == AfilnetTransportKind.OAuth2Json).ToArray();
        var runs = 0;
        foreach (var encoding in CanaryEncodings.All.Append(CanaryEncodings.UpperCase))
        {
            var carrier = carriers[runs % carriers.Length];
            var secret = style.Secrets[runs % style.Secrets.Count];
            var forms = CanaryEncodings.FormsAlong(secret, [encoding]);
            carrier.Arrange(server, encoding.Apply(secret));
            var run = await Run(
                "group", "delete", "1", "--transport", style.Transport.ToString(), $"--Afilnet:BasicAuthVerb={style.Verb}",
                $"--Afilnet:BaseAddress={server.Fake.BaseAddress}", $"--Afilnet:User={TestCredentials.User}", $"--Afilnet:Password={TestCredentials.Password}",
                "--Afilnet:Retry:MaxRetries=0");
            runs++;

            // The echo was met: the command failed and said so on stderr.
            Assert.Equal(SampleApp.Failed, run.ExitCode);
            Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
            Assert.True(
                CanaryMatrixTests.CanaryRig.Leak(run.Output + run.Error, forms) is null,
                $"{styleName}, {encoding} in {carrier}: the console shows a secret: {run.Output} {run.Error}");
        }

        Assert.Equal(CanaryEncodings.All.Count + 1, runs);
    }

    [Fact]
    public async Task Fake_prints_its_settings_as_arguments_serves_them_and_stops_when_its_input_closes()
    {
        // What run-aot.sh does: the settings line of `fake` handed to another client, then the fake's input closed.
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var input = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle));
        var settings = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = RunWith(["fake"], text => { if (text.StartsWith("--Afilnet:", StringComparison.Ordinal)) settings.TrySetResult(text); }, TestContext.Current.CancellationToken, input);

        if (await Task.WhenAny(settings.Task, fake) == fake)
        {
            var ended = await fake;
            Assert.Fail($"fake ended (exit {ended.ExitCode}) without printing its settings: {ended.Error}");
        }

        var arguments = (await settings.Task).Split(' ');
        Assert.Equal(["BaseAddress", "User", "Password", "ClientId", "ClientSecret"], arguments.Select(a => a["--Afilnet:".Length..a.IndexOf('=', StringComparison.Ordinal)]));
        Assert.StartsWith("--Afilnet:BaseAddress=http://127.0.0.1:", arguments[0], StringComparison.Ordinal);
        var tour = await Run(["tour", "--transport", "OAuth2Json", .. arguments]);
        Assert.Equal(SampleApp.Ok, tour.ExitCode);
        Assert.Contains("All twelve methods answered.", tour.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("embedded fake server", tour.Output, StringComparison.Ordinal);
        Assert.False(fake.IsCompleted, "the fake serves until its input closes");

        pipe.Dispose();
        var run = await fake;

        Assert.Equal(SampleApp.Ok, run.ExitCode);
        Assert.Contains("fake server at http://127.0.0.1:", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A fake for the sample's runs: each run is a new process's client, so a new token request anyway.</summary>
    private sealed class SampleCanaryServer(WireStyle style) : CanaryMatrixTests.ICanaryServer, IDisposable
    {
        public FakeApi Fake { get; } = FakeApi.Start();

        public WireStyle Style => style;

        public void Answer(string body, string contentType, int status)
        {
            Fake.Answer(body, contentType, status);
            style.Prepare(Fake);
        }

        public void Redirect(string location)
        {
            Fake.Server.ResetMappings();
            Fake.Server.Given(WireMock.RequestBuilders.Request.Create().UsingAnyMethod())
                .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(302).WithHeader("Location", location));
            style.Prepare(Fake);
        }

        public void Token(string body, int status, string contentType = "application/json")
        {
            Fake.Answer("""{"status":"SUCCESS"}""");
            OAuth2JsonStyle.MapToken(Fake, body, status, contentType);
        }

        public void Dispose() => Fake.Dispose();
    }

    /// <summary>The settings that point the sample at <paramref name="fake"/> instead of its embedded one.</summary>
    private static string[] Against(AfilnetFakeServer fake) =>
    [
        $"--Afilnet:BaseAddress={fake.BaseAddress}",
        $"--Afilnet:User={fake.User}",
        $"--Afilnet:Password={fake.Password}",
        $"--Afilnet:ClientId={fake.ClientId}",
        $"--Afilnet:ClientSecret={fake.ClientSecret}",
    ];

    private static Task<(int ExitCode, string Output, string Error)> Run(params string[] args) => RunWith(args, null, TestContext.Current.CancellationToken);

    private static async Task<(int ExitCode, string Output, string Error)> RunWith(string[] args, Action<string>? onOutput, CancellationToken cancellationToken, TextReader? input = null, bool redirected = false)
    {
        var output = new WatchedWriter(onOutput);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        IAnsiConsole console;
        if (redirected)
        {
            // As Program.cs builds it when standard output is a file or a pipe.
            console = SampleApp.CreateConsole(output, redirected: true);
        }
        else
        {
            console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = AnsiSupport.No,
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            console.Profile.Width = 240;
        }

        var code = await SampleApp.RunAsync(args, console, error, input, cancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private static string WriteCsv(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"afilnet-sample-{Guid.NewGuid():N}.csv");
        var text = new StringBuilder("mobile,name,city\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"3460{i:0000000},\"Contact {i}, Jr.\",Madrid\n");
        }

        File.WriteAllText(path, text.ToString());
        return path;
    }

    /// <summary>Collects output and lets a test react to what the program writes.</summary>
    private sealed class WatchedWriter(Action<string>? onWrite) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void Write(string? value)
        {
            base.Write(value);
            onWrite?.Invoke(value ?? string.Empty);
        }
    }
}
