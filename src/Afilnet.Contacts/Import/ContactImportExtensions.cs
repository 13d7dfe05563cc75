namespace Afilnet.Contacts.Import;

/// <summary>Bulk import over any <see cref="IContactsApi"/>: batches of <c>addcontactlist</c>, nothing lost silently.</summary>
public static class ContactImportExtensions
{
    /// <summary>Adds a sequence of contacts to a group in <c>addcontactlist</c> batches, as the <see cref="IAsyncEnumerable{T}"/> overload does, from a list or any other sequence.</summary>
    /// <inheritdoc cref="ImportContactsAsync(IContactsApi, GroupId, IAsyncEnumerable{ContactFields}, ContactImportOptions, IProgress{ContactImportProgress}, CancellationToken)"/>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ by the sequence type (IEnumerable or IAsyncEnumerable), so no call is ambiguous.")]
    public static Task<ContactImportResult> ImportContactsAsync(
        this IContactsApi api,
        GroupId groupId,
        IEnumerable<ContactFields> contacts,
        ContactImportOptions? options = null,
        IProgress<ContactImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        return api.ImportContactsAsync(groupId, contacts.ToAsyncEnumerable(), options, progress, cancellationToken);
    }

    /// <summary>Adds a stream of contacts to a group in <c>addcontactlist</c> batches.</summary>
    /// <param name="api">The client (any transport).</param>
    /// <param name="groupId">The group.</param>
    /// <param name="contacts">The contacts, read once and lazily; memory stays bounded by one batch.</param>
    /// <param name="options">Batch size and recovery; defaults when null.</param>
    /// <param name="progress">Receives a report after each batch.</param>
    /// <param name="cancellationToken">Stops the import between batches.</param>
    /// <returns>What was read, added and refused, and every contact that failed with its reason.</returns>
    /// <exception cref="ContactImportCanceledException">Cancelled; carries what had been done by then.</exception>
    /// <exception cref="ArgumentException">Invalid options or group id. Invalid contacts do not throw: they are reported in the result.</exception>
    /// <exception cref="AfilnetException">
    /// <see cref="ContactImportOptions.ReconcileUnknownOutcomes"/> is on and the group could not be read before the first
    /// batch; nothing was sent.
    /// </exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ by the sequence type (IEnumerable or IAsyncEnumerable), so no call is ambiguous.")]
    public static Task<ContactImportResult> ImportContactsAsync(
        this IContactsApi api,
        GroupId groupId,
        IAsyncEnumerable<ContactFields> contacts,
        ContactImportOptions? options = null,
        IProgress<ContactImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(contacts);
        options ??= new ContactImportOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options.MaxBatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ReconcileSettleDelay, TimeSpan.Zero, nameof(options.ReconcileSettleDelay));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ReconcileSettleDelay, TimeSpan.FromMilliseconds(int.MaxValue), nameof(options.ReconcileSettleDelay));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        MainFieldKey.ThrowIfUnknownRegion(options.DefaultRegion, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(groupId.Value, 1, nameof(groupId));
        return new ContactImporter(api, groupId, options, progress).RunAsync(contacts, cancellationToken);
    }
}
