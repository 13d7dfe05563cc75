using Afilnet.Contacts.Import;

namespace Afilnet.Contacts.Sync;

/// <summary>How <see cref="GroupSyncExtensions.SyncGroupAsync(IContactsApi, GroupId, IAsyncEnumerable{ContactFields}, GroupSyncOptions?, IProgress{GroupSyncProgress}?, CancellationToken)"/> plans and writes.</summary>
public sealed class GroupSyncOptions
{
    /// <summary>Plan only: read the group and the source, and write nothing. Every planned write is in <see cref="GroupSyncResult.Pending"/>.</summary>
    public bool DryRun { get; set; }

    /// <summary>
    /// Delete the group's contacts whose main field is not in the source (and the second and later contacts of a main
    /// field the group holds twice). Off by default: they are left alone and counted in <see cref="GroupSyncResult.NotInSource"/>.
    /// </summary>
    public bool DeleteMissing { get; set; }

    /// <summary>
    /// The group's main field, <c>mobile</c> or <c>email</c>. When empty, <c>mobile</c> if the first source row has it,
    /// otherwise <c>email</c> (as the importer decides).
    /// </summary>
    public string? MainField { get; set; }

    /// <summary>
    /// The region (ISO 3166-1 alpha-2, for example <c>ES</c>) national mobile forms are read in, for keys and for the
    /// validity check; see <see cref="ContactImportOptions.DefaultRegion"/>. When null, a number without <c>+</c> is read
    /// country code first (<c>34600000000</c>), as the API writes numbers.
    /// </summary>
    public string? DefaultRegion { get; set; }

    /// <summary>The largest <c>addcontactlist</c> batch for the adds; see <see cref="ContactImportOptions.MaxBatchSize"/>.</summary>
    public int MaxBatchSize { get; set; } = ContactImportOptions.DefaultMaxBatchSize;
}
