using System.Diagnostics;
using Afilnet.Contacts.Tests.Conventions;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.OAuth2;

/// <summary>
/// The fleet case with real OS processes: the CLI sample, run four times against one fake token endpoint over OAuth2Json,
/// takes one token with <c>TokenCache:Redis</c> pointing at a shared Redis, and one per process without it.
/// </summary>
public sealed class FleetProcessTests
{
    private const int Processes = 4;

    [Fact]
    public async Task Four_sample_processes_sharing_a_Redis_take_one_token_and_four_without_it()
    {
        using var redis = RedisServer.StartOrSkip();
        using var fake = AfilnetFakeServer.Start();

        for (var i = 0; i < Processes; i++)
        {
            await RunSampleAsync(fake, $"--TokenCache:Redis={redis.ConnectionString}");
        }

        var shared = fake.TokensIssued;
        for (var i = 0; i < Processes; i++)
        {
            await RunSampleAsync(fake);
        }

        Assert.Equal(1, shared);
        Assert.Equal(1 + Processes, fake.TokensIssued);
        Assert.Equal(2 * Processes, fake.Requests.Count(r => r.Method == "creategroup"));
    }

    /// <summary>One run of the sample as a process of its own: `group create` over OAuth2Json against the fake.</summary>
    private static async Task RunSampleAsync(AfilnetFakeServer fake, params string[] extra)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var sample = Path.Combine(ConventionTests.RepositoryRoot(), "samples", "Afilnet.Contacts.Sample", "bin", configuration, "net10.0", "afilnet.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            sample, "group", "create", "Fleet", "--type", "Mobile", "--fields", "mobile", "--transport", "OAuth2Json",
            $"--Afilnet:BaseAddress={fake.BaseAddress}", $"--Afilnet:User={fake.User}", $"--Afilnet:Password={fake.Password}",
            $"--Afilnet:ClientId={fake.ClientId}", $"--Afilnet:ClientSecret={fake.ClientSecret}", "--Afilnet:MinimumSecurityLevel=Low",
        }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, $"the sample exited {process.ExitCode}: {await output} {await error}");
    }
}
