namespace Afilnet.Contacts.Sync;

/// <summary>What a sync planned and did. Every source row is in exactly one of <see cref="Added"/>, <see cref="Modified"/>,
/// <see cref="Unchanged"/>, <see cref="Rejected"/>, <see cref="Failed"/>, <see cref="OutcomeUnknown"/> and <see cref="Pending"/>;
/// a deletion, which has no source row, is in <see cref="Deleted"/>, <see cref="Failed"/>, <see cref="OutcomeUnknown"/> or <see cref="Pending"/>.</summary>
public sealed class GroupSyncResult
{
    internal GroupSyncResult(GroupSyncResultParts parts, TimeSpan elapsed)
    {
        DryRun = parts.DryRun;
        _planComplete = parts.PlanComplete;
        MainField = parts.MainField;
        Read = parts.Read;
        PlannedAdds = parts.PlannedAdds;
        PlannedModifies = parts.PlannedModifies;
        PlannedDeletes = parts.PlannedDeletes;
        NotInSource = parts.NotInSource;
        AddsSkippedByServer = parts.AddsSkippedByServer;
        IgnoredFields = parts.IgnoredFields;
        Added = parts.Added;
        Modified = parts.Modified;
        Unchanged = parts.Unchanged;
        Deleted = parts.Deleted;
        Rejected = parts.Rejected;
        Failed = parts.Failed;
        OutcomeUnknown = parts.OutcomeUnknown;
        Pending = parts.Pending;
        Elapsed = elapsed;
    }

    private readonly bool _planComplete;

    /// <summary>Whether this was a dry run (nothing written).</summary>
    public bool DryRun { get; }

    /// <summary>The main field the rows were keyed by (<c>mobile</c> or <c>email</c>); null when there was nothing to key.</summary>
    public string? MainField { get; }

    /// <summary>Source rows read.</summary>
    public int Read { get; }

    /// <summary>Rows the plan adds with <c>addcontactlist</c>.</summary>
    public int PlannedAdds { get; }

    /// <summary>Rows the plan changes with <c>modifycontact</c> (only their changed fields).</summary>
    public int PlannedModifies { get; }

    /// <summary>Group contacts the plan deletes with <c>deletecontact</c> (only with <see cref="GroupSyncOptions.DeleteMissing"/>).</summary>
    public int PlannedDeletes { get; }

    /// <summary>Group contacts absent from the source and left alone because <see cref="GroupSyncOptions.DeleteMissing"/> is off.</summary>
    public int NotInSource { get; }

    /// <summary>
    /// Of the rows in <see cref="Added"/>, how many the server did not count as added (it answered a smaller
    /// <c>added</c>; it does not say which). The next run's read of the group finds them and adds them again.
    /// </summary>
    public int AddsSkippedByServer { get; }

    /// <summary>Source field names that are not columns of the group: the server would not store them, so they are neither compared nor sent.</summary>
    public IReadOnlyList<string> IgnoredFields { get; }

    /// <summary>Rows sent in <c>addcontactlist</c> batches the server accepted; each carries the fields as sent.</summary>
    public IReadOnlyList<GroupSyncRow> Added { get; }

    /// <summary>Rows whose changed fields <c>modifycontact</c> set; each carries only those fields.</summary>
    public IReadOnlyList<GroupSyncRow> Modified { get; }

    /// <summary>Rows the group already holds as they are; each carries the group contact's fields.</summary>
    public IReadOnlyList<GroupSyncRow> Unchanged { get; }

    /// <summary>Group contacts deleted; each carries the contact's fields as they were.</summary>
    public IReadOnlyList<GroupSyncRow> Deleted { get; }

    /// <summary>Rows the plan refused, with the reason; each carries the row as given. Nothing was sent for them.</summary>
    public IReadOnlyList<GroupSyncRow> Rejected { get; }

    /// <summary>Planned writes the server refused, or that never reached it, with the reason: not applied.</summary>
    public IReadOnlyList<GroupSyncRow> Failed { get; }

    /// <summary>Planned writes that failed after they may have reached the server: applied or not. A re-run's read settles it.</summary>
    public IReadOnlyList<GroupSyncRow> OutcomeUnknown { get; }

    /// <summary>
    /// Planned writes not confirmed: the whole plan of a dry run, or, after cancellation, the writes not reached (the
    /// first of them may have been in flight). A re-run's read settles it.
    /// </summary>
    public IReadOnlyList<GroupSyncRow> Pending { get; }

    /// <summary>Wall time of the sync.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>
    /// Whether the group now matches the source as far as this run can tell: the whole source was planned (not cut
    /// short by cancellation), every planned write done, none skipped by the server.
    /// </summary>
    public bool Converged => !DryRun && _planComplete && Failed.Count == 0 && OutcomeUnknown.Count == 0 && Pending.Count == 0 && AddsSkippedByServer == 0;

