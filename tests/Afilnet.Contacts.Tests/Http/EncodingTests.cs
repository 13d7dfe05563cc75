using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Http;

/// <summary>
/// The exact bytes of the query string and form body, against hand-written expectations (not the SDK's own encoder):
/// RFC 3986 percent-encoding of UTF-8, space as %20, only unreserved characters left as they are.
/// </summary>
public sealed class EncodingTests
{
    private const string Name = "a b&c=d+e%f#g/h?é😀";
    private const string EncodedName = "a%20b%26c%3Dd%2Be%25f%23g%2Fh%3F%C3%A9%F0%9F%98%80";
    private const string EncodedUser = "ana%2Btest%40example.com";
    private const string EncodedPassword = "Pw-CANARY-7f3a%26%20%3D%2B%25%23%3F%2F%3A%C3%A9%E4%B8%AD%F0%9F%98%80";

    private static readonly string ExpectedFields =
        $"class=group&method=creategroup&user={EncodedUser}&password={EncodedPassword}&name={EncodedName}&type=mobile&fields=mobile%2Cname";

    [Fact]
    public async Task HttpGet_writes_the_exact_query_string()
    {
        using var harness = new Harness("HttpGet");
        harness.AnswerSuccess(Transport.ApiOperations.CreateGroup, null);

        await harness.Api.CreateGroupAsync(Name, GroupType.Mobile, ["mobile", "name"], TestContext.Current.CancellationToken);

        var request = Assert.Single(harness.Fake.Requests);
        Assert.Equal("?" + ExpectedFields, request.RawQuery);
    }

    [Fact]
    public async Task HttpPost_writes_the_exact_form_body_and_nothing_in_the_query()
    {
        using var harness = new Harness("HttpPost");
        harness.AnswerSuccess(Transport.ApiOperations.CreateGroup, null);

        await harness.Api.CreateGroupAsync(Name, GroupType.Mobile, ["mobile", "name"], TestContext.Current.CancellationToken);

        var request = Assert.Single(harness.Fake.Requests);
        Assert.Equal(ExpectedFields, request.Body);
        Assert.True(string.IsNullOrEmpty(request.RawQuery));
        Assert.DoesNotContain("password", request.Url, StringComparison.Ordinal);
    }
}
