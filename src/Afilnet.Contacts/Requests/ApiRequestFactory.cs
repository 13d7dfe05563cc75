using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Afilnet.Contacts.Requests;

/// <summary>
/// The one place that checks the caller's arguments and turns them into an <see cref="ApiRequest"/>.
/// Everything that can be known to be wrong is refused here, before any transport sees it.
/// </summary>
internal static class ApiRequestFactory
{
    // contacts JSON is always re-encoded by its carrier (URL, form, XML or JSON body), so HTML-safe escaping
    // would only make GET URLs longer.
    private static readonly JsonWriterOptions ContactsJsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static ApiRequest CreateGroup(string name, GroupType type, IEnumerable<string> fields)
    {
        RequireText(name, nameof(name));
        var typeText = type switch
        {
            GroupType.Mobile => "mobile",
            GroupType.Email => "email",
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "The group type must be GroupType.Mobile or GroupType.Email."),
        };
        ArgumentNullException.ThrowIfNull(fields);
        // One snapshot (the sequence may be lazy), checked and joined as it is.
        var fieldList = fields.ToArray();
        foreach (var field in fieldList)
        {
            RequireFieldName(field, nameof(fields));
        }

        if (Array.IndexOf(fieldList, typeText) < 0)
        {
            throw new ArgumentException(
                $"A group of type {type} must have the field '{typeText}' among its fields (the API's MISSING_MAIN_FIELD).", nameof(fields));
        }

