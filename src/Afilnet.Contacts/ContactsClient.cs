using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Transports;
using Afilnet.Contacts.Transports.Http;
using Afilnet.Contacts.Transports.OAuth2Json;
using Microsoft.Extensions.Logging;

namespace Afilnet.Contacts;

/// <summary>
/// The Contacts API over the transport <see cref="AfilnetOptions"/> names: arguments are checked and turned into a
/// neutral request, which goes through telemetry, retries by operation and the transport, whose answer is decoded
/// straight into the typed result. Thread-safe; build one per configuration and keep it. Disposing it releases what it
/// created (its HTTP handler, the Soap channel factory), never a handler it was given.
/// </summary>
public sealed class ContactsClient : IContactsApi, IDisposable, IAsyncDisposable
{
    private readonly InstrumentedTransport _transport;
    private readonly HttpPipeline _pipeline;
    private readonly string _description;
    private IDisposable? _owned;
    private int _disposed;

    /// <summary>Creates a client from <paramref name="options"/>, which are validated and copied.</summary>
    /// <param name="options">The settings: transport, base address, credentials, limits, retries.</param>
    /// <param name="handler">
    /// The HTTP handler every transport sends through (Soap included), for a proxy, a client certificate or an in-memory
    /// fake; not disposed by the client. When <see langword="null"/>, the client creates a <see cref="SocketsHttpHandler"/>
    /// with redirects off. A handler that follows redirects has sent the request elsewhere before the SDK sees the
    /// answer: the SDK refuses that answer, but cannot undo the send.
    /// </param>
    /// <param name="loggerFactory">For the SDK's log lines (one per call, one per retry); none when null.</param>
    /// <param name="timeProvider">The clock of timeouts, backoff and token expiry; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the SDK's meter; a process-wide one when null.</param>
    /// <param name="transports">
    /// Transports that ship in packages of their own, for example <c>AfilnetSoap.Transport</c> from
    /// <c>Afilnet.Contacts.Soap</c>; needed only when <see cref="AfilnetOptions.Transport"/> names one.
    /// </param>
    /// <exception cref="ArgumentException">
    /// A setting is missing or invalid, or the transport's package is not given; the message names each such key and no secret.
    /// </exception>
    public ContactsClient(
        AfilnetOptions options,
        HttpMessageHandler? handler = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null,
        IEnumerable<AfilnetTransportFactory>? transports = null)
        : this(ClientSettings.Create(options), HttpPipeline.Over(handler, timeProvider ?? TimeProvider.System), loggerFactory, meterFactory, transports ?? [], TokenCaching.Local())
    {
    }

    /// <summary>The one composition of a client: transport, retries, telemetry. The DI registration comes here too.</summary>
    internal ContactsClient(ClientSettings settings, HttpPipeline pipeline, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory, IEnumerable<AfilnetTransportFactory> transports, TokenCaching tokens)
    {
        _pipeline = pipeline;
        try
        {
            var transport = TransportCatalog.Create(settings, pipeline, transports, tokens);
            _description = $"ContactsClient {{ {transport} }}";
            _transport = new InstrumentedTransport(
                new ResilientTransport(transport, settings.Retry, pipeline.Time, loggerFactory?.CreateLogger<ResilientTransport>()),
                loggerFactory?.CreateLogger<InstrumentedTransport>(),
                meterFactory,
                pipeline.Time);
        }
        catch
        {
            pipeline.Dispose();
            throw;
        }

        Transport = settings.Transport;
        SecurityLevel = settings.SecurityLevel;
    }

    /// <summary>Something the client releases with itself: the DI registration's configuration-change subscription.</summary>
    internal void Own(IDisposable owned) => _owned = owned;

    /// <summary>The transport the client sends through, as configured.</summary>
    public AfilnetTransportKind Transport { get; }

    /// <summary>The provider's security level of <see cref="Transport"/>.</summary>
    public SecurityLevel SecurityLevel { get; }

    /// <inheritdoc />
    public async Task<CreateGroupResult> CreateGroupAsync(string name, GroupType type, IEnumerable<string> fields, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.CreateGroup, CreateGroupResult>(ApiRequestFactory.CreateGroup(name, type, fields), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> GetGroupColumnsAsync(GroupId groupId, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.Columns, IReadOnlyList<string>>(ApiRequestFactory.GetGroupColumns(groupId), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task AddColumnToGroupAsync(GroupId groupId, string field, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.None, NoResult>(ApiRequestFactory.AddColumnToGroup(groupId, field), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DeleteColumnFromGroupAsync(GroupId groupId, string field, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.None, NoResult>(ApiRequestFactory.DeleteColumnFromGroup(groupId, field), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DeleteGroupAsync(GroupId groupId, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.None, NoResult>(ApiRequestFactory.DeleteGroup(groupId), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task AssignCountryToGroupAsync(GroupId groupId, string countryIso3, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.None, NoResult>(ApiRequestFactory.AssignCountryToGroup(groupId, countryIso3), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<Contact>> GetContactsAsync(GroupId groupId, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.Contacts, IReadOnlyList<Contact>>(ApiRequestFactory.GetContacts(groupId), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async IAsyncEnumerable<Contact> StreamContactsAsync(GroupId groupId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ApiRequestFactory.GetContacts(groupId);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var stream = await _transport.OpenContactsAsync(request, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            while (await stream.NextAsync(cancellationToken).ConfigureAwait(false) is { } contact)
            {
                yield return contact;
            }
        }
    }

    /// <inheritdoc />
    public async Task<Contact> GetContactAsync(GroupId groupId, ContactId contactId, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.SingleContact, Contact>(ApiRequestFactory.GetContact(groupId, contactId), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<AddContactResult> AddContactAsync(GroupId groupId, ContactFields contact, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.AddContact, AddContactResult>(ApiRequestFactory.AddContact(groupId, contact), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<AddContactListResult> AddContactListAsync(GroupId groupId, IEnumerable<ContactFields> contacts, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.AddContactList, AddContactListResult>(ApiRequestFactory.AddContactList(groupId, contacts), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task ModifyContactAsync(GroupId groupId, ContactId contactId, ContactFields contact, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.None, NoResult>(ApiRequestFactory.ModifyContact(groupId, contactId, contact), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task DeleteContactAsync(GroupId groupId, ContactId contactId, CancellationToken cancellationToken = default) =>
        await SendAsync<Decoders.None, NoResult>(ApiRequestFactory.DeleteContact(groupId, contactId), cancellationToken).ConfigureAwait(false);

    /// <summary>Releases the HTTP handler and the Soap channel factory the client created.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            _owned?.Dispose();
            _transport.Dispose();
        }
        finally
        {
            _pipeline.Dispose();
        }
    }

    /// <summary>Releases the HTTP handler and the Soap channel factory the client created.</summary>
    /// <returns>A completed task: releasing them does not wait on the network.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Describes the client by transport and endpoint, never by credentials.</summary>
    /// <returns>For example <c>ContactsClient { HttpGet https://www.afilnet.com/api/http/ }</c>.</returns>
    public override string ToString() => _description;

    /// <summary>The one path every call takes. A request is built (and refused) before anything is sent.</summary>
    private ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult>
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return _transport.SendAsync<TDecoder, TResult>(request, cancellationToken);
    }
}
