namespace Afilnet.Testing.Protocol;

/// <summary>
/// The contract as the fake knows it, written from protocol.md and the provider's documentation, on its own: the fake
/// is the oracle the SDK's transports are tested against, so it shares none of the SDK's tables.
/// </summary>
internal static class FakeProtocol
{
    public const string ClassName = "group";

    /// <summary>The SOAP target namespace; SOAPAction is this followed by the method.</summary>
    public const string SoapNamespace = "https://www.afilnet.com/api/soap/";

    public const string SoapEnvelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/";

    /// <summary>The twelve methods and their compulsory parameters, in documented order (protocol.md section 1).</summary>
    public static IReadOnlyDictionary<string, string[]> Methods { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["creategroup"] = ["name", "type", "fields"],
        ["getgroupcolumns"] = ["idgroup"],
        ["addcolumntogroup"] = ["idgroup", "field"],
        ["deletecolumnfromgroup"] = ["idgroup", "field"],
        ["deletegroup"] = ["idgroup"],
        ["assigncountrytogroup"] = ["idgroup", "countryiso3"],
        ["getcontacts"] = ["idgroup"],
        ["getcontact"] = ["idgroup", "idcontact"],
        ["addcontact"] = ["idgroup", "contact"],
        ["addcontactlist"] = ["idgroup", "contacts"],
        ["modifycontact"] = ["idgroup", "idcontact", "contact"],
        ["deletecontact"] = ["idgroup", "idcontact"],
    };

    /// <summary>The method named <paramref name="name"/>, in any letter case, as the table spells it.</summary>
    public static string? Find(string name)
    {
        foreach (var method in Methods.Keys)
        {
            if (string.Equals(method, name, StringComparison.OrdinalIgnoreCase))
            {
                return method;
            }
        }

        return null;
    }
}

/// <summary>The documented error codes (protocol.md section 1), as the fake answers them.</summary>
internal static class ErrorCodes
{
    public const string MissingUser = "MISSING_USER";
    public const string MissingPassword = "MISSING_PASSWORD";
    public const string MissingClass = "MISSING_CLASS";
    public const string MissingMethod = "MISSING_METHOD";
    public const string MissingCompulsoryParam = "MISSING_COMPULSORY_PARAM";
    public const string IncorrectUserPassword = "INCORRECT_USER_PASSWORD";
    public const string IncorrectClass = "INCORRECT_CLASS";
    public const string IncorrectMethod = "INCORRECT_METHOD";
    public const string IncorrectType = "INCORRECT_TYPE";
    public const string MissingMainField = "MISSING_MAIN_FIELD";
    public const string NotAccessToGroup = "NOT_ACCESS_TO_GROUP";
    public const string NotAccessToContact = "NOT_ACCESS_TO_CONTACT";
    public const string ContactExists = "CONTACT_EXISTS";
    public const string CountryNotFound = "COUNTRY_NOT_FOUND";
}
