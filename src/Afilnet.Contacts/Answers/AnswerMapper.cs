using System.Globalization;
using Afilnet.Contacts.Transport;

namespace Afilnet.Contacts;

/// <summary>
/// The one place that turns an <see cref="ApiAnswer"/> into a typed result or a typed error, for every transport.
/// </summary>
internal static class AnswerMapper
{
    public static void ThrowIfError(ApiAnswer answer, ApiOperation operation)
    {
        if (answer is null)
        {
            throw new AfilnetProtocolException($"The transport returned no answer for '{operation.Name}'.", operation.Name);
        }

        if (answer.ErrorCode is { } code)
        {
            throw new AfilnetApiException(code, operation.Name);
        }
    }

    public static CreateGroupResult ToCreateGroupResult(ApiAnswer answer) =>
        new(OptionalId(answer.Result, "idgroup", ApiOperations.CreateGroup) is { } id ? new GroupId(id) : null);

    public static AddContactResult ToAddContactResult(ApiAnswer answer) =>
        new(OptionalId(answer.Result, "idcontact", ApiOperations.AddContact) is { } id ? new ContactId(id) : null);

    public static AddContactListResult ToAddContactListResult(ApiAnswer answer)
    {
        var added = OptionalId(answer.Result, "added", ApiOperations.AddContactList);
        return new(added is null ? null : checked((int)added.Value));
    }

    public static IReadOnlyList<string> ToColumns(ApiAnswer answer) =>
        ToList(answer, ApiOperations.GetGroupColumns, "a list of column names", static (item, operation) =>
            item.Kind == ApiValueKind.Scalar ? item.Text! : throw Unexpected(operation, "a column name", item));

    public static IReadOnlyList<Contact> ToContacts(ApiAnswer answer) =>
        ToList(answer, ApiOperations.GetContacts, "a list of contacts", ToContact);

    public static Contact ToContact(ApiAnswer answer)
    {
        var operation = ApiOperations.GetContact;
        return answer.Result switch
        {
            null => throw new AfilnetProtocolException($"Afilnet '{operation.Name}' succeeded but sent no contact.", operation.Name),

            // Some servers wrap a single contact in a list.
            { Kind: ApiValueKind.List, Items.Count: 1 } list => ToContact(list.Items[0], operation),
            var result => ToContact(result, operation),
        };
    }

    private static Contact ToContact(ApiValue value, ApiOperation operation)
    {
        if (value.Kind != ApiValueKind.Record)
        {
            throw Unexpected(operation, "a contact object", value);
        }

        long? id = null;
        var fields = new ContactFields();
        // Indexed loops here and below: foreach over an IReadOnlyList boxes an enumerator per contact.
        var properties = value.Properties;
        for (var i = 0; i < properties.Count; i++)
        {
            var (name, fieldValue) = properties[i];
            if (fieldValue.Kind != ApiValueKind.Scalar)
            {
                throw Unexpected(operation, $"a text value for field '{name}'", fieldValue);
            }

            if (string.Equals(name, "idcontact", StringComparison.OrdinalIgnoreCase))
            {
                id = ParseId(fieldValue, name, operation);
            }
            else
            {
                fields[name] = fieldValue.Text!;
            }
        }

        return id is { } contactId
            ? new Contact(new ContactId(contactId), fields)
            : throw new AfilnetProtocolException($"Afilnet '{operation.Name}' sent a contact without 'idcontact'.", operation.Name);
    }

    /// <summary>An absent result is an empty list; anything but a list is unreadable.</summary>
    private static List<T> ToList<T>(ApiAnswer answer, ApiOperation operation, string expected, Func<ApiValue, ApiOperation, T> map)
    {
        var result = answer.Result;
        if (result is null)
        {
            return [];
        }

        if (result.Kind != ApiValueKind.List)
        {
            throw Unexpected(operation, expected, result);
        }

        var source = result.Items;
        var items = new List<T>(source.Count);
        for (var i = 0; i < source.Count; i++)
        {
            items.Add(map(source[i], operation));
        }

        return items;
    }

    private static long? OptionalId(ApiValue? result, string name, ApiOperation operation)
    {
        if (result is null)
        {
            return null;
        }

        if (result.Kind != ApiValueKind.Record)
        {
            throw Unexpected(operation, $"an object with '{name}'", result);
        }

        // As ApiValue.Property (first match, any case), without boxing an enumerator.
        var properties = result.Properties;
        for (var i = 0; i < properties.Count; i++)
        {
            if (string.Equals(properties[i].Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return ParseId(properties[i].Value, name, operation);
            }
        }

        return null;
    }

    private static long ParseId(ApiValue value, string name, ApiOperation operation) =>
        value.Kind == ApiValueKind.Scalar && long.TryParse(value.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw Unexpected(operation, $"a whole number for '{name}'", value);

    private static AfilnetProtocolException Unexpected(ApiOperation operation, string expected, ApiValue actual)
    {
        var shown = actual.ToString();
        if (shown.Length > 60)
        {
            shown = string.Concat(shown.AsSpan(0, 60), "…");
        }

        return new($"Afilnet '{operation.Name}' sent a result the SDK cannot read: expected {expected}, got '{shown}'.", operation.Name, shown);
    }
}
