namespace Afilnet.Contacts;

/// <summary>A contact of a group as the API returns it: its identifier and its field values in column order.</summary>
/// <param name="Id">The contact's identifier.</param>
/// <param name="Fields">The contact's field values, in the order the server sent them.</param>
public sealed record Contact(ContactId Id, ContactFields Fields);
