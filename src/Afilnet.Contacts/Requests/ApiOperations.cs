namespace Afilnet.Contacts.Transport;

/// <summary>The twelve documented operations of the Contacts API, with their parameters in documented order.</summary>
public static class ApiOperations
{
    /// <summary><c>creategroup(name, type, fields)</c>.</summary>
    public static ApiOperation CreateGroup { get; } = new("creategroup", false, ApiResultShape.GroupId, "name", "type", "fields");

    /// <summary><c>getgroupcolumns(idgroup)</c>.</summary>
    public static ApiOperation GetGroupColumns { get; } = new("getgroupcolumns", true, ApiResultShape.Columns, "idgroup");

    /// <summary><c>addcolumntogroup(idgroup, field)</c>.</summary>
    public static ApiOperation AddColumnToGroup { get; } = new("addcolumntogroup", false, ApiResultShape.None, "idgroup", "field");

    /// <summary><c>deletecolumnfromgroup(idgroup, field)</c>.</summary>
    public static ApiOperation DeleteColumnFromGroup { get; } = new("deletecolumnfromgroup", false, ApiResultShape.None, "idgroup", "field");

    /// <summary><c>deletegroup(idgroup)</c>.</summary>
    public static ApiOperation DeleteGroup { get; } = new("deletegroup", false, ApiResultShape.None, "idgroup");

    /// <summary><c>assigncountrytogroup(idgroup, countryiso3)</c>.</summary>
    public static ApiOperation AssignCountryToGroup { get; } = new("assigncountrytogroup", false, ApiResultShape.None, "idgroup", "countryiso3");

    /// <summary><c>getcontacts(idgroup)</c>.</summary>
    public static ApiOperation GetContacts { get; } = new("getcontacts", true, ApiResultShape.ContactList, "idgroup");

    /// <summary><c>getcontact(idgroup, idcontact)</c>.</summary>
    public static ApiOperation GetContact { get; } = new("getcontact", true, ApiResultShape.Contact, "idgroup", "idcontact");

    /// <summary><c>addcontact(idgroup, contact)</c>.</summary>
    public static ApiOperation AddContact { get; } = new("addcontact", false, ApiResultShape.ContactId, "idgroup", "contact");

    /// <summary><c>addcontactlist(idgroup, contacts)</c>; <c>contacts</c> is a JSON array of objects.</summary>
    public static ApiOperation AddContactList { get; } = new("addcontactlist", false, ApiResultShape.Added, "idgroup", "contacts");

    /// <summary><c>modifycontact(idgroup, idcontact, contact)</c>.</summary>
    public static ApiOperation ModifyContact { get; } = new("modifycontact", false, ApiResultShape.None, "idgroup", "idcontact", "contact");

    /// <summary><c>deletecontact(idgroup, idcontact)</c>.</summary>
    public static ApiOperation DeleteContact { get; } = new("deletecontact", false, ApiResultShape.None, "idgroup", "idcontact");

    /// <summary>All twelve operations, in the provider documentation's order.</summary>
    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        CreateGroup, GetGroupColumns, AddColumnToGroup, DeleteColumnFromGroup, DeleteGroup, AssignCountryToGroup,
        GetContacts, GetContact, AddContact, AddContactList, ModifyContact, DeleteContact,
    ];

    /// <summary>Finds an operation by its wire name (case-insensitive).</summary>
    /// <param name="name">For example <c>creategroup</c>.</param>
    /// <returns>The operation, or <see langword="null"/> when the name is not one of the twelve.</returns>
    public static ApiOperation? Find(string name)
    {
        foreach (var operation in All)
        {
            if (string.Equals(operation.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return operation;
            }
        }

        return null;
    }
}
