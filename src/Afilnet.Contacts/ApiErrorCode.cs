namespace Afilnet.Contacts;

/// <summary>
/// An error code the API returned with <c>status=ERROR</c>. Open and string-backed: the fourteen documented codes
/// have named values, and any other code the server sends is kept verbatim.
/// </summary>
public readonly record struct ApiErrorCode
{
    /// <summary>Creates a code.</summary>
    /// <param name="value">The code exactly as the server sent it.</param>
    public ApiErrorCode(string value) => Value = value;

    /// <summary>The code exactly as the server sent it.</summary>
    public string Value { get; }

    /// <summary>User or e-mail not included.</summary>
    public static ApiErrorCode MissingUser { get; } = new("MISSING_USER");

    /// <summary>Password not included.</summary>
    public static ApiErrorCode MissingPassword { get; } = new("MISSING_PASSWORD");

    /// <summary>Class not included.</summary>
    public static ApiErrorCode MissingClass { get; } = new("MISSING_CLASS");

    /// <summary>Method not included.</summary>
    public static ApiErrorCode MissingMethod { get; } = new("MISSING_METHOD");

    /// <summary>A compulsory parameter was not included.</summary>
    public static ApiErrorCode MissingCompulsoryParam { get; } = new("MISSING_COMPULSORY_PARAM");

    /// <summary>Incorrect user or password.</summary>
    public static ApiErrorCode IncorrectUserPassword { get; } = new("INCORRECT_USER_PASSWORD");

    /// <summary>Incorrect class.</summary>
    public static ApiErrorCode IncorrectClass { get; } = new("INCORRECT_CLASS");

    /// <summary>Incorrect method.</summary>
    public static ApiErrorCode IncorrectMethod { get; } = new("INCORRECT_METHOD");

    /// <summary>Incorrect group type: it must be mobile or email (creategroup).</summary>
    public static ApiErrorCode IncorrectType { get; } = new("INCORRECT_TYPE");

    /// <summary>The main field (mobile or email) is missing from the fields (creategroup).</summary>
    public static ApiErrorCode MissingMainField { get; } = new("MISSING_MAIN_FIELD");

    /// <summary>The account may not access the group.</summary>
    public static ApiErrorCode NotAccessToGroup { get; } = new("NOT_ACCESS_TO_GROUP");

    /// <summary>The account may not access the contact (getcontact).</summary>
    public static ApiErrorCode NotAccessToContact { get; } = new("NOT_ACCESS_TO_CONTACT");

    /// <summary>A contact with that main field already exists in the group (addcontact).</summary>
    public static ApiErrorCode ContactExists { get; } = new("CONTACT_EXISTS");

    /// <summary>The country code is not a known ISO 3166-1 alpha-3 code (assigncountrytogroup).</summary>
    public static ApiErrorCode CountryNotFound { get; } = new("COUNTRY_NOT_FOUND");

    /// <summary>The fourteen codes the provider documents.</summary>
    public static IReadOnlyList<ApiErrorCode> Documented { get; } =
    [
        MissingUser, MissingPassword, MissingClass, MissingMethod, MissingCompulsoryParam, IncorrectUserPassword,
        IncorrectClass, IncorrectMethod, IncorrectType, MissingMainField, NotAccessToGroup, NotAccessToContact,
        ContactExists, CountryNotFound,
    ];

    /// <summary>Whether this is one of the fourteen documented codes.</summary>
    public bool IsDocumented => Documented.Contains(this);

    /// <summary>Returns the code verbatim.</summary>
    /// <returns><see cref="Value"/>.</returns>
    public override string ToString() => Value ?? string.Empty;
}
