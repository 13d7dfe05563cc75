namespace Afilnet.Contacts;

/// <summary>The answer to <c>creategroup</c>.</summary>
/// <param name="groupId">The new group's identifier, when the server sent one.</param>
public sealed class CreateGroupResult(GroupId? groupId)
{
    /// <summary>
    /// The new group's identifier, or <see langword="null"/> when the server did not send one (the provider documents
    /// "no additional values" for this method).
    /// </summary>
    public GroupId? GroupId { get; } = groupId;

    /// <summary>Describes the result.</summary>
    /// <returns>For example <c>CreateGroupResult { GroupId = 1000 }</c>.</returns>
    public override string ToString() => $"CreateGroupResult {{ GroupId = {GroupId?.ToString() ?? "none"} }}";
}

/// <summary>The answer to <c>addcontact</c>.</summary>
/// <param name="contactId">The new contact's identifier, when the server sent one.</param>
public sealed class AddContactResult(ContactId? contactId)
{
    /// <summary>The new contact's identifier, or <see langword="null"/> when the server did not send one.</summary>
    public ContactId? ContactId { get; } = contactId;

    /// <summary>Describes the result.</summary>
    /// <returns>For example <c>AddContactResult { ContactId = 1001 }</c>.</returns>
    public override string ToString() => $"AddContactResult {{ ContactId = {ContactId?.ToString() ?? "none"} }}";
}

/// <summary>The answer to <c>addcontactlist</c>.</summary>
/// <param name="added">How many contacts the server says it added, when it said.</param>
public sealed class AddContactListResult(int? added)
{
    /// <summary>How many contacts the server says it added, or <see langword="null"/> when it did not say.</summary>
    public int? Added { get; } = added;

    /// <summary>Describes the result.</summary>
    /// <returns>For example <c>AddContactListResult { Added = 2 }</c>.</returns>
    public override string ToString() => $"AddContactListResult {{ Added = {Added?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"} }}";
}
