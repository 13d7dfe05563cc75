namespace Afilnet.Contacts.Import;

/// <summary>How <see cref="ContactImportExtensions.ImportContactsAsync(IContactsApi, GroupId, IAsyncEnumerable{ContactFields}, ContactImportOptions?, IProgress{ContactImportProgress}?, CancellationToken)"/> batches and recovers.</summary>
public sealed class ContactImportOptions
{
    /// <summary>The default largest batch: 500 contacts per <c>addcontactlist</c> call.</summary>
    internal const int DefaultMaxBatchSize = 500;

    /// <summary>
    /// The largest number of contacts sent in one <c>addcontactlist</c> call; 500 by default. Under a GET transport a batch whose URL
    /// would be over the limit is halved until it fits (nothing is sent meanwhile), and later batches keep that size.
    /// </summary>
    public int MaxBatchSize { get; set; } = DefaultMaxBatchSize;

    /// <summary>The default <see cref="ReconcileSettleDelay"/>: 2 seconds.</summary>
    internal static TimeSpan DefaultReconcileSettleDelay { get; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Opt-in: after a batch whose outcome is unknown (for example a timeout once the request was sent), look the
    /// group's contacts up by their main field with <c>getcontacts</c> before sending again, so that what the server
    /// did store is not added twice and what it did not is not lost. Off by default: it reads the whole group once
    /// before the first batch and once more per such batch.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Before the first batch the group is read once. A contact whose main field is already there is not sent (the
    /// server would skip or refuse it anyway) and counts in <see cref="ContactImportResult.AlreadyInGroup"/>, never in
    /// <see cref="ContactImportResult.Added"/>. If that read fails, the import throws before anything is sent.
    /// </para>
    /// <para>
    /// After a batch whose outcome is unknown, the importer waits <see cref="ReconcileSettleDelay"/> on
    /// <see cref="TimeProvider"/> (a server may commit a moment after it answered), reads the group, counts the batch's
    /// contacts found there as added and sends only the others, once.
    /// </para>
    /// <para>
    /// Main fields are compared normalised: a <c>mobile</c> by its country code and national number as digits
    /// (<c>+34 600 000 000</c> and <c>34600000000</c> are one contact; see <see cref="DefaultRegion"/> for numbers
    /// without a country code), any other field trimmed and case-insensitively (<c>Ana@Example.com</c> and
    /// <c>ana@example.com</c> are one). The API has no idempotency key, so this narrows the window for a double add
    /// without closing it: a contact the server commits after the reconciling read, or a value it rewrites beyond this
    /// normalisation, can still be added twice.
    /// </para>
    /// </remarks>
    public bool ReconcileUnknownOutcomes { get; set; }

    /// <summary>
    /// The group's main field, used by reconciliation: <c>mobile</c> or <c>email</c>. When empty, <c>mobile</c> if the
    /// first contact has it, otherwise <c>email</c>.
    /// </summary>
    public string? MainField { get; set; }

    /// <summary>
    /// Reconciliation: how long to wait after a batch whose outcome is unknown before reading the group, so that
    /// contacts the server commits a moment late are seen and not sent again. Default
    /// <see cref="DefaultReconcileSettleDelay"/>; zero reads at once. Must be between zero and
    /// <see cref="int.MaxValue"/> milliseconds. Cancelling the import cancels the wait.
    /// </summary>
    public TimeSpan ReconcileSettleDelay { get; set; } = DefaultReconcileSettleDelay;

    /// <summary>The clock <see cref="ReconcileSettleDelay"/> is measured on; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Reconciliation of <c>mobile</c> main fields: the region (ISO 3166-1 alpha-2, for example <c>ES</c>) whose national
    /// form a number without <c>+</c> is read in, so that <c>600000000</c> and <c>34600000000</c> match
    /// <c>+34600000000</c>. When null (the default), a number without <c>+</c> is read as the API writes numbers,
    /// country code first, so <c>34600000000</c> matches <c>+34 600 000 000</c> whatever the country; a national form
    /// then matches only the same digits. Set it only when the numbers are written in one country's national form:
    /// another country's number written without <c>+</c> would be read as a national number of this region.
    /// </summary>
    public string? DefaultRegion { get; set; }
}
