namespace Afilnet.Contacts;

/// <summary>
/// The twelve methods of the Afilnet Contacts API (class <c>group</c>), independent of the transport that carries them.
/// </summary>
/// <remarks>
/// Every method checks its arguments before anything is sent and throws <see cref="ArgumentException"/> for input the
/// API cannot accept. Once sent, a call fails with <see cref="AfilnetApiException"/> (the API's error code),
/// <see cref="AfilnetTransportException"/> (no usable exchange) or <see cref="AfilnetProtocolException"/> (unreadable answer).
/// </remarks>
public interface IContactsApi
{
    /// <summary>Creates a group.</summary>
    /// <remarks>Wire method <c>creategroup</c>. Documented errors: INCORRECT_TYPE, MISSING_MAIN_FIELD.</remarks>
    /// <param name="name">The group's name.</param>
    /// <param name="type">Mobile or e-mail; decides the main field.</param>
    /// <param name="fields">The group's columns; must include <c>mobile</c> for a mobile group, <c>email</c> for an e-mail group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new group's id, when the server sends it.</returns>
    /// <exception cref="ArgumentException">Empty name, unknown type, a field name with <c>,</c> or <c>:</c>, or no main field.</exception>
    /// <exception cref="AfilnetException">The call failed; see the remarks of <see cref="IContactsApi"/>.</exception>
    Task<CreateGroupResult> CreateGroupAsync(string name, GroupType type, IEnumerable<string> fields, CancellationToken cancellationToken = default);

    /// <summary>Lists a group's columns.</summary>
    /// <remarks>Wire method <c>getgroupcolumns</c>. Documented error: NOT_ACCESS_TO_GROUP.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The column names in order; empty when the server sends none.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The group id is not positive.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task<IReadOnlyList<string>> GetGroupColumnsAsync(GroupId groupId, CancellationToken cancellationToken = default);

    /// <summary>Adds a column to a group.</summary>
    /// <remarks>Wire method <c>addcolumntogroup</c>. Documented error: NOT_ACCESS_TO_GROUP.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="field">The new column's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has answered.</returns>
    /// <exception cref="ArgumentException">Empty field name, or one with <c>,</c> or <c>:</c>.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task AddColumnToGroupAsync(GroupId groupId, string field, CancellationToken cancellationToken = default);

    /// <summary>Removes a column from a group.</summary>
    /// <remarks>Wire method <c>deletecolumnfromgroup</c>. Documented error: NOT_ACCESS_TO_GROUP.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="field">The column's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has answered.</returns>
    /// <exception cref="ArgumentException">Empty field name, or one with <c>,</c> or <c>:</c>.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task DeleteColumnFromGroupAsync(GroupId groupId, string field, CancellationToken cancellationToken = default);

    /// <summary>Deletes a group.</summary>
    /// <remarks>Wire method <c>deletegroup</c>. Documented error: NOT_ACCESS_TO_GROUP.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has answered.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The group id is not positive.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task DeleteGroupAsync(GroupId groupId, CancellationToken cancellationToken = default);

    /// <summary>Assigns a country to a group, which decides how its mobile numbers are read.</summary>
    /// <remarks>Wire method <c>assigncountrytogroup</c>. Documented errors: NOT_ACCESS_TO_GROUP, COUNTRY_NOT_FOUND.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="countryIso3">An ISO 3166-1 alpha-3 code such as <c>esp</c>; sent in lower case.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has answered.</returns>
    /// <exception cref="ArgumentException">The code is not three letters.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task AssignCountryToGroupAsync(GroupId groupId, string countryIso3, CancellationToken cancellationToken = default);

