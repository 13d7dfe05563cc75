using System.Text.Json;
using Afilnet.Contacts.Sample;
using Afilnet.Contacts.Tests.FakeServer;
using Afilnet.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.Sample;

/// <summary>`afilnet check` (issue 18): every transport's round trip, its failures with a hint, JSON, Ctrl+C; nothing left behind.</summary>
public sealed partial class SampleAppTests
{
    private static readonly string[] AllTransports = ["HttpGet", "HttpPost", "BasicAuth", "Soap", "OAuth2Json"];
    private static readonly string[] TheirLevels = ["Low", "Medium", "Medium", "MediumHigh", "High"];
    private static readonly string[] RoundTrip = ["creategroup", "addcontact", "getcontact", "modifycontact", "getcontacts", "deletecontact", "deletegroup"];

    [Fact]
    public async Task Check_passes_all_five_transports_against_the_fake_and_leaves_no_group_behind()
    {
        using var fake = AfilnetFakeServer.Start();

        var run = await Run(["check", .. Against(fake)]);

        Assert.Equal(SampleApp.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Error);
        foreach (var (transport, level) in AllTransports.Zip(TheirLevels))
        {
            Assert.Matches($@"│\s*{transport}\s*│\s*{level}\s*│\s*passed\s*│", run.Output);
        }

        Assert.Contains("Recommendation: OAuth2Json (security level High)", run.Output, StringComparison.Ordinal);
        Assert.Contains("it satisfies Afilnet:MinimumSecurityLevel=Low", run.Output, StringComparison.Ordinal);
        AssertNothingLeftBehind(fake, expectedGroups: 5 * 3);
    }

