using Afilnet.Contacts.Import;

namespace Afilnet.Contacts.Tests.Import;

/// <summary>What reconciliation takes for "the same contact": two spellings of one main field, and nothing more.</summary>
public sealed class MainFieldKeyTests
{
    private static MainFieldKey Key(string field, string? region) =>
        MainFieldKey.For(new ContactImportOptions { MainField = field, DefaultRegion = region }, []);

    [Theory]
    [InlineData("mobile", null, "+34 600 000 000", "34600000000")]
    [InlineData("mobile", null, "+34-600-00-00-00", "+34600000000")]
    [InlineData("mobile", null, "+44 (0)7911 123456", "447911123456")]
    [InlineData("mobile", null, "+0034 600 000 000", "0034600000000")]
    [InlineData("mobile", "ES", "600 000 000", "+34600000000")]
    [InlineData("mobile", "ES", "0034 600 000 000", "34600000000")]
    [InlineData("mobile", "es", "600000000", "34600000000")]
    [InlineData("email", null, " Ana.Garcia@Example.COM ", "ana.garcia@example.com")]
    public void Spellings_of_one_main_field_have_one_key(string field, string? region, string spelling, string other)
    {
        var key = Key(field, region);

        Assert.NotNull(key.Normalise(spelling));
        Assert.Equal(key.Normalise(spelling), key.Normalise(other));
    }

    [Theory]
    [InlineData("mobile", null, "34600000000", "34600000001")]
    [InlineData("mobile", null, "+34600000000", "+44600000000")]
    // Without a region, a national form is not guessed at.
    [InlineData("mobile", null, "600000000", "34600000000")]
    // The documented cost of a region: another country's number written without '+' is read as a national one.
    [InlineData("mobile", "ES", "447911123456", "+447911123456")]
    [InlineData("email", null, "ana@example.com", "ana@example.org")]
    public void Different_main_fields_have_different_keys(string field, string? region, string one, string other)
    {
        var key = Key(field, region);

        Assert.NotEqual(key.Normalise(one), key.Normalise(other));
    }

    [Theory]
    [InlineData("mobile", "")]
    [InlineData("mobile", "n/a")]
    [InlineData("email", "   ")]
    public void A_value_with_nothing_to_compare_has_no_key_and_so_is_never_found(string field, string value) =>
        Assert.Null(Key(field, null).Normalise(value));

    [Fact]
    public void The_main_field_is_mobile_when_the_first_contact_has_one_and_email_otherwise()
    {
        var options = new ContactImportOptions();

        Assert.Equal("mobile", MainFieldKey.For(options, new ContactFields { { "name", "Ana" }, { "mobile", "34600000000" } }).Field);
        Assert.Equal("email", MainFieldKey.For(options, new ContactFields { { "name", "Ana" }, { "email", "ana@example.com" } }).Field);
    }

    [Fact]
    public async Task A_group_contact_without_the_main_field_gives_no_key()
    {
        var key = Key("mobile", null);
        Contact[] group = [new(new ContactId(1), new ContactFields { { "mobile", "+34 600 000 000" } }), new(new ContactId(2), new ContactFields { { "name", "no mobile" } })];

        Assert.Equal(["34600000000"], await key.InAsync(group.ToAsyncEnumerable(), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("mobile", null, "34600000000")]
    [InlineData("mobile", null, "+34 600 000 000")]
    [InlineData("mobile", "ES", "600000000")]
    [InlineData("email", null, " ana@example.com ")]
    public void A_main_field_worth_sending_is_not_rejected(string field, string? region, string value) =>
        Assert.Null(Key(field, region).Rejection(value));

    [Theory]
    [InlineData("mobile", null, null, "missing or empty")]
    [InlineData("mobile", null, " ", "missing or empty")]
    [InlineData("mobile", null, "34123", "not a valid mobile")]
    // Without a region a national form is read country code first: +60 0000000 is no number.
    [InlineData("mobile", null, "600000000", "not a valid mobile")]
    [InlineData("mobile", "ES", "12345", "not a valid mobile")]
    [InlineData("email", null, "ana@", "not an e-mail address")]
    [InlineData("email", null, "ana garcia@example.com", "not an e-mail address")]
    public void A_main_field_that_would_waste_a_message_is_rejected_with_the_reason(string field, string? region, string? value, string reason) =>
        Assert.Contains(reason, Key(field, region).Rejection(value), StringComparison.Ordinal);

    [Theory]
    [InlineData("mobile", null, "+34 600-000-000", "34600000000")]
    [InlineData("mobile", "ES", "600 000 000", "34600000000")]
    [InlineData("email", null, " Ana@Example.com ", "Ana@Example.com")]
    public void A_main_field_is_sent_as_the_API_writes_it(string field, string? region, string value, string sent) =>
        Assert.Equal(sent, Key(field, region).Sendable(value));
}
