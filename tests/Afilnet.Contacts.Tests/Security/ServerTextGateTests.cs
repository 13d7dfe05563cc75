using Afilnet.Contacts.Secrets;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Security;

/// <summary>
/// The gate's own rules, beside the canary matrix that attacks it: ordinary server text (error pages, JSON, escapes,
/// long words that happen to be base64) comes through; codes come through only with the shape of a code; control
/// characters never do; text too tangled to read fully is withheld rather than guessed at.
/// </summary>
public sealed class ServerTextGateTests
{
    private static readonly ServerTextGate Gate = new(TestCredentials.Password, "client-secret-42", OAuth2JsonStyle.AccessToken);

    public static TheoryData<string> Ordinary() =>
    [
        "<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx/1.18.0 (Ubuntu)</center></body></html>",
        """{"status":"ERROR","error":"INCORRECT_USER_PASSWORD","detail":"user ana+test@example.com at 50% quota \u00e9 \/path & more"}""",
        "Server was unable to process request. ---> Object reference not set to an instance of an object. at Afilnet.Api.Contacts.GetContacts(Int32 idgroup)",
        "Authentication failed: Basic realm=\"afilnet\", please retry with dXNlcm5hbWU6b3RoZXI= credentials &amp; &#233; %41%42",
    ];

    [Theory]
    [MemberData(nameof(Ordinary))]
    public void Ordinary_server_text_comes_through(string text)
    {
        var shown = Gate.Text(text, maxChars: 10_000);

        Assert.Equal(text, shown);
    }

    [Theory]
    [InlineData("NOT_ACCESS_TO_GROUP", "NOT_ACCESS_TO_GROUP")]
    [InlineData("invalid_client", "invalid_client")]
    [InlineData("Bearer", "Bearer")]
    [InlineData("NOT ACCESS", null)]
    [InlineData("a<b>", null)]
    [InlineData("CODE\r\nInjected: yes", null)]
    [InlineData("", null)]
    [InlineData("client-secret-42", null)]
    [InlineData("client_secret_42x", "client_secret_42x")]
    public void A_code_is_shown_only_with_the_shape_of_a_code_and_no_secret(string value, string? shown)
    {
        Assert.Equal(shown, Gate.Code(value));
    }

    [Fact]
    public void A_code_longer_than_the_limit_is_not_shown()
    {
        Assert.Equal(new string('A', ServerTextGate.MaxCodeLength), Gate.Code(new string('A', ServerTextGate.MaxCodeLength)));
        Assert.Null(Gate.Code(new string('A', ServerTextGate.MaxCodeLength + 1)));
    }

    [Fact]
    public void Control_characters_become_spaces_and_the_text_is_cut_at_the_limit()
    {
        Assert.Equal("line one  line two", Gate.Text("line one\r\nline two"));
        Assert.Equal("a b", Gate.Text("a\u001bb"));
        Assert.Equal("abcde…", Gate.Text("abcdefgh", maxChars: 5));
    }

    [Fact]
    public void A_secret_in_the_form_the_SDK_sent_is_cut_out_and_one_in_another_encoding_withholds_the_text()
    {
        Assert.Equal("echo *** end", Gate.Text($"echo {Uri.EscapeDataString(TestCredentials.Password)} end"));
        Assert.Equal(ServerTextGate.Withheld, Gate.Text($"echo {Uri.EscapeDataString(TestCredentials.Password).ToLowerInvariant()} end"));
        Assert.Equal(ServerTextGate.Withheld, Gate.Text("token was tok-canary-9D1E.ABC_def-123"));
    }

    [Fact]
    public void Escaped_lone_surrogates_are_read_without_failing()
    {
        // A JSON reading of "\udfff\ud800" is invalid UTF-16, which normalisation would refuse with an exception.
        const string Text = """{"result":"\udfff\ud800","x":"caf\u00e9"}""";

        Assert.Equal(Text, Gate.Text(Text));
        Assert.False(Gate.HoldsSecret(Text));
    }

    [Fact]
    public void Text_too_tangled_to_read_fully_is_withheld()
    {
        // Each segment nests the same encodings in another order, so every order of decoding gives another reading;
        // beyond the gate's bound it cannot vouch for the text, and withholds it.
        var layers = CanaryEncodings.All.Where(e => e.Name is "percent-upper" or "json-u-lower" or "xml-decimal" or "base64" or "form-plus").ToArray();
        var segments = Permutations(layers).Select(order => CanaryEncodings.Apply("ab+c", order));
        var tangled = string.Join(' ', segments);

        Assert.False(ReversibleEncodings.TryReadings(tangled, out _));
        Assert.True(Gate.HoldsSecret(tangled));
    }

    private static IEnumerable<CanaryEncodings.Encoding[]> Permutations(CanaryEncodings.Encoding[] items) =>
        items.Length <= 1
            ? [items]
            : items.SelectMany((item, i) => Permutations([.. items[..i], .. items[(i + 1)..]]).Select(rest => (CanaryEncodings.Encoding[])[item, .. rest]));
}
