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
    public static MainFieldKey For(ContactImportOptions options, ContactFields firstContact) =>
        For(options.MainField, options.DefaultRegion, firstContact);

    /// <summary>
    /// The key for <paramref name="mainField"/>, or, when it is empty, for <c>mobile</c> if <paramref name="firstContact"/>
    /// has it, otherwise <c>email</c>; national mobile forms are read in <paramref name="defaultRegion"/>.
    /// </summary>
    public static MainFieldKey For(string? mainField, string? defaultRegion, ContactFields firstContact)
    {
        var field = string.IsNullOrEmpty(mainField)
            ? (firstContact.Contains(Mobile) ? Mobile : "email")
            : mainField;
        return new(field, defaultRegion);
    }

    /// <summary>Whether <paramref name="region"/> is a region the phone number metadata knows (ISO 3166-1 alpha-2).</summary>
    public static bool IsKnownRegion(string region) =>
        PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region.ToUpperInvariant());

    /// <summary>Throws unless <paramref name="region"/> is null or a region <see cref="IsKnownRegion"/>.</summary>
    public static void ThrowIfUnknownRegion(string? region, string paramName)
    {
        if (region is not null && !IsKnownRegion(region))
        {
            throw new ArgumentException($"DefaultRegion '{region}' is not a region the phone number metadata knows (ISO 3166-1 alpha-2, for example ES).", paramName);
        }
    }

    /// <summary>The key of <paramref name="contact"/>, or null when it has no usable main field (never found in the group).</summary>
    public string? Of(ContactFields contact) => contact.TryGetValue(Field, out var value) ? Normalise(value) : null;

    /// <summary>The keys of every contact of <paramref name="group"/> that has one.</summary>
    public async Task<HashSet<string>> InAsync(IAsyncEnumerable<Contact> group, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var contact in group.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (Of(contact.Fields) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private bool IsMobile => string.Equals(Field, Mobile, StringComparison.Ordinal);

    /// <summary>The normalised main field value: what two spellings of one contact have in common.</summary>
    internal string? Normalise(string value)
    {
        var key = IsMobile ? PhoneKey(value) : value.Trim().ToUpperInvariant();
        return key.Length == 0 ? null : key;
    }

    /// <summary>
    /// Why <paramref name="value"/> cannot be a main field worth sending, or null when it can: empty, a mobile that
    /// libphonenumber does not hold for a valid number (an SMS to it would waste credit), an e-mail without a mailbox
    /// and a domain.
    /// </summary>
    internal string? Rejection(string? value)
    {
        if (value is null || Normalise(value) is null)
        {
            return $"the main field '{Field}' is missing or empty";
        }

        if (IsMobile)
        {
            return Parse(value) is { } number && PhoneNumberUtil.GetInstance().IsValidNumber(number)
                ? null
                : $"'{value}' is not a valid mobile number{(_defaultRegion is null ? " (no '+' is read as country code first)" : $" (national forms read in {_defaultRegion.ToUpperInvariant()})")}";
        }

        var text = value.Trim();
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1 && !text.Any(char.IsWhiteSpace)
            ? null
            : $"'{value}' is not an e-mail address";
    }

    /// <summary>
    /// <paramref name="value"/> as it is sent: a mobile as the API documents numbers, country code and national number
    /// as digits (<c>34600000000</c>); an e-mail trimmed.
    /// </summary>
    internal string Sendable(string value) => IsMobile ? PhoneKey(value) : value.Trim();

    /// <summary>
    /// The number's country code and national number as digits (<c>34600000000</c>), the way the API writes mobiles.
    /// </summary>
    private string PhoneKey(string value) =>
        Parse(value) is { } number
            ? PhoneNumberUtil.GetInstance().Format(number, PhoneNumberFormat.E164).TrimStart('+')

            // Not a number the metadata can read (no known country code, letters): its digits are still what the
            // server keeps of it, so they are compared rather than the text, which a server may reformat.
            : string.Concat(value.Where(char.IsAsciiDigit));

    private PhoneNumber? Parse(string value)
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
            return PhoneNumberUtil.GetInstance().Parse(text, region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
