using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Http;

/// <summary>
/// The URL limit of the styles that carry the call in the query string (HttpGet, BasicAuth over GET): at the limit a
/// request goes; one character over, it is refused before sending.
/// </summary>
public sealed class UrlLimitTests
{
    /// <summary>The styles of <see cref="WireStyles.All"/> that put the call in the query string.</summary>
    public static TheoryData<string> QueryStringStyles() => [.. WireStyles.All.Where(s => s.UsesQueryString).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(QueryStringStyles))]
    public async Task Url_at_the_limit_is_sent_and_one_over_is_refused_before_sending(string style)
    {
        var ct = TestContext.Current.CancellationToken;
        var field = new string('x', 500);

        // The length of the URL as the server received it, measured on a client without a tight limit.
        int length;
        using (var probe = new Harness(style))
        {
            probe.AnswerSuccess("addcolumntogroup", null);
            await probe.Api.AddColumnToGroupAsync(new GroupId(1), field, ct);
            var sent = Assert.Single(probe.Fake.Requests);
            length = new Uri(probe.Fake.BaseAddress, sent.Path).AbsoluteUri.Length + sent.RawQuery!.Length;
        }

        using var atLimit = new Harness(style, o => o.MaxUrlLength = length);
        using var underLimit = new Harness(style, o => o.MaxUrlLength = length - 1);
        atLimit.AnswerSuccess("addcolumntogroup", null);
        underLimit.AnswerSuccess("addcolumntogroup", null);

        await atLimit.Api.AddColumnToGroupAsync(new GroupId(1), field, ct);
        var error = await Assert.ThrowsAsync<AfilnetRequestTooLargeException>(() => underLimit.Api.AddColumnToGroupAsync(new GroupId(1), field, ct));

        Assert.Equal(field, atLimit.SingleCall().Parameters[1].Value);
        Assert.Empty(underLimit.Fake.AllRequests);
        Assert.Equal(length, error.Length);
        Assert.Equal(length - 1, error.Limit);
        Assert.Contains($"{length} characters", error.Message, StringComparison.Ordinal);
        Assert.Contains($"limit of {length - 1}", error.Message, StringComparison.Ordinal);
        Assert.Contains("HttpPost", error.Message, StringComparison.Ordinal);
        SecretAssert.Clean(error);
    }

    [Theory]
    [MemberData(nameof(QueryStringStyles))]
    public async Task Default_limit_is_4000_characters_and_a_post_carries_the_same_request(string style)
    {
        Assert.Equal(4000, new AfilnetOptions().MaxUrlLength);
        using var get = new Harness(style);
        using var post = new Harness("HttpPost");
        get.Fake.Answer("""{"status":"SUCCESS","result":{"added":300}}""");
        post.Fake.Answer("""{"status":"SUCCESS","result":{"added":300}}""");
        var contacts = Enumerable.Range(0, 300).Select(i => new ContactFields { { "mobile", $"346000{i:00000}" }, { "name", $"Contact {i}" } }).ToList();

        var error = await Assert.ThrowsAsync<AfilnetRequestTooLargeException>(() => get.Api.AddContactListAsync(new GroupId(1), contacts, TestContext.Current.CancellationToken));
        var result = await post.Api.AddContactListAsync(new GroupId(1), contacts, TestContext.Current.CancellationToken);

        Assert.Equal(4000, error.Limit);
        Assert.Contains("limit of 4000", error.Message, StringComparison.Ordinal);
        Assert.Empty(get.Fake.AllRequests);
        Assert.Equal(300, result.Added);
    }

    [Theory]
    [MemberData(nameof(QueryStringStyles))]
    public void A_limit_no_longer_than_the_endpoint_itself_is_refused_at_construction(string style)
    {
        var endpoint = new Uri(ScriptedHandler.BaseAddress, WireStyles.Get(style).Transport == AfilnetTransportKind.HttpGet ? "api/http/" : "api/basic/").AbsoluteUri;

        var error = Assert.Throws<ArgumentException>(() => TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, o => o.MaxUrlLength = endpoint.Length));
        using var shortest = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, o => o.MaxUrlLength = endpoint.Length + 1);

        Assert.Contains("Afilnet:MaxUrlLength", error.Message, StringComparison.Ordinal);
        Assert.Contains($"({endpoint.Length} characters)", error.Message, StringComparison.Ordinal);
        Assert.Equal(WireStyles.Get(style).Transport, shortest.Transport);
    }

    /// <summary>The styles of <see cref="WireStyles.All"/> that carry the call in a body.</summary>
    public static TheoryData<string> BodyStyles() => [.. WireStyles.All.Where(s => !s.UsesQueryString).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(BodyStyles))]
    public void The_limit_does_not_apply_to_styles_that_carry_the_call_in_a_body(string style)
    {
        using var client = TestClients.Create(WireStyles.Get(style), ScriptedHandler.BaseAddress, o => o.MaxUrlLength = 1);

        Assert.Equal(WireStyles.Get(style).Transport, client.Transport);
    }
}
