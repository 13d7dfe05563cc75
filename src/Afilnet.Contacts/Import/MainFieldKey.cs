using PhoneNumbers;

namespace Afilnet.Contacts.Import;

/// <summary>
/// How reconciliation recognises a contact in the group: by its main field, normalised the same way on both sides, so
/// that a value the server stored in another spelling (<c>+34 600 000 000</c> as <c>34600000000</c>, <c>Ana@Example.com</c>
/// as <c>ana@example.com</c>) still counts as the same contact. The one place that decides what "the same" means.
/// </summary>
internal sealed class MainFieldKey
{
    private const string Mobile = "mobile";

    private readonly string? _defaultRegion;

    private MainFieldKey(string field, string? defaultRegion)
    {
        Field = field;
        _defaultRegion = defaultRegion;
    }

    /// <summary>The main field's name, as the contacts carry it.</summary>
    public string Field { get; }

    /// <summary>
    /// The key for <paramref name="options"/>' main field, or, when it names none, for <c>mobile</c> if
    /// <paramref name="firstContact"/> has it, otherwise <c>email</c>.
    /// </summary>
    public static MainFieldKey For(ContactImportOptions options, ContactFields firstContact)
    {
        var field = string.IsNullOrEmpty(options.MainField)
            ? (firstContact.Contains(Mobile) ? Mobile : "email")
            : options.MainField;
        return new(field, options.DefaultRegion);
    }

    /// <summary>Whether <paramref name="region"/> is a region the phone number metadata knows (ISO 3166-1 alpha-2).</summary>
    public static bool IsKnownRegion(string region) =>
        PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.ToUpperInvariant());

    /// <summary>The key of <paramref name="contact"/>, or null when it has no usable main field (never found in the group).</summary>
    public string? Of(ContactFields contact) => contact.TryGetValue(Field, out var value) ? Normalise(value) : null;

    /// <summary>The keys of every contact of <paramref name="group"/> that has one.</summary>
    public HashSet<string> In(IEnumerable<Contact> group)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var contact in group)
        {
            if (Of(contact.Fields) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    /// <summary>The normalised main field value: what two spellings of one contact have in common.</summary>
    internal string? Normalise(string value)
    {
        var key = string.Equals(Field, Mobile, StringComparison.Ordinal) ? PhoneKey(value) : value.Trim().ToUpperInvariant();
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// The number's country code and national number as digits (<c>34600000000</c>), the way the API writes mobiles.
    /// </summary>
    private string PhoneKey(string value)
    {
        var text = value.Trim();

        // Without a default region, a number with no '+' is read the way the API writes numbers, country code first
        // ("34600000000"); guessing a region instead would misread that form ("34600000000" in the US is +1 346...) and
        // turn a match into a resend. With one, national forms of that region ("600000000", "0034...") are understood.
        var region = _defaultRegion?.ToUpperInvariant();
        if (region is null && !text.StartsWith('+'))
        {
            text = "+" + text;
        }

        try
        {
            var number = PhoneNumberUtil.GetInstance().Parse(text, region);
            return PhoneNumberUtil.GetInstance().Format(number, PhoneNumberFormat.E164).TrimStart('+');
        }
        catch (NumberParseException)
        {
            // Not a number the metadata can read (no known country code, letters): its digits are still what the
            // server keeps of it, so they are compared rather than the text, which a server may reformat.
            return string.Concat(value.Where(char.IsAsciiDigit));
        }
    }
}
