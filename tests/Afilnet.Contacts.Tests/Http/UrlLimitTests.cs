using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;

namespace Afilnet.Contacts.Tests.Http;

/// <summary>The HttpGet URL limit: at the limit a request goes; one character over, it is refused before sending.</summary>
public sealed class UrlLimitTests
{
    [Fact]
    public async Task Url_at_the_limit_is_sent_and_one_over_is_refused_before_sending()
    {
        using var fake = FakeApi.Start();
        fake.Answer("""{"status":"SUCCESS"}""");
        using var http = new HttpClient();
        var probe = new HttpGetTransport(http, new HttpGetTransportOptions { BaseAddress = fake.BaseAddress, Credentials = TestCredentials.Create() });
        var request = new ApiRequest(ApiOperations.AddColumnToGroup, [new("idgroup", "1"), new("field", new string('x', 500))]);
        var length = probe.MeasureUrl(request);

        var atLimit = new HttpGetTransport(http, new HttpGetTransportOptions { BaseAddress = fake.BaseAddress, Credentials = TestCredentials.Create(), MaxUrlLength = length });
        var underLimit = new HttpGetTransport(http, new HttpGetTransportOptions { BaseAddress = fake.BaseAddress, Credentials = TestCredentials.Create(), MaxUrlLength = length - 1 });

        await atLimit.SendAsync(request, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<AfilnetRequestTooLargeException>(async () => await underLimit.SendAsync(request, TestContext.Current.CancellationToken));

        Assert.Single(fake.Requests);
        Assert.Equal(length, new Uri(fake.BaseAddress, HttpGetTransport.Path).AbsoluteUri.Length + Assert.Single(fake.Requests).RawQuery!.Length);
        Assert.Contains($"{length} characters", error.Message, StringComparison.Ordinal);
        Assert.Contains($"limit of {length - 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("HttpPost", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.Password, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Default_limit_is_4000_characters_and_post_carries_the_same_request()
    {
        using var get = new Harness("HttpGet");
        using var post = new Harness("HttpPost");
        get.Fake.Answer("""{"status":"SUCCESS","result":{"added":300}}""");
        post.Fake.Answer("""{"status":"SUCCESS","result":{"added":300}}""");
        var contacts = Enumerable.Range(0, 300).Select(i => new ContactFields { { "mobile", $"346000{i:00000}" }, { "name", $"Contact {i}" } }).ToList();

        var error = await Assert.ThrowsAsync<AfilnetRequestTooLargeException>(() => get.Api.AddContactListAsync(new GroupId(1), contacts, TestContext.Current.CancellationToken));
        var result = await post.Api.AddContactListAsync(new GroupId(1), contacts, TestContext.Current.CancellationToken);

        Assert.Equal(HttpGetTransportOptions.DefaultMaxUrlLength, ((HttpGetTransport)get.Transport).MaxUrlLength);
        Assert.Contains("limit of 4000", error.Message, StringComparison.Ordinal);
        Assert.Empty(get.Fake.Requests);
        Assert.Equal(300, result.Added);
    }
}
