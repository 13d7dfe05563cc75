namespace Afilnet.Contacts;

/// <summary>A contact of a group as the API returns it: its identifier and its field values in the order sent.</summary>
/// <param name="id">The contact's identifier.</param>
/// <param name="fields">The contact's field values.</param>
public sealed class Contact(ContactId id, ContactFields fields)
{
    /// <summary>The contact's identifier.</summary>
    public ContactId Id { get; } = id;

    /// <summary>The contact's field values, in the order the server sent them.</summary>
    public ContactFields Fields { get; } = fields ?? throw new ArgumentNullException(nameof(fields));

    /// <summary>Describes the contact.</summary>
    /// <returns>For example <c>1000 mobile:34600000000,name:Ana</c>.</returns>
    public override string ToString() => $"{Id} {Fields}";
}
