using Afilnet.Contacts.Transport;

namespace Afilnet.Contacts;

/// <summary>
/// The Contacts API over any <see cref="ITransport"/>: arguments are checked and turned into a neutral request,
/// the transport carries it, and the neutral answer is mapped to a typed result or error. Thread-safe.
/// </summary>
public sealed class ContactsClient : IContactsApi
{
    private readonly ITransport _transport;

    /// <summary>Creates a client over <paramref name="transport"/>.</summary>
    /// <param name="transport">The connection style to use, for example an <c>HttpPostTransport</c>.</param>
    /// <param name="options">The settings, or <see langword="null"/> for the defaults; copied.</param>
    /// <exception cref="ArgumentException">The transport's security level is below <see cref="ContactsClientOptions.MinimumSecurityLevel"/>.</exception>
    public ContactsClient(ITransport transport, ContactsClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var minimum = options?.MinimumSecurityLevel ?? SecurityLevel.Low;
        if (!Enum.IsDefined(minimum))
        {
            throw new ArgumentOutOfRangeException(nameof(options), minimum, "MinimumSecurityLevel must be a defined SecurityLevel.");
        }

        if (transport.SecurityLevel < minimum)
        {
            throw new ArgumentException(
                $"The transport {transport.Name} has security level {transport.SecurityLevel}, below the configured minimum {minimum}. " +
                "Use a stronger transport or lower MinimumSecurityLevel.",
                nameof(transport));
        }

        _transport = transport;
        MinimumSecurityLevel = minimum;
    }

    /// <summary>The weakest transport security level this client accepts.</summary>
    public SecurityLevel MinimumSecurityLevel { get; }

    /// <summary>The transport this client sends through.</summary>
    public ITransport Transport => _transport;

    /// <inheritdoc />
    public async Task<CreateGroupResult> CreateGroupAsync(string name, GroupType type, IEnumerable<string> fields, CancellationToken cancellationToken = default) =>
        AnswerMapper.ToCreateGroupResult(await SendAsync(ApiRequestFactory.CreateGroup(name, type, fields), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetGroupColumnsAsync(GroupId groupId, CancellationToken cancellationToken = default) =>
        AnswerMapper.ToColumns(await SendAsync(ApiRequestFactory.GetGroupColumns(groupId), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task AddColumnToGroupAsync(GroupId groupId, string field, CancellationToken cancellationToken = default) =>
        SendAsync(ApiRequestFactory.AddColumnToGroup(groupId, field), cancellationToken);

    /// <inheritdoc />
    public Task DeleteColumnFromGroupAsync(GroupId groupId, string field, CancellationToken cancellationToken = default) =>
        SendAsync(ApiRequestFactory.DeleteColumnFromGroup(groupId, field), cancellationToken);

    /// <inheritdoc />
    public Task DeleteGroupAsync(GroupId groupId, CancellationToken cancellationToken = default) =>
        SendAsync(ApiRequestFactory.DeleteGroup(groupId), cancellationToken);

    /// <inheritdoc />
    public Task AssignCountryToGroupAsync(GroupId groupId, string countryIso3, CancellationToken cancellationToken = default) =>
        SendAsync(ApiRequestFactory.AssignCountryToGroup(groupId, countryIso3), cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Contact>> GetContactsAsync(GroupId groupId, CancellationToken cancellationToken = default) =>
        AnswerMapper.ToContacts(await SendAsync(ApiRequestFactory.GetContacts(groupId), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<Contact> GetContactAsync(GroupId groupId, ContactId contactId, CancellationToken cancellationToken = default) =>
        AnswerMapper.ToContact(await SendAsync(ApiRequestFactory.GetContact(groupId, contactId), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<AddContactResult> AddContactAsync(GroupId groupId, ContactFields contact, CancellationToken cancellationToken = default) =>
        AnswerMapper.ToAddContactResult(await SendAsync(ApiRequestFactory.AddContact(groupId, contact), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<AddContactListResult> AddContactListAsync(GroupId groupId, IEnumerable<ContactFields> contacts, CancellationToken cancellationToken = default) =>
        AnswerMapper.ToAddContactListResult(await SendAsync(ApiRequestFactory.AddContactList(groupId, contacts), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task ModifyContactAsync(GroupId groupId, ContactId contactId, ContactFields contact, CancellationToken cancellationToken = default) =>
        SendAsync(ApiRequestFactory.ModifyContact(groupId, contactId, contact), cancellationToken);

    /// <inheritdoc />
    public Task DeleteContactAsync(GroupId groupId, ContactId contactId, CancellationToken cancellationToken = default) =>
        SendAsync(ApiRequestFactory.DeleteContact(groupId, contactId), cancellationToken);

    /// <summary>The one path every call takes: send, then turn an API error into <see cref="AfilnetApiException"/>.</summary>
    private async Task<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var answer = await _transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        AnswerMapper.ThrowIfError(answer, request.Operation);
        return answer;
    }
}
