using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Http;

/// <summary>The tolerant reading of the JSON answer protocol.md section 2 asks for, on every JSON-answer transport.</summary>
public sealed class AnswerParsingTests
{
    /// <summary>Every style of <see cref="WireStyles.All"/> whose answers are JSON (all but Soap).</summary>
    public static TheoryData<string> JsonStyles() => [.. WireStyles.All.Where(s => s.AnswerContentType == "application/json").Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Status_in_any_case_and_numbers_as_strings(string style)
    {
        using var harness = new Harness(style);
        harness.Answer("""{"Status":"success","result":{"idgroup":"1234"}}""");

        var result = await harness.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], TestContext.Current.CancellationToken);

        Assert.Equal(new GroupId(1234), result.GroupId);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Lowercase_error_status_still_carries_the_code(string style)
    {
        using var harness = new Harness(style);
        harness.Answer("""{"status":"error","error":"NOT_ACCESS_TO_GROUP"}""");

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => harness.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(ApiErrorCode.NotAccessToGroup, error.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Unknown_properties_are_ignored(string style)
    {
        using var harness = new Harness(style);
        harness.Answer("""{"status":"SUCCESS","credits":12.5,"meta":{"x":[1,2]},"result":{"idcontact":77,"extra":true}}""");

        var result = await harness.Api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "1" } }, TestContext.Current.CancellationToken);

        Assert.Equal(new ContactId(77), result.ContactId);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Absent_or_null_result_gives_empty_or_null_values(string style)
    {
        using var harness = new Harness(style);
        harness.Answer("""{"status":"SUCCESS"}""");
        var ct = TestContext.Current.CancellationToken;

        Assert.Null((await harness.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId);
        Assert.Null((await harness.Api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "1" } }, ct)).ContactId);
        Assert.Null((await harness.Api.AddContactListAsync(new GroupId(1), [new ContactFields { { "mobile", "1" } }], ct)).Added);
        Assert.Empty(await harness.Api.GetGroupColumnsAsync(new GroupId(1), ct));

        harness.Answer("""{"status":"SUCCESS","result":null}""");
        Assert.Empty(await harness.Api.GetContactsAsync(new GroupId(1), ct));
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Getcontact_without_a_contact_is_a_protocol_error(string style)
    {
        using var harness = new Harness(style);
        harness.Answer("""{"status":"SUCCESS"}""");

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(
            () => harness.Api.GetContactAsync(new GroupId(1), new ContactId(2), TestContext.Current.CancellationToken));

        Assert.Equal("getcontact", error.Method);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Non_json_body_is_a_protocol_error_with_a_scrubbed_excerpt(string style)
    {
        using var harness = new Harness(style);
        harness.Answer($"<html><body>Oops for {TestCredentials.Password}</body></html>", "text/html");

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(
            () => harness.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.StartsWith($"{harness.Style.Transport} 'getcontacts': the answer is not valid JSON", error.Message, StringComparison.Ordinal);
        Assert.Equal("getcontacts", error.Method);
        Assert.Equal("<html><body>Oops for ***</body></html>", error.ResponseExcerpt);
        Assert.DoesNotContain(TestCredentials.Password, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Truncated_or_empty_body_is_a_protocol_error(string style)
    {
        using var harness = new Harness(style);
        var ct = TestContext.Current.CancellationToken;

        harness.Answer("""{"status":"SUCCESS","result":[{"idcontact":1,""");
        await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(new GroupId(1), ct));

        harness.Answer(string.Empty);
        var empty = await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(new GroupId(1), ct));
        Assert.Equal($"{harness.Style.Transport} 'getcontacts': the answer is empty.", empty.Message);
        Assert.Null(empty.ResponseExcerpt);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Missing_status_or_error_code_is_a_protocol_error(string style)
    {
        using var harness = new Harness(style);
        var ct = TestContext.Current.CancellationToken;

        harness.Answer("""{"result":[]}""");
        await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(new GroupId(1), ct));

        harness.Answer("""{"status":"ERROR"}""");
        await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(new GroupId(1), ct));

        harness.Answer("""[1,2,3]""");
        await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(new GroupId(1), ct));
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Result_of_the_wrong_shape_is_a_protocol_error_not_a_crash(string style)
    {
        using var harness = new Harness(style);
        var ct = TestContext.Current.CancellationToken;

        harness.Answer("""{"status":"SUCCESS","result":{"idgroup":"not-a-number"}}""");
        await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct));

        harness.Answer("""{"status":"SUCCESS","result":"mobile"}""");
        await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetGroupColumnsAsync(new GroupId(1), ct));

        harness.Answer("""{"status":"SUCCESS","result":[{"mobile":"1"}]}""");
        var noId = await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(new GroupId(1), ct));
        Assert.Contains("idcontact", noId.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Json_nested_deeper_than_the_limit_is_refused(string style)
    {
        using var harness = new Harness(style);
        harness.Answer("""{"status":"SUCCESS","result":""" + new string('[', 200) + new string(']', 200) + "}");

        await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Json_nested_64_levels_deep_is_read_and_65_is_refused(string style)
    {
        // The answer object is level 1; an ignored member holds the remaining levels as nested arrays.
        static string Nested(int levels) => """{"status":"SUCCESS","deep":""" + new string('[', levels - 1) + new string(']', levels - 1) + "}";
        using var harness = new Harness(style);
        var ct = TestContext.Current.CancellationToken;

        harness.Answer(Nested(64));
        Assert.Empty(await harness.Api.GetContactsAsync(new GroupId(1), ct));

        harness.Answer(Nested(65));
        await Assert.ThrowsAsync<AfilnetProtocolException>(() => harness.Api.GetContactsAsync(new GroupId(1), ct));
    }

    [Theory]
    [MemberData(nameof(JsonStyles))]
    public async Task Http_500_is_a_transport_error_with_the_status(string style)
    {
        using var harness = new Harness(style);
        harness.Answer($"Internal error; request had password={TestCredentials.Password}", "text/plain", 500);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(
            () => harness.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(500, error.StatusCode);
        Assert.Equal(TransportFailureReason.HttpStatus, error.Reason);
        Assert.True(error.RequestMayHaveReachedServer);
        Assert.Contains("HTTP 500", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestCredentials.Password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Uri.EscapeDataString(TestCredentials.Password), error.ToString(), StringComparison.Ordinal);
    }
}