    [Fact]
    public async Task Check_with_a_wrong_client_secret_fails_only_OAuth2Json_with_the_authentication_hint_and_exits_1()
    {
        using var fake = AfilnetFakeServer.Start(new AfilnetFakeServerOptions { Password = Canary, ClientSecret = Canary + "-client" });

        var run = await Run(["check", "--rounds", "1", .. Against(fake), "--Afilnet:ClientSecret=wrong"]);

        Assert.Equal(SampleApp.Failed, run.ExitCode);
        Assert.Equal("error: OAuth2Json failed; the table says what to check.", run.Error.Trim());
        Assert.Matches(@"│\s*OAuth2Json\s*│\s*High\s*│\s*AfilnetAuthenticationException in creategroup: .*check ClientId/ClientSecret", run.Output);
        foreach (var transport in AllTransports[..4])
        {
            Assert.Matches($@"│\s*{transport}\s*│\s*\w+\s*│\s*passed\s*│", run.Output);
        }

        Assert.Contains("Recommendation: Soap (security level MediumHigh)", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("CANARY", run.Output + run.Error, StringComparison.Ordinal);
        AssertNothingLeftBehind(fake, expectedGroups: 4);
    }

    [Fact]
    public async Task Check_below_the_minimum_security_level_says_so_and_a_wrong_password_hints_at_it()
    {
        using var fake = AfilnetFakeServer.Start();

        var run = await Run(["check", "-t", "HttpGet", "-t", "BasicAuth", "--rounds", "1", "--Afilnet:MinimumSecurityLevel=High", .. Against(fake), "--Afilnet:Password=wrong"]);

        Assert.Equal(SampleApp.Failed, run.ExitCode);
        Assert.Matches(@"│\s*HttpGet\s*│\s*Low\s*│\s*AfilnetApiException in creategroup: .*INCORRECT_USER_PASSWORD.*check User/Password", run.Output);
        Assert.Contains("Recommendation: none", run.Output, StringComparison.Ordinal);

        var weak = await Run(["check", "-t", "HttpGet", "--rounds", "1", "--Afilnet:MinimumSecurityLevel=High", .. Against(fake)]);
        Assert.Equal(SampleApp.Ok, weak.ExitCode);
        Assert.Contains("it does NOT satisfy Afilnet:MinimumSecurityLevel=High", weak.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_skips_a_transport_whose_credentials_are_missing_and_names_the_setting()
    {
        using var fake = AfilnetFakeServer.Start();

        // Only the OAuth client is configured: the account transports need User and Password, OAuth2Json runs.
        var run = await Run([
            "check", "--rounds", "1", $"--Afilnet:BaseAddress={fake.BaseAddress}",
            $"--Afilnet:ClientId={fake.ClientId}", $"--Afilnet:ClientSecret={fake.ClientSecret}", "--format", "json"]);

        Assert.Equal(SampleApp.Ok, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var rows = json.RootElement.GetProperty("transports").EnumerateArray().ToDictionary(r => r.GetProperty("transport").GetString()!);
        Assert.Equal("passed", rows["OAuth2Json"].GetProperty("outcome").GetString());
        foreach (var transport in AllTransports[..4])
        {
            Assert.Equal("skipped", rows[transport].GetProperty("outcome").GetString());
            Assert.Contains("Afilnet:", rows[transport].GetProperty("skipped").GetString(), StringComparison.Ordinal);
        }

        // Nothing configured at all for the one transport asked for: a settings error.
        var none = await Run(["check", "-t", "HttpPost", $"--Afilnet:BaseAddress={fake.BaseAddress}"]);
        Assert.Equal(SampleApp.Invalid, none.ExitCode);
        Assert.Matches(@"│\s*HttpPost\s*│\s*Medium\s*│\s*skipped\s*│.*Afilnet:", none.Output);
    }

    [Fact]
    public async Task Check_as_json_parses_with_one_entry_per_transport()
    {
        using var fake = AfilnetFakeServer.Start();

        var run = await Run(["check", "--format", "json", "--rounds", "2", .. Against(fake), "--Afilnet:ClientSecret=wrong"]);

        Assert.Equal(SampleApp.Failed, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.Equal(2, root.GetProperty("rounds").GetInt32());
        var rows = root.GetProperty("transports").EnumerateArray().ToArray();
        Assert.Equal(AllTransports, rows.Select(r => r.GetProperty("transport").GetString()));
        Assert.All(rows[..4], r =>
        {
            Assert.Equal("passed", r.GetProperty("outcome").GetString());
            Assert.Equal(RoundTrip, r.GetProperty("latencyMs").EnumerateObject().Select(p => p.Name));
            Assert.All(r.GetProperty("latencyMs").EnumerateObject(), p => Assert.Equal(2, p.Value.GetProperty("samples").GetInt32()));
        });
        var failure = rows[4].GetProperty("failure");
        Assert.Equal("failed", rows[4].GetProperty("outcome").GetString());
        Assert.Equal("AfilnetAuthenticationException", failure.GetProperty("type").GetString());
        Assert.Equal("creategroup", failure.GetProperty("method").GetString());
        Assert.Contains("ClientId/ClientSecret", failure.GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Equal("Soap", root.GetProperty("recommendation").GetProperty("transport").GetString());
        Assert.True(root.GetProperty("recommendation").GetProperty("satisfiesMinimum").GetBoolean());
    }

    [Fact]
    public async Task Check_keep_leaves_the_groups_and_names_them()
    {
        using var fake = AfilnetFakeServer.Start();

        var run = await Run(["check", "-t", "HttpPost", "--rounds", "2", "--keep", .. Against(fake)]);

        Assert.Equal(SampleApp.Ok, run.ExitCode);
        Assert.Matches(@"passed\s*│\s*kept groups \d+, \d+", run.Output);
        Assert.DoesNotContain("deletegroup", fake.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task Ctrl_c_during_a_check_exits_130_after_deleting_the_group_it_created()
    {
        // The fake holds the first getcontact on a clock that never moves until the check is cancelled.
        using var fake = AfilnetFakeServer.Start(new AfilnetFakeServerOptions { TimeProvider = new FakeTimeProvider() });
        fake.InjectFault(FakeFault.Delayed(TimeSpan.FromDays(1)) with { Method = "getcontact" });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var check = RunWith(["check", .. Against(fake)], null, cts.Token);
        await FaultChecks.WaitForRequestsAsync(fake, 3);
        Assert.False(check.IsCompleted, "getcontact is held by the fake");
        await cts.CancelAsync();
        var run = await check;

        Assert.Equal(SampleApp.Cancelled, run.ExitCode);
        Assert.Equal("error: cancelled; the check's temporary groups were deleted.", run.Error.Trim());
        Assert.Equal(["creategroup", "addcontact", "getcontact", "deletecontact", "deletegroup"], fake.Requests.Select(r => r.Method));
        AssertNothingLeftBehind(fake, expectedGroups: 1);
    }

    /// <summary>Every group the check wrote to was deleted: as many deletegroup as creategroup, for the same ids.</summary>
    private static void AssertNothingLeftBehind(AfilnetFakeServer fake, int expectedGroups)
    {
        var requests = fake.Requests.ToArray();
        Assert.Equal(expectedGroups, requests.Count(r => r.Method == "creategroup"));
        var used = requests.Where(r => r.Method == "addcontact").Select(r => r.Parameter("idgroup")).ToHashSet();
        var deleted = requests.Where(r => r.Method == "deletegroup").Select(r => r.Parameter("idgroup")).ToHashSet();
        Assert.Equal(expectedGroups, deleted.Count);
        Assert.Subset(deleted, used);
    }
}