    /// <summary>Lists the contacts of a group.</summary>
    /// <remarks>Wire method <c>getcontacts</c>. Documented error: NOT_ACCESS_TO_GROUP.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The contacts; empty when the server sends none.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The group id is not positive.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task<IReadOnlyList<Contact>> GetContactsAsync(GroupId groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the contacts of a group as they arrive, for a group of any size: memory holds one contact at a time, and
    /// <see cref="AfilnetOptions.MaxResponseBytes"/> bounds each contact rather than the whole list.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Wire method <c>getcontacts</c>, the same request as <see cref="GetContactsAsync"/>. Nothing is sent until the
    /// enumeration starts. A failure before the first contact is retried as any read is; once contacts have been handed
    /// on, a failure (the connection breaking, a malformed record, no data within <see cref="AfilnetOptions.Timeout"/>)
    /// ends the enumeration with the SDK's exception and is not retried, since a new request would start the list over.
    /// </para>
    /// <para>
    /// The HTTP styles and OAuth2Json read the answer incrementally. Soap reads it whole first (within
    /// <see cref="AfilnetOptions.MaxResponseBytes"/>), and an answer that sends its status after its list is held whole
    /// too until the status says whether the contacts may be used.
    /// </para>
    /// </remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="cancellationToken">Cancels the listing; a token given to <c>WithCancellation</c> does too.</param>
    /// <returns>The contacts, in the order the server sends them.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The group id is not positive (raised when the enumeration starts).</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    IAsyncEnumerable<Contact> StreamContactsAsync(GroupId groupId, CancellationToken cancellationToken = default);

    /// <summary>Reads one contact.</summary>
    /// <remarks>Wire method <c>getcontact</c>. Documented errors: NOT_ACCESS_TO_GROUP, NOT_ACCESS_TO_CONTACT.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="contactId">The contact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The contact.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is not positive.</exception>
    /// <exception cref="AfilnetException">The call failed, or the server sent no contact.</exception>
    Task<Contact> GetContactAsync(GroupId groupId, ContactId contactId, CancellationToken cancellationToken = default);

    /// <summary>Adds one contact to a group.</summary>
    /// <remarks>
    /// Wire method <c>addcontact</c>, whose <c>field:value,field:value</c> format cannot carry <c>,</c> or <c>:</c>;
    /// use <see cref="AddContactListAsync"/> for such values. Documented errors: CONTACT_EXISTS, NOT_ACCESS_TO_GROUP.
    /// </remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="contact">The contact's fields, including the group's main field.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new contact's id, when the server sends it.</returns>
    /// <exception cref="ArgumentException">No fields, or a name or value with <c>,</c> or <c>:</c> (the message names the field).</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task<AddContactResult> AddContactAsync(GroupId groupId, ContactFields contact, CancellationToken cancellationToken = default);

    /// <summary>Adds several contacts to a group in one call.</summary>
    /// <remarks>Wire method <c>addcontactlist</c>; contacts travel as a JSON array, so any character is allowed. Documented error: NOT_ACCESS_TO_GROUP.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="contacts">The contacts, at least one, each with at least one field.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many the server added, when it says.</returns>
    /// <exception cref="ArgumentException">No contacts, or a contact without fields.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task<AddContactListResult> AddContactListAsync(GroupId groupId, IEnumerable<ContactFields> contacts, CancellationToken cancellationToken = default);

    /// <summary>Changes a contact's fields.</summary>
    /// <remarks>Wire method <c>modifycontact</c>, same contact format as <see cref="AddContactAsync"/>. Documented error: NOT_ACCESS_TO_GROUP.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="contactId">The contact.</param>
    /// <param name="contact">The fields to set.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has answered.</returns>
    /// <exception cref="ArgumentException">No fields, or a name or value with <c>,</c> or <c>:</c>.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task ModifyContactAsync(GroupId groupId, ContactId contactId, ContactFields contact, CancellationToken cancellationToken = default);

    /// <summary>Deletes a contact.</summary>
    /// <remarks>Wire method <c>deletecontact</c>. Documented error: NOT_ACCESS_TO_GROUP.</remarks>
    /// <param name="groupId">The group.</param>
    /// <param name="contactId">The contact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server has answered.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An id is not positive.</exception>
    /// <exception cref="AfilnetException">The call failed.</exception>
    Task DeleteContactAsync(GroupId groupId, ContactId contactId, CancellationToken cancellationToken = default);
}