    /// <summary>A one-line summary.</summary>
    /// <returns>For example <c>1000 read; plan: 10 to add, 5 to modify, 2 to delete, 980 unchanged, 5 rejected; done: 10 added, 5 modified, 2 deleted, 0 failed, 0 unknown, 0 pending (0.3 s)</c>.</returns>
    public override string ToString() =>
        $"{Read} read; plan: {PlannedAdds} to add, {PlannedModifies} to modify, {PlannedDeletes} to delete, {Unchanged.Count} unchanged, {Rejected.Count} rejected, {NotInSource} not in the source; "
        + $"{(DryRun ? "dry run" : "done")}: {Added.Count} added, {Modified.Count} modified, {Deleted.Count} deleted, {Failed.Count} failed, {OutcomeUnknown.Count} unknown, {Pending.Count} pending ({Elapsed.TotalSeconds:0.0} s)";
}

/// <summary>The parts a result is made of, gathered by the run.</summary>
internal sealed record GroupSyncResultParts(
    bool DryRun,
    bool PlanComplete,
    string? MainField,
    int Read,
    int PlannedAdds,
    int PlannedModifies,
    int PlannedDeletes,
    int NotInSource,
    int AddsSkippedByServer,
    IReadOnlyList<string> IgnoredFields,
    IReadOnlyList<GroupSyncRow> Added,
    IReadOnlyList<GroupSyncRow> Modified,
    IReadOnlyList<GroupSyncRow> Unchanged,
    IReadOnlyList<GroupSyncRow> Deleted,
    IReadOnlyList<GroupSyncRow> Rejected,
    IReadOnlyList<GroupSyncRow> Failed,
    IReadOnlyList<GroupSyncRow> OutcomeUnknown,
    IReadOnlyList<GroupSyncRow> Pending);

/// <summary>What the plan decided for a row.</summary>
public enum GroupSyncAction
{
    /// <summary>Not in the group: added with <c>addcontactlist</c>.</summary>
    Add,

    /// <summary>In the group with other values: its changed fields set with <c>modifycontact</c>.</summary>
    Modify,

    /// <summary>In the group as it is: nothing sent.</summary>
    Unchanged,

    /// <summary>A group contact absent from the source: deleted with <c>deletecontact</c>.</summary>
    Delete,

    /// <summary>Refused by the plan (see <see cref="GroupSyncRow.Reason"/>): nothing sent.</summary>
    Reject,
}

/// <summary>One source row, or one group contact to delete, with what the plan decided and what came of it.</summary>
public sealed class GroupSyncRow
{
    internal GroupSyncRow(GroupSyncAction action, int index, string? key, ContactId? contactId, ContactFields fields, string? reason = null, Exception? error = null)
    {
        Action = action;
        Index = index;
        Key = key;
        ContactId = contactId;
        Fields = fields;
        Reason = reason;
        Error = error;
    }

    /// <summary>What the plan decided.</summary>
    public GroupSyncAction Action { get; }

    /// <summary>The zero-based position in the source; -1 for a group contact to delete.</summary>
    public int Index { get; }

    /// <summary>The normalised main field (<c>34600000000</c>, <c>ANA@EXAMPLE.COM</c>); null when there was none.</summary>
    public string? Key { get; }

    /// <summary>The group contact it matches or deletes; null for an add or a rejected row.</summary>
    public ContactId? ContactId { get; }

    /// <summary>The fields that go with the action: an add's fields as sent, a modification's changed fields, a deleted or unchanged contact's fields, a rejected row as given.</summary>
    public ContactFields Fields { get; }

    /// <summary>Why it was rejected or failed, in words; null otherwise.</summary>
    public string? Reason { get; }

    /// <summary>The SDK error behind a failure, when there was one.</summary>
    public Exception? Error { get; }

    internal GroupSyncRow With(string reason, Exception? error) => new(Action, Index, Key, ContactId, Fields, reason, error);

    /// <summary>Describes the row.</summary>
    /// <returns>For example <c>row 7 Reject: the main field 'mobile' is missing or empty</c>.</returns>
    public override string ToString() =>
        $"{(Index >= 0 ? $"row {Index}" : $"contact {ContactId}")} {Action}{(Reason is null ? string.Empty : ": " + Reason)}";
}

/// <summary>Progress of a sync: reported once the plan is made, after each <c>addcontactlist</c> batch, and after each other write.</summary>
public readonly struct GroupSyncProgress
{
    internal GroupSyncProgress(int read, int plannedWrites, int writesDone)
    {
        Read = read;
        PlannedWrites = plannedWrites;
        WritesDone = writesDone;
    }

    /// <summary>Source rows read.</summary>
    public int Read { get; }

    /// <summary>Rows the plan adds, modifies or deletes.</summary>
    public int PlannedWrites { get; }

    /// <summary>Of those, how many have been written or have failed.</summary>
    public int WritesDone { get; }
}

/// <summary>The sync was cancelled; <see cref="Result"/> says what had been planned and done by then.</summary>
public sealed class GroupSyncCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="result">What had been planned and done when the sync stopped.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    internal GroupSyncCanceledException(GroupSyncResult result, CancellationToken cancellationToken)
        : base($"The sync was cancelled: {result}.", cancellationToken)
    {
        Result = result;
    }

    /// <summary>What had been planned and done; writes not confirmed are in <see cref="GroupSyncResult.Pending"/>. Run the sync again to converge.</summary>
    public GroupSyncResult Result { get; }
}