        return new(ApiOperations.CreateGroup, [new("name", name), new("type", typeText), new("fields", string.Join(',', fieldList))]);
    }

    public static ApiRequest GetGroupColumns(GroupId groupId) => GroupOnly(ApiOperations.GetGroupColumns, groupId);

    public static ApiRequest AddColumnToGroup(GroupId groupId, string field) => GroupAndField(ApiOperations.AddColumnToGroup, groupId, field);

    public static ApiRequest DeleteColumnFromGroup(GroupId groupId, string field) => GroupAndField(ApiOperations.DeleteColumnFromGroup, groupId, field);

    public static ApiRequest DeleteGroup(GroupId groupId) => GroupOnly(ApiOperations.DeleteGroup, groupId);

    public static ApiRequest AssignCountryToGroup(GroupId groupId, string countryIso3)
    {
        ArgumentNullException.ThrowIfNull(countryIso3);
        if (countryIso3.Length != 3 || !countryIso3.All(char.IsAsciiLetter))
        {
            throw new ArgumentException(
                $"The country must be an ISO 3166-1 alpha-3 code of three letters, such as 'esp'; '{countryIso3}' is not.", nameof(countryIso3));
        }

        return new(ApiOperations.AssignCountryToGroup, [Group(groupId), new("countryiso3", countryIso3.ToLowerInvariant())]);
    }

    public static ApiRequest GetContacts(GroupId groupId) => GroupOnly(ApiOperations.GetContacts, groupId);

    public static ApiRequest GetContact(GroupId groupId, ContactId contactId) => GroupAndContact(ApiOperations.GetContact, groupId, contactId);

    public static ApiRequest AddContact(GroupId groupId, ContactFields contact) =>
        new(ApiOperations.AddContact, [Group(groupId), new("contact", ContactText(contact, nameof(contact)))]);

    public static ApiRequest AddContactList(GroupId groupId, IEnumerable<ContactFields> contacts) =>
        new(ApiOperations.AddContactList, [Group(groupId), new("contacts", ContactsJson(contacts, nameof(contacts)), IsJson: true)]);

    public static ApiRequest ModifyContact(GroupId groupId, ContactId contactId, ContactFields contact) =>
        new(ApiOperations.ModifyContact, [Group(groupId), Contact(contactId), new("contact", ContactText(contact, nameof(contact)))]);

    public static ApiRequest DeleteContact(GroupId groupId, ContactId contactId) => GroupAndContact(ApiOperations.DeleteContact, groupId, contactId);

    /// <summary>Writes contacts as the JSON array <c>addcontactlist</c> takes: <c>[{"mobile":"346...","name":"Ana"}]</c>.</summary>
    internal static string ContactsJson(IEnumerable<ContactFields> contacts, string paramName)
    {
        ArgumentNullException.ThrowIfNull(contacts, paramName);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, ContactsJsonOptions))
        {
            writer.WriteStartArray();
            var index = 0;
            foreach (var contact in contacts)
            {
                if (contact is null || contact.Count == 0)
                {
                    throw new ArgumentException($"Contact #{index + 1} has no fields; every contact needs at least its main field.", paramName);
                }

                writer.WriteStartObject();
                foreach (var (name, value) in contact)
                {
                    if (string.IsNullOrWhiteSpace(name))
                    {
                        throw new ArgumentException($"Contact #{index + 1} has a field with an empty name.", paramName);
                    }

                    if (ApiRequest.LoneSurrogateAt(name) is not null || ApiRequest.LoneSurrogateAt(value) is not null)
                    {
                        throw new ArgumentException(
                            $"Contact #{index + 1}, field '{name}': the text holds a lone surrogate, which no transport can carry; nothing was sent.", paramName);
                    }

                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                index++;
            }

            if (index == 0)
            {
                throw new ArgumentException("At least one contact is needed.", paramName);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static ApiRequest GroupOnly(ApiOperation operation, GroupId groupId) => new(operation, [Group(groupId)]);

    private static ApiRequest GroupAndContact(ApiOperation operation, GroupId groupId, ContactId contactId) =>
        new(operation, [Group(groupId), Contact(contactId)]);

    private static ApiRequest GroupAndField(ApiOperation operation, GroupId groupId, string field)
    {
        RequireFieldName(field, nameof(field));
        return new(operation, [Group(groupId), new("field", field)]);
    }

    private static ApiParameter Group(GroupId groupId)
    {
        if (groupId.Value <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(groupId), groupId.Value, "A group id is a positive number.");
        }

        return new("idgroup", groupId.Value.ToString(CultureInfo.InvariantCulture));
    }

    private static ApiParameter Contact(ContactId contactId)
    {
        if (contactId.Value <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(contactId), contactId.Value, "A contact id is a positive number.");
        }

        return new("idcontact", contactId.Value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Writes the <c>field:value,field:value</c> format. It has no escaping, so a <c>,</c> or <c>:</c> inside a
    /// name or value cannot be expressed: refuse it rather than let the server split the contact wrongly.
    /// </summary>
    private static string ContactText(ContactFields contact, string paramName)
    {
        ArgumentNullException.ThrowIfNull(contact, paramName);
        if (contact.Count == 0)
        {
            throw new ArgumentException("The contact has no fields; it needs at least its main field (mobile or email).", paramName);
        }

        var text = new StringBuilder();
        foreach (var (name, value) in contact)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ArgumentException("The contact has a field with an empty name.", paramName);
            }

            if (name.AsSpan().IndexOfAny(',', ':') >= 0 || value.AsSpan().IndexOfAny(',', ':') >= 0)
            {
                throw new ArgumentException(
                    $"The field '{name}' contains ',' or ':', which the API's contact format (field:value,field:value) cannot carry. " +
                    "Use AddContactListAsync, whose JSON carries any character.",
                    paramName);
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(name).Append(':').Append(value);
        }

        return text.ToString();
    }

    private static void RequireText(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException("A value is required; it must not be empty or white space.", paramName);
        }
    }

    /// <summary>Column names travel comma-separated in <c>fields</c> and as <c>field:value</c> in contacts.</summary>
    private static void RequireFieldName(string field, string paramName)
    {
        RequireText(field, paramName);
        if (field.AsSpan().IndexOfAny(',', ':') >= 0)
        {
            throw new ArgumentException($"The field name '{field}' contains ',' or ':', which the API uses as separators.", paramName);
        }
    }
}
