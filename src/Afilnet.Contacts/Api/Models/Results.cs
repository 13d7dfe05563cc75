namespace Afilnet.Contacts;

/// <summary>The answer to <c>creategroup</c>.</summary>
/// <param name="GroupId">
/// The new group's identifier, or <see langword="null"/> when the server did not send one
/// (the provider documents "no additional values" for this method).
/// </param>
public sealed record CreateGroupResult(GroupId? GroupId);

/// <summary>The answer to <c>addcontact</c>.</summary>
/// <param name="ContactId">The new contact's identifier, or <see langword="null"/> when the server did not send one.</param>
public sealed record AddContactResult(ContactId? ContactId);

/// <summary>The answer to <c>addcontactlist</c>.</summary>
/// <param name="Added">How many contacts the server says it added, or <see langword="null"/> when it did not say.</param>
public sealed record AddContactListResult(int? Added);
