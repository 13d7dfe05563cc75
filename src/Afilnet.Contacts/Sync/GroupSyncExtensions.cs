using Afilnet.Contacts.Import;

namespace Afilnet.Contacts.Sync;

/// <summary>Group sync over any <see cref="IContactsApi"/>: make a group hold what a source of truth holds, planned from a fresh read.</summary>
public static class GroupSyncExtensions
{
    /// <summary>Converges a group to a sequence of contacts, as the <see cref="IAsyncEnumerable{T}"/> overload does, from a list or any other sequence.</summary>
    /// <inheritdoc cref="SyncGroupAsync(IContactsApi, GroupId, IAsyncEnumerable{ContactFields}, GroupSyncOptions, IProgress{GroupSyncProgress}, CancellationToken)"/>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ by the sequence type (IEnumerable or IAsyncEnumerable), so no call is ambiguous.")]
    public static Task<GroupSyncResult> SyncGroupAsync(
        this IContactsApi api,
        GroupId groupId,
        IEnumerable<ContactFields> contacts,
        GroupSyncOptions? options = null,
        IProgress<GroupSyncProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        return api.SyncGroupAsync(groupId, contacts.ToAsyncEnumerable(), options, progress, cancellationToken);
    }

    /// <summary>
    /// Converges a group to a stream of contacts, the source of truth: reads the group (<c>getgroupcolumns</c>,
    /// <c>getcontacts</c>), keys both sides by the main field normalised as the importer's reconciliation does, and
    /// adds what is missing (<c>addcontactlist</c> batches), sets the fields that differ (<c>modifycontact</c>) and,
    /// with <see cref="GroupSyncOptions.DeleteMissing"/>, deletes what the source lacks (<c>deletecontact</c>).
    /// </summary>
    /// <remarks>
    /// Each run plans from a fresh read, so running it again after an interruption or a failure finishes the work and a
    /// run with nothing left to do writes nothing. Rows are rejected, with the reason, when their main field is empty or
    /// invalid (a mobile libphonenumber does not hold for valid), when an earlier row has the same main field (the first
    /// wins), or when a field to modify has <c>,</c> or <c>:</c>.
    /// </remarks>
    /// <param name="api">The client (any transport).</param>
    /// <param name="groupId">The group.</param>
    /// <param name="contacts">The source of truth, read once; per row only its key is kept, and its fields when it is to be added or modified.</param>
    /// <param name="options">Dry run, deletions, main field, region and batch size; defaults when null.</param>
    /// <param name="progress">Receives a report once the plan is made and after each write.</param>
    /// <param name="cancellationToken">Stops the sync between writes.</param>
    /// <returns>The plan, and what came of every row of it.</returns>
    /// <exception cref="GroupSyncCanceledException">Cancelled; carries what had been planned and done by then.</exception>
    /// <exception cref="ArgumentException">Invalid options or group id. Invalid rows do not throw: they are rejected in the result.</exception>
    /// <exception cref="AfilnetException">The group's columns or contacts could not be read; nothing was written.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ by the sequence type (IEnumerable or IAsyncEnumerable), so no call is ambiguous.")]
    public static Task<GroupSyncResult> SyncGroupAsync(
        this IContactsApi api,
        GroupId groupId,
        IAsyncEnumerable<ContactFields> contacts,
        GroupSyncOptions? options = null,
        IProgress<GroupSyncProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(contacts);
        options ??= new GroupSyncOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, nameof(options.MaxBatchSize));
        if (options.MainField is { Length: > 0 } main && main is not ("mobile" or "email"))
        {
            throw new ArgumentException($"MainField '{main}' is neither mobile nor email.", nameof(options));
        }

        MainFieldKey.ThrowIfUnknownRegion(options.DefaultRegion, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(groupId.Value, 1, nameof(groupId));
        return new GroupSynchronizer(api, groupId, options, progress).RunAsync(contacts, cancellationToken);
    }
}
