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

    private static readonly string FieldsWithCredentials =
        $"class=group&method=creategroup&user={EncodedUser}&password={EncodedPassword}&name={EncodedName}&type=mobile&fields=mobile%2Cname";

    private static readonly string FieldsWithoutCredentials = $"class=group&method=creategroup&name={EncodedName}&type=mobile&fields=mobile%2Cname";

    /// <summary>The styles of <see cref="WireStyles.All"/> that send form fields: HttpGet, HttpPost and both BasicAuth verbs.</summary>
    public static TheoryData<string> FormStyles() =>
        [.. WireStyles.All.Where(s => s.Transport is AfilnetTransportKind.HttpGet or AfilnetTransportKind.HttpPost or AfilnetTransportKind.BasicAuth).Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(FormStyles))]
    public async Task Writes_the_exact_form_text_where_the_style_carries_it_and_nothing_elsewhere(string style)
    {
        using var harness = new Harness(style);
        harness.AnswerSuccess("creategroup", null);

        await harness.Api.CreateGroupAsync(Name, GroupType.Mobile, ["mobile", "name"], TestContext.Current.CancellationToken);

        var request = Assert.Single(harness.Fake.Requests);

        // BasicAuth carries the credentials in its header, HttpGet and HttpPost among the fields.
        var expected = harness.Style.Transport == AfilnetTransportKind.BasicAuth ? FieldsWithoutCredentials : FieldsWithCredentials;
        if (harness.Style.UsesQueryString)
        {
            Assert.Equal("?" + expected, request.RawQuery);
            Assert.True(string.IsNullOrEmpty(request.Body), "a GET carries no body");
        }
        else
        {
            Assert.Equal(expected, request.Body);
            Assert.True(string.IsNullOrEmpty(request.RawQuery), "a POST puts nothing in the query string");
            Assert.DoesNotContain("password", request.Url, StringComparison.Ordinal);
        }
    }
}
