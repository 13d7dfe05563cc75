using System.Globalization;
using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Afilnet.Contacts.Sample;
using Afilnet.Contacts.Tests.FakeServer;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.Sample;

/// <summary>The CLI as a tool (issue 16): serve across invocations, export, real-world imports, exit codes, Ctrl+C, redirection.</summary>
public sealed partial class SampleAppTests
{
    [Fact]
    public async Task Serve_on_a_fixed_port_with_given_credentials_keeps_its_state_across_commands()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var input = new StreamReader(new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle));
        var settings = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serve = RunWith(
            ["serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--user", "me@example.com", "--password", "Pw-serve", "--client-id", "cli", "--client-secret", "cli-secret"],
            text => { if (text.StartsWith("--Afilnet:", StringComparison.Ordinal)) settings.TrySetResult(text); },
            TestContext.Current.CancellationToken,
            input);
        if (await Task.WhenAny(settings.Task, serve) == serve)
        {
            var ended = await serve;
            Assert.Fail($"serve ended (exit {ended.ExitCode}) without printing its settings: {ended.Error}");
        }

        var arguments = (await settings.Task).Split(' ');
        Assert.Equal(
            [$"--Afilnet:BaseAddress=http://127.0.0.1:{port}/", "--Afilnet:User=me@example.com", "--Afilnet:Password=Pw-serve", "--Afilnet:ClientId=cli", "--Afilnet:ClientSecret=cli-secret"],
            arguments);

        // Separate invocations, as from another terminal: what one creates, the next sees; the token endpoint serves too.
        var create = await Run(["group", "create", "Shop", "--fields", "mobile,name,city", .. arguments]);
        var columns = await Run(["group", "columns", "1000", "--transport", "OAuth2Json", .. arguments]);
        var add = await Run(["contact", "add", "1000", "mobile=34600000001", "name=Ana", "--transport", "Soap", .. arguments]);
        var list = await Run(["contact", "list", "1000", "--transport", "BasicAuth", .. arguments]);

        Assert.Equal((SampleApp.Ok, "creategroup over HttpGet -> group 1000"), (create.ExitCode, create.Output.Trim()));
        Assert.Equal((SampleApp.Ok, "getgroupcolumns over OAuth2Json -> mobile, name, city"), (columns.ExitCode, columns.Output.Trim()));
        Assert.Equal(SampleApp.Ok, add.ExitCode);
        Assert.Contains("1000 mobile:34600000001,name:Ana", list.Output, StringComparison.Ordinal);
        Assert.False(serve.IsCompleted, "serve serves until its input closes");

        pipe.Dispose();
        var run = await serve;
        Assert.Equal(SampleApp.Ok, run.ExitCode);
        Assert.Contains($"fake server at http://127.0.0.1:{port}/", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_generates_credentials_and_a_taken_port_exits_2_saying_what_to_do()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var busy = await Run("serve", "--port", port.ToString(CultureInfo.InvariantCulture));

        Assert.Equal(SampleApp.Invalid, busy.ExitCode);
        Assert.Equal($"error: cannot listen on 127.0.0.1:{port} (AddressAlreadyInUse); choose another --port, or 0 for a free one.", busy.Error.Trim());

        // Without credentials it makes up its own, different each time, and accepts them.
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var settings = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var serve = RunWith(["serve"], text => { if (text.StartsWith("--Afilnet:", StringComparison.Ordinal)) settings.TrySetResult(text); }, cts.Token);
        var arguments = (await settings.Task).Split(' ');
        Assert.DoesNotContain(arguments, a => a.Contains(AfilnetFakeServerOptions.DefaultPassword, StringComparison.Ordinal));
        var tour = await Run(["tour", "--transport", "OAuth2Json", .. arguments]);
        Assert.Equal(SampleApp.Ok, tour.ExitCode);

        // Ctrl+C stops it, with 130 like every command.
        await cts.CancelAsync();
        Assert.Equal(SampleApp.Cancelled, (await serve).ExitCode);
    }

    [Fact]
    public async Task Export_to_a_file_that_fails_leaves_the_previous_file_and_no_partial_one()
    {
        using var fake = AfilnetFakeServer.Start();
        Assert.Equal(SampleApp.Ok, (await Run(["group", "create", "Shop", "--fields", "mobile,name", .. Against(fake)])).ExitCode);
        Assert.Equal(SampleApp.Ok, (await Run(["contact", "add-list", "1000", "mobile=34600000001;name=Ana", .. Against(fake)])).ExitCode);
        var file = Path.Combine(Path.GetTempPath(), $"afilnet-export-{Guid.NewGuid():N}.csv");
        try
        {
            await File.WriteAllTextAsync(file, "the export of yesterday", TestContext.Current.CancellationToken);
            fake.InjectFault(FakeFault.Status(500) with { Method = "getcontacts" });

            var failed = await Run(["export", "-g", "1000", "--output", file, "--Afilnet:Retry:MaxRetries=0", .. Against(fake)]);

            Assert.NotEqual(SampleApp.Ok, failed.ExitCode);
            Assert.Equal("the export of yesterday", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            Assert.False(File.Exists(file + ".partial"));

            // The same export once the server answers: the file is replaced whole.
            Assert.Equal(SampleApp.Ok, (await Run(["export", "-g", "1000", "--output", file, .. Against(fake)])).ExitCode);
            Assert.Equal("idcontact,mobile,name\r\n1000,34600000001,Ana\r\n", await File.ReadAllTextAsync(file, TestContext.Current.CancellationToken));
            Assert.False(File.Exists(file + ".partial"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Export_writes_the_groups_columns_as_csv_and_json_exactly()
    {
        using var fake = AfilnetFakeServer.Start();
        Assert.Equal(SampleApp.Ok, (await Run(["group", "create", "Shop", "--fields", "mobile,name,city", .. Against(fake)])).ExitCode);
        Assert.Equal(SampleApp.Ok, (await Run(["contact", "add-list", "1000", "mobile=34600000001;name=Chloé \"Cleo\";city=A Coruña", "mobile=34600000002;name=Bruno", .. Against(fake)])).ExitCode);
        var file = Path.Combine(Path.GetTempPath(), $"afilnet-export-{Guid.NewGuid():N}.csv");
        try
        {
            var csv = await Run(["export", "--group", "1000", .. Against(fake)]);
            var json = await Run(["export", "--group", "1000", "--format", "json", .. Against(fake)]);
            var toFile = await Run(["export", "-g", "1000", "--output", file, .. Against(fake)]);

            const string ExpectedCsv = "idcontact,mobile,name,city\r\n1000,34600000001,\"Chloé \"\"Cleo\"\"\",A Coruña\r\n1001,34600000002,Bruno,\r\n";
            Assert.Equal((SampleApp.Ok, ExpectedCsv, string.Empty), csv);
            Assert.Equal(SampleApp.Ok, json.ExitCode);
            Assert.Equal(
                """
                [
                  {
                    "idcontact": 1000,
                    "mobile": "34600000001",
                    "name": "Chloé \"Cleo\"",
                    "city": "A Coruña"
                  },
                  {
                    "idcontact": 1001,
                    "mobile": "34600000002",
                    "name": "Bruno",
                    "city": ""
                  }
                ]

                """.ReplaceLineEndings("\n"),
                json.Output.ReplaceLineEndings("\n"));

            // The file: the same bytes, UTF-8 without a BOM; nothing on stdout but a line on stderr.
            Assert.Equal(SampleApp.Ok, toFile.ExitCode);
            Assert.Equal(new UTF8Encoding(false).GetBytes(ExpectedCsv), await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
            Assert.Equal(string.Empty, toFile.Output);
            Assert.Contains("exported 2 contacts of group 1000", toFile.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Import_of_a_windows_1252_semicolon_csv_maps_its_header_names_every_row_not_added_and_adds_up()
    {
        using var fake = AfilnetFakeServer.Start();
        Assert.Equal(SampleApp.Ok, (await Run(["group", "create", "Shop", "--fields", "mobile,name,city", .. Against(fake)])).ExitCode);
        Assert.Equal(SampleApp.Ok, (await Run(["contact", "add", "1000", "mobile=34699999999", "name=Ya", .. Against(fake)])).ExitCode);
        var csv = Path.Combine(Path.GetTempPath(), $"afilnet-1252-{Guid.NewGuid():N}.csv");
        var report = csv + ".report.csv";
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        await File.WriteAllBytesAsync(
            csv,
            Encoding.GetEncoding(1252).GetBytes(
                "Mobile;Name;City\r\n" +
                "34600000001;José;Málaga\r\n" +
                "\r\n" +
                "34600000002;Zoë;A Coruña\r\n" +
                "34600000001;José bis;Madrid\r\n" +
                ";Nadie;Cádiz\r\n" +
                "+34 699 999 999;Ya otra vez;Sevilla\r\n" +
                "\r\n"),
            TestContext.Current.CancellationToken);
        try
        {
            var run = await Run(["import", csv, "--group", "1000", "--map", "Mobile=mobile", "--report", report, .. Against(fake)]);

            // 5 rows (the blank lines are not rows) = 2 added + 2 skipped (named) + 1 rejected (named); a rejected row exits 1.
            Assert.Equal(SampleApp.Failed, run.ExitCode);
            Assert.Contains("Importing 5 rows from ", run.Output, StringComparison.Ordinal);
            Assert.Contains("(Windows-1252, detected: not valid UTF-8, separator ';') into group 1000", run.Output, StringComparison.Ordinal);
            Assert.Matches(@"│\s*5\s*│\s*2\s*│\s*2\s*│\s*1\s*│\s*1\s*│", run.Output);
            Assert.Contains("5 rows read = 2 added + 2 skipped + 1 rejected", run.Output, StringComparison.Ordinal);
            Assert.Contains("line 5 skipped: duplicate of line 2 (mobile 34600000001)", run.Output, StringComparison.Ordinal);
            Assert.Contains("line 6 rejected: no mobile", run.Output, StringComparison.Ordinal);
            Assert.Contains("line 7 skipped: already in the group (mobile +34 699 999 999)", run.Output, StringComparison.Ordinal);
            Assert.Equal("error: 1 of 5 rows were rejected; " + Path.GetFileName(report) + " lists them.", run.Error.Trim());
            Assert.Equal(
                "line,outcome,reason,Mobile,Name,City\r\n" +
                "5,skipped,duplicate of line 2 (mobile 34600000001),34600000001,José bis,Madrid\r\n" +
                "6,rejected,no mobile,,Nadie,Cádiz\r\n" +
                "7,skipped,already in the group (mobile +34 699 999 999),+34 699 999 999,Ya otra vez,Sevilla\r\n",
                await File.ReadAllTextAsync(report, Encoding.UTF8, TestContext.Current.CancellationToken));

            // The accents arrived as themselves, not as U+FFFD.
            var export = await Run(["export", "--group", "1000", .. Against(fake)]);
            Assert.Equal("idcontact,mobile,name,city\r\n1000,34699999999,Ya,\r\n1001,34600000001,José,Málaga\r\n1002,34600000002,Zoë,A Coruña\r\n", export.Output);

            // The same file, said to be UTF-8: the header still maps, the accents are lost, and the banner says which encoding.
            var utf8 = await Run(["import", csv, "--encoding", "utf-8", "--map", "Mobile=mobile", .. Against(fake)]);
            Assert.Contains("(utf-8, separator ';')", utf8.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csv);
            File.Delete(report);
        }
    }

    [Fact]
    public async Task Import_detects_utf8_with_a_bom_and_a_tab_separator_and_matches_headers_ignoring_case()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"afilnet-bom-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "MOBILE\tName\n34600000001\tJosé\n\n34600000002\tAna\n", new UTF8Encoding(true), TestContext.Current.CancellationToken);
        try
        {
            var run = await Run("import", csv);

            Assert.Equal(SampleApp.Ok, run.ExitCode);
            Assert.Contains("fields mobile,Name", run.Output, StringComparison.Ordinal);
            Assert.Contains("Importing 2 rows from ", run.Output, StringComparison.Ordinal);
            Assert.Contains("(UTF-8 with BOM, detected, separator tab)", run.Output, StringComparison.Ordinal);
            Assert.Contains("2 rows read = 2 added + 0 skipped + 0 rejected", run.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Usage_errors_exit_2_on_one_line_that_says_what_to_do()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"afilnet-usage-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "Tel,Name\n34600000001,Ana\n", TestContext.Current.CancellationToken);
        try
        {
            (string[] Args, string Says)[] cases =
            [
                (["frobnicate"], "See 'afilnet --help'."),
                (["group", "columns"], "See 'afilnet group columns --help'."),
                (["group", "columns", "abc"], "See 'afilnet group columns --help'."),
                (["group", "create", "Shop", "--colour", "red"], "See 'afilnet group create --help'."),
                (["export"], "Option '--group' is required"),
                (["export", "--group", "1000", "--format", "xml"], "See 'afilnet export --help'."),
                (["import"], "See 'afilnet import --help'."),
                (["import", csv, "--batch-size", "0"], "--batch-size must be at least 1"),
                (["import", csv, "--encoding", "klingon"], "use --encoding auto, utf-8, windows-1252"),
                (["import", csv, "--map", "Tel"], "is not Header=column; for example --map \"Mobile=mobile\""),
                (["import", csv], "add --map \"<header>=mobile\""),
                (["serve", "--port", "70000"], "--port must be between 0 and 65535"),
            ];
            foreach (var (args, says) in cases)
            {
                var run = await Run(args);

                Assert.True(SampleApp.Invalid == run.ExitCode, $"{string.Join(' ', args)}: exit {run.ExitCode}, {run.Error}");
                Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
                Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
                Assert.Contains(says, run.Error, StringComparison.Ordinal);
            }

            // Against a group: a column it does not have, named with the way out.
            using var fake = AfilnetFakeServer.Start();
            await Run(["group", "create", "Shop", "--fields", "mobile,name", .. Against(fake)]);
            var unmatched = await Run(["import", csv, "--group", "1000", .. Against(fake)]);
            Assert.Equal(SampleApp.Invalid, unmatched.ExitCode);
            Assert.Equal("error: the CSV column 'Tel' matches no column of group 1000 (mobile, name); map it with --map \"Tel=<column>\", or leave it out with --map \"Tel=\".", unmatched.Error.Trim());
            Assert.Equal(SampleApp.Ok, (await Run(["import", csv, "--group", "1000", "--map", "tel=mobile", .. Against(fake)])).ExitCode);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Help_on_every_command_shows_an_example_and_exits_0()
    {
        string[][] commands =
        [
            [], ["tour"], ["import"], ["export"], ["serve"], ["group"], ["contact"],
            ["group", "create"], ["group", "columns"], ["group", "add-column"], ["group", "delete-column"], ["group", "delete"], ["group", "country"],
            ["contact", "list"], ["contact", "get"], ["contact", "add"], ["contact", "add-list"], ["contact", "modify"], ["contact", "delete"],
        ];
        foreach (var command in commands)
        {
            var run = await Run([.. command, "--help"]);

            Assert.Equal(SampleApp.Ok, run.ExitCode);
            Assert.Contains("Example", run.Output, StringComparison.Ordinal);
            Assert.Contains($"afilnet {string.Join(' ', command)}".TrimEnd(), run.Output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task Ctrl_c_at_any_batch_of_an_import_exits_130_with_the_partial_summary(int answered)
    {
        // The fake answers `answered` batches and holds the next on a clock that never moves until the import is
        // cancelled: the stop lands during batch answered + 1, whichever it is, with no timing involved.
        using var fake = AfilnetFakeServer.Start(new AfilnetFakeServerOptions { TimeProvider = new FakeTimeProvider() });
        if (answered > 0)
        {
            fake.InjectFault(new FakeFault { Method = "addcontactlist", Times = answered });
        }

        fake.InjectFault(FakeFault.Delayed(TimeSpan.FromDays(1)) with { Method = "addcontactlist" });
        var csv = WriteCsv(100);
        var report = csv + ".report.csv";
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        try
        {
            var import = RunWith(["import", csv, "--batch-size", "10", "--report", report, .. Against(fake)], null, cts.Token);
            await FaultChecks.WaitForRequestsAsync(fake, 1 + answered + 1);
            await cts.CancelAsync();
            var run = await import;

            var read = 10 * (answered + 1);
            var added = 10 * answered;
            Assert.Equal(SampleApp.Cancelled, run.ExitCode);
            Assert.Equal("error: cancelled; the summary above says what was imported.", run.Error.Trim());
            Assert.Matches($@"│\s*{read}\s*│\s*{added}\s*│\s*0\s*│\s*0\s*│\s*{answered}\s*│", run.Output);
            Assert.Contains($"{read} rows read = {added} added + 0 skipped + 0 rejected + 10 not confirmed", run.Output, StringComparison.Ordinal);
            Assert.Equal("line,outcome,reason,mobile,name,city\r\n", await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
        }
        finally
        {
            File.Delete(csv);
            File.Delete(report);
        }
    }

    [Fact]
    public async Task Ctrl_c_before_the_first_batch_exits_130_with_an_empty_summary()
    {
        // Held while it reads the group's contacts (to name those already there), before a row is sent.
        using var fake = AfilnetFakeServer.Start(new AfilnetFakeServerOptions { TimeProvider = new FakeTimeProvider() });
        await Run(["group", "create", "Shop", "--fields", "mobile,name,city", .. Against(fake)]);
        fake.InjectFault(FakeFault.Delayed(TimeSpan.FromDays(1)) with { Method = "getcontacts" });
        var csv = WriteCsv(10);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        try
        {
            var import = RunWith(["import", csv, "--group", "1000", .. Against(fake)], null, cts.Token);
            await FaultChecks.WaitForRequestsAsync(fake, 3);
            await cts.CancelAsync();
            var run = await import;

            Assert.Equal(SampleApp.Cancelled, run.ExitCode);
            Assert.Contains("0 rows read = 0 added + 0 skipped + 0 rejected", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("addcontactlist", fake.Requests.Select(r => r.Method));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public void Ctrl_c_pressed_many_times_from_many_threads_and_after_the_end_never_throws()
    {
        // The old Program.cs disposed its CancellationTokenSource while Console.CancelKeyPress could still fire: exit 134.
        for (var round = 0; round < 50; round++)
        {
            var interrupt = new Interrupt();
            using var registration = interrupt.Token.Register(() => throw new InvalidOperationException("a callback that fails"));
            var firsts = 0;
            Parallel.For(0, 8, _ =>
            {
                if (interrupt.Press())
                {
                    Interlocked.Increment(ref firsts);
                }
            });

            Assert.Equal(1, firsts);
            Assert.True(interrupt.Token.IsCancellationRequested);
            Assert.Equal(8, interrupt.Presses);
            Assert.False(interrupt.Press(), "a later press lets the process end");
        }
    }

    [Fact]
    public async Task Redirected_output_has_no_wrapping_no_animation_and_no_escape_codes()
    {
        using var fake = AfilnetFakeServer.Start();
        var name = string.Concat(Enumerable.Repeat("Very long name ", 20)).TrimEnd();
        await Run(["group", "create", "Shop", "--fields", "mobile,name,city", .. Against(fake)]);
        await Run(["contact", "add", "1000", "mobile=34600000001", $"name={name}", .. Against(fake)]);
        var csv = WriteCsv(30);
        try
        {
            var list = await RunWith(["contact", "list", "1000", .. Against(fake)], null, TestContext.Current.CancellationToken, redirected: true);
            var import = await RunWith(["import", csv, "--group", "1000", "--batch-size", "10", .. Against(fake)], null, TestContext.Current.CancellationToken, redirected: true);

            Assert.Equal(SampleApp.Ok, list.ExitCode);
            Assert.Equal(["getcontacts over HttpGet -> 1 contacts", $"  1000 mobile:34600000001,name:{name}"], list.Output.TrimEnd().Split(Environment.NewLine));
            Assert.Equal(SampleApp.Ok, import.ExitCode);
            var banner = import.Output.Split(Environment.NewLine)[0];
            Assert.StartsWith("Importing 30 rows from ", banner, StringComparison.Ordinal);
            Assert.EndsWith($"against {fake.BaseAddress}", banner, StringComparison.Ordinal);
            Assert.DoesNotContain('\u001b', list.Output + import.Output);
            Assert.DoesNotContain("%", import.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Sync_plans_in_a_dry_run_then_makes_the_group_match_the_file_and_a_second_run_has_nothing_to_do()
    {
        using var fake = AfilnetFakeServer.Start();
        await Run(["group", "create", "Shop", "--fields", "mobile,name", .. Against(fake)]);
        await Run(["contact", "add", "1000", "mobile=34600000001", "name=Old name", .. Against(fake)]);
        await Run(["contact", "add", "1000", "mobile=34600000009", "name=Gone", .. Against(fake)]);
        var csv = Path.Combine(Path.GetTempPath(), $"afilnet-sync-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(csv, "Mobile;Name\n+34 600 000 001;New name\n34600000002;Bea\n\n34600000003;Carl\n34600000002;Twice\n", TestContext.Current.CancellationToken);
        try
        {
            var plan = await RunWith(["sync", csv, "--group", "1000", "--dry-run", "--delete-missing", .. Against(fake)], null, TestContext.Current.CancellationToken, redirected: true);
            var before = fake.Requests.Count(r => r.Method is "addcontactlist" or "modifycontact" or "deletecontact");
            var run = await RunWith(["sync", csv, "--group", "1000", "--delete-missing", .. Against(fake)], null, TestContext.Current.CancellationToken, redirected: true);
            var again = await RunWith(["sync", csv, "--group", "1000", "--delete-missing", "--dry-run", .. Against(fake)], null, TestContext.Current.CancellationToken, redirected: true);
            var export = await Run(["export", "--group", "1000", .. Against(fake)]);

            // The plan: 2 adds, 1 modification (the same mobile spelt another way), 1 deletion, and the duplicate row rejected.
            Assert.Equal(SampleApp.Failed, plan.ExitCode);
            Assert.Matches(@"│\s*4\s*│\s*2\s*│\s*1\s*│\s*1\s*│\s*0\s*│\s*1\s*│", plan.Output);
            Assert.Contains("rejected", plan.Output, StringComparison.Ordinal);
            Assert.Equal(0, before);
            Assert.Equal(SampleApp.Failed, run.ExitCode);
            Assert.Contains("The group matches the file.", run.Output, StringComparison.Ordinal);
            Assert.Contains("row 3 Reject: row 1 has the same mobile", run.Output, StringComparison.Ordinal);
            Assert.Matches(@"│\s*4\s*│\s*0\s*│\s*0\s*│\s*0\s*│\s*3\s*│\s*1\s*│", again.Output);
            Assert.Contains("Dry run: nothing was written.", again.Output, StringComparison.Ordinal);
            Assert.Equal(
                ["idcontact,mobile,name", "1000,34600000001,New name", "1002,34600000002,Bea", "1003,34600000003,Carl"],
                export.Output.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
