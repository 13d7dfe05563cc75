using System.Text;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>
/// Credentials rotated in configuration while the host runs are used by the next call, on every transport, without a
/// restart; a rotated client secret retires the cached token. Other changes are logged once as needing a restart, and
/// an invalid change leaves the running client as it was.
/// </summary>
public sealed class RollingCredentialsTests
{
    private const string Rotated = "Rotated-Pw-2026-12";

    public static TheoryData<string> Styles() => WireStyles.Names();

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task A_rotated_password_is_used_by_the_next_call_without_a_restart(string styleName)
    {
        var style = WireStyles.Get(styleName);
        using var fake = FakeApi.Start();
        var (body, type) = style.RenderSuccess("deletegroup", null);
        fake.Answer(body, type);
        style.Prepare(fake);
        using var host = new ConfiguredClient(ConfiguredClient.For(style, fake.BaseAddress));
        host.Start();
        var ct = TestContext.Current.CancellationToken;
        await host.Api.DeleteGroupAsync(new GroupId(1), ct);
        var before = fake.AllRequests.Count;

        host.Configuration["Afilnet:Password"] = Rotated;
        host.Configuration.Reload();
        await host.Api.DeleteGroupAsync(new GroupId(2), ct);

        var after = fake.AllRequests.Skip(before).ToList();
        Assert.All(fake.AllRequests.Take(before), r => Assert.False(Carries(r, Rotated), "the first call used the new password"));
        if (style.Transport == AfilnetTransportKind.OAuth2Json)
        {
            // The password is the client secret here: the cached token was issued for the old one, so a new one is asked for.
            Assert.Equal([OAuth2JsonStyle.TokenPath, "/api/json/"], after.Select(r => r.Path));
            Assert.True(Carries(after[0], Rotated), "the token request carries the rotated client secret");
        }
        else
        {
            Assert.True(Carries(Assert.Single(after), Rotated), "the call after the change carries the rotated password");
        }

        Assert.Same(host.Api, host.Provider.GetRequiredService<IContactsApi>());
    }

    [Fact]
    public async Task A_change_only_a_restart_can_apply_is_logged_once_and_an_invalid_one_leaves_the_client_as_it_was()
    {
        var logs = new ListLoggerProvider();
        using var fake = FakeApi.Start();
        fake.Answer("""{"status":"SUCCESS"}""");
        using var host = new ConfiguredClient(ConfiguredClient.For("HttpPost", fake.BaseAddress), extra: s => s.AddLogging(b => b.AddProvider(logs)));
        host.Start();
        _ = host.Api;

        host.Configuration["Afilnet:Transport"] = "HttpGet";
        host.Configuration.Reload();
        host.Configuration.Reload();
        host.Configuration["Afilnet:Password"] = string.Empty;

        // The options monitor validates a reloaded configuration itself and throws to whoever reloaded it, naming the key.
        var invalid = Assert.Throws<AggregateException>(host.Configuration.Reload);
        await host.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken);

        Assert.Single(logs.Lines, l => l.Contains("only after a restart: Afilnet:Transport", StringComparison.Ordinal));
        Assert.Contains("Afilnet:Password", Assert.IsType<Microsoft.Extensions.Options.OptionsValidationException>(invalid.InnerException).Message, StringComparison.Ordinal);
        Assert.Equal(AfilnetTransportKind.HttpPost, host.Client.Transport);

        // The running client kept its transport and its valid credentials.
        var last = fake.Requests[^1];
        Assert.Equal("POST", last.Method);
        Assert.True(Carries(last, TestCredentials.Password), "the ignored change left the password as it was");
    }

    /// <summary>Whether a request carries <paramref name="password"/> wherever its style puts it: URL, body or a Basic header.</summary>
    private static bool Carries(IRequestMessage request, string password)
    {
        var texts = new List<string> { Uri.UnescapeDataString(request.Url), FormDecoded(request.Body ?? string.Empty) };
        if (request.Headers?.TryGetValue("Authorization", out var values) == true && values.FirstOrDefault() is { } header && header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            texts.Add(FormDecoded(Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]))));
        }

        return texts.Any(t => t.Contains(password, StringComparison.Ordinal));
    }

    private static string FormDecoded(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
