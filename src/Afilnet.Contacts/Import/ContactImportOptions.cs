namespace Afilnet.Contacts.Import;

/// <summary>How <see cref="ContactImportExtensions.ImportContactsAsync(IContactsApi, GroupId, IAsyncEnumerable{ContactFields}, ContactImportOptions?, IProgress{ContactImportProgress}?, CancellationToken)"/> batches and recovers.</summary>
public sealed class ContactImportOptions
{
    /// <summary>The default largest batch: 500 contacts per <c>addcontactlist</c> call.</summary>
    public const int DefaultMaxBatchSize = 500;

    /// <summary>
    /// The largest number of contacts sent in one <c>addcontactlist</c> call. Under a GET transport a batch whose URL
    /// would be over the limit is halved until it fits (nothing is sent meanwhile), and later batches keep that size.
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>
    /// Opt-in: after a batch whose outcome is unknown (for example a timeout once the request was sent), look the
    /// group's contacts up by their main field with <c>getcontacts</c> before sending again, so that nothing is added
    /// twice or lost. Off by default: it reads the whole group once per such batch.
    /// </summary>
    public bool ReconcileUnknownOutcomes { get; set; }

    /// <summary>
    /// The group's main field, used by reconciliation: <c>mobile</c> or <c>email</c>. When empty, <c>mobile</c> if the
    /// first contact has it, otherwise <c>email</c>.
    /// </summary>
    public string? MainField { get; set; }
}
