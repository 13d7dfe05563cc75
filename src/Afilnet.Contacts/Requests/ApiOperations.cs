namespace Afilnet.Contacts.Requests;

/// <summary>The twelve documented operations of the Contacts API, with their parameters in documented order.</summary>
internal static class ApiOperations
{
    public static ApiOperation CreateGroup { get; } = new("creategroup", false, "name", "type", "fields");

    public static ApiOperation GetGroupColumns { get; } = new("getgroupcolumns", true, "idgroup");

    public static ApiOperation AddColumnToGroup { get; } = new("addcolumntogroup", false, "idgroup", "field");

    public static ApiOperation DeleteColumnFromGroup { get; } = new("deletecolumnfromgroup", false, "idgroup", "field");

    public static ApiOperation DeleteGroup { get; } = new("deletegroup", false, "idgroup");

    public static ApiOperation AssignCountryToGroup { get; } = new("assigncountrytogroup", false, "idgroup", "countryiso3");

    public static ApiOperation GetContacts { get; } = new("getcontacts", true, "idgroup");

    public static ApiOperation GetContact { get; } = new("getcontact", true, "idgroup", "idcontact");

    public static ApiOperation AddContact { get; } = new("addcontact", false, "idgroup", "contact");

    /// <summary><c>contacts</c> is a JSON array of objects.</summary>
    public static ApiOperation AddContactList { get; } = new("addcontactlist", false, "idgroup", "contacts");

    public static ApiOperation ModifyContact { get; } = new("modifycontact", false, "idgroup", "idcontact", "contact");

    public static ApiOperation DeleteContact { get; } = new("deletecontact", false, "idgroup", "idcontact");

    /// <summary>All twelve operations, in the provider documentation's order.</summary>
    public static IReadOnlyList<ApiOperation> All { get; } =
    [
        CreateGroup, GetGroupColumns, AddColumnToGroup, DeleteColumnFromGroup, DeleteGroup, AssignCountryToGroup,
        GetContacts, GetContact, AddContact, AddContactList, ModifyContact, DeleteContact,
    ];

    /// <summary>Finds an operation by its wire name (exactly as the catalog spells it).</summary>
    public static ApiOperation? Find(string? name)
    {
        foreach (var operation in All)
        {
            if (string.Equals(operation.Name, name, StringComparison.Ordinal))
            {
                return operation;
            }
        }

        return null;
    }
}
