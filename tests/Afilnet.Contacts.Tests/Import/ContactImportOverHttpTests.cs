using System.Diagnostics;
using System.Text.Json;
using Afilnet.Contacts.Import;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.Import;

/// <summary>
/// 10,000 contacts end to end over the stateful fake (its in-memory handler, so no socket), in every wire style: every
/// contact reaches the group exactly once, and GET URLs stay within the limit.
/// </summary>
public sealed class ContactImportOverHttpTests
{
    private const int Count = 10_000;

    [Theory]
    [MemberData(nameof(WireStyles.Names), MemberType = typeof(WireStyles))]
    public async Task Ten_thousand_contacts_arrive_exactly_once(string styleName)
    {
        var ct = TestContext.Current.CancellationToken;
        var style = WireStyles.Get(styleName);
        using var fake = AfilnetFakeServer.CreateInMemory();
        using var urls = new UrlRecorder(fake.CreateHandler());
        using var api = TestClients.ForFake(fake, style, urls);
        var group = (await api.CreateGroupAsync("Import", GroupType.Mobile, ["mobile", "name"], ct)).GroupId!.Value;
        var contacts = Enumerable.Range(0, Count).Select(i => new ContactFields { { "mobile", $"3460{i:0000000}" }, { "name", $"Contact nº {i} & co" } });

        var watch = Stopwatch.StartNew();
        var result = await api.ImportContactsAsync(group, contacts, cancellationToken: ct);
        watch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"{styleName}: {result} (import {watch.Elapsed.TotalMilliseconds:0} ms)");

        Assert.Equal(Count, result.Read);
        Assert.Equal(Count, result.Added);
        Assert.Equal(0, result.ServerSkipped);
        Assert.Empty(result.Failed);

        // What the fake received: every contact once, in order, in batches of the style's own carrier.
        var batches = fake.Requests.Where(r => r.Method == "addcontactlist").ToList();
        Assert.Equal(result.Batches, batches.Count);
        Assert.All(batches, b => Assert.Equal((style.FakeStyle, style.UsesQueryString ? "GET" : "POST"), (b.Style, b.Verb)));
        var received = batches.SelectMany(b => Mobiles(b.Parameter("contacts")!)).ToList();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => $"3460{i:0000000}"), received);
        Assert.True(result.Batches > (style.UsesQueryString ? 100 : 10), $"{result.Batches} batches");
        if (style.UsesQueryString)
        {
            Assert.True(urls.Longest <= AfilnetOptions.DefaultMaxUrlLength, $"a URL of {urls.Longest} characters was sent");
        }

        // And the group holds them, each once, with the text as sent.
        var stored = await api.GetContactsAsync(group, ct);
        Assert.Equal(Count, stored.Select(c => c.Fields["mobile"]).Distinct().Count());
        Assert.Equal("Contact nº 9999 & co", stored[^1].Fields["name"]);
    }

    private static List<string> Mobiles(string contactsJson)
    {
        using var json = JsonDocument.Parse(contactsJson);
        return [.. json.RootElement.EnumerateArray().Select(c => c.GetProperty("mobile").GetString()!)];
    }

    /// <summary>Passes every request on to the fake's handler, keeping the length of the longest URL.</summary>
    private sealed class UrlRecorder(HttpMessageHandler fake) : DelegatingHandler(fake)
    {
        private int _longest;

        public int Longest => Volatile.Read(ref _longest);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var length = request.RequestUri!.AbsoluteUri.Length;
            int seen;
            while (length > (seen = Volatile.Read(ref _longest)) && Interlocked.CompareExchange(ref _longest, length, seen) != seen)
            {
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
