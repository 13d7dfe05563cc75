using System.Text.Json;
using Afilnet.Contacts.Import;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport.Http;

namespace Afilnet.Contacts.Tests.Import;

/// <summary>10,000 contacts end to end over real HTTP: every contact reaches the server exactly once, within the URL limit.</summary>
public sealed class ContactImportOverHttpTests
{
    [Theory]
    [InlineData("HttpGet")]
    [InlineData("OAuth2Json")]
    public async Task Ten_thousand_contacts_arrive_exactly_once(string style)
    {
        using var harness = new Harness(style);
        harness.Answer("""{"status":"SUCCESS"}""");
        var contacts = Enumerable.Range(0, 10_000).Select(i => new ContactFields { { "mobile", $"3460{i:0000000}" }, { "name", $"Contact nº {i} & co" } });

        var result = await harness.Api.ImportContactsAsync(new GroupId(5), contacts, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(10_000, result.Added);
        Assert.Empty(result.Failed);
        var received = new List<string>();
        foreach (var request in harness.Fake.Requests)
        {
            var call = harness.Style.DecodeAndCheck(request, TestCredentials.Create());
            Assert.Equal("addcontactlist", call.Method);
            foreach (var contact in JsonDocument.Parse(call.Parameters[1].Value).RootElement.EnumerateArray())
            {
                received.Add(contact.GetProperty("mobile").GetString()!);
            }

            if (style == "HttpGet")
            {
                Assert.True(new Uri(harness.Fake.BaseAddress, HttpGetTransport.Path).AbsoluteUri.Length + request.RawQuery!.Length <= HttpGetTransportOptions.DefaultMaxUrlLength);
            }
        }

        Assert.Equal(10_000, received.Distinct().Count());
        Assert.Equal(10_000, received.Count);
        Assert.True(result.Batches > (style == "HttpGet" ? 100 : 10), $"{result.Batches} batches");
    }
}
