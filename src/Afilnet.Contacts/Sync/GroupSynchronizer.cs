using System.Diagnostics;
using Afilnet.Contacts.Import;

namespace Afilnet.Contacts.Sync;

/// <summary>
/// One sync run: read the group, plan every source row against it, then add (through the importer's batches), modify
/// and delete. The plan is made from a fresh read each run, so a run after an interruption converges. Per source row
/// it keeps the key, and the fields only for an add or a modification (only the changed ones). Not thread-safe.
/// </summary>
internal sealed class GroupSynchronizer(IContactsApi api, GroupId groupId, GroupSyncOptions options, IProgress<GroupSyncProgress>? progress)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly PlannedWrites _adds = new();
    private readonly PlannedWrites _modifies = new();
    private readonly PlannedWrites _deletes = new();
    private readonly List<GroupSyncRow> _added = [];
    private readonly List<GroupSyncRow> _modified = [];
    private readonly List<GroupSyncRow> _unchanged = [];
    private readonly List<GroupSyncRow> _deleted = [];
    private readonly List<GroupSyncRow> _rejected = [];
    private readonly List<GroupSyncRow> _failed = [];
    private readonly List<GroupSyncRow> _unknown = [];
    private readonly SortedSet<string> _ignoredFields = new(StringComparer.Ordinal);

    // The first source row of each key: a later row with the same key is rejected, so the first one wins.
    private readonly Dictionary<string, int> _firstRowOfKey = new(StringComparer.Ordinal);
    private MainFieldKey? _key;
    private int _read;
    private int _notInSource;
    private int _skippedByServer;
    private bool _planComplete;

    public async Task<GroupSyncResult> RunAsync(IAsyncEnumerable<ContactFields> source, CancellationToken cancellationToken)
    {
        try
        {
            var columns = new HashSet<string>(await api.GetGroupColumnsAsync(groupId, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
            // Streamed: the group is held as its contacts only, never as one answer within MaxResponseBytes, so a group
            // of any size syncs (the diff needs every contact; the answer's bytes it does not).
            var group = await api.StreamContactsAsync(groupId, cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
            await PlanAsync(source, columns, group, cancellationToken).ConfigureAwait(false);
            _planComplete = true;
            Report();
            if (!options.DryRun)
            {
                await AddAsync(cancellationToken).ConfigureAwait(false);
                await WriteEachAsync(_modifies, (row, ct) => api.ModifyContactAsync(groupId, row.ContactId!.Value, row.Fields, ct), _modified, cancellationToken).ConfigureAwait(false);
                await WriteEachAsync(_deletes, (row, ct) => api.DeleteContactAsync(groupId, row.ContactId!.Value, ct), _deleted, cancellationToken).ConfigureAwait(false);
            }

            return Result();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new GroupSyncCanceledException(Result(), cancellationToken);
        }
    }

    private async Task PlanAsync(IAsyncEnumerable<ContactFields> source, HashSet<string> columns, IReadOnlyList<Contact> group, CancellationToken cancellationToken)
    {
        GroupIndex? index = null;
        await foreach (var row in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var contact = row ?? [];

            // Keyed as the importer keys: the option, or mobile when the first row has one.
            _key ??= MainFieldKey.For(options.MainField, options.DefaultRegion, contact);
            index ??= new GroupIndex(_key, group);
            Plan(_read++, contact, columns, index);
        }

        // An empty source keys by the group's own columns; with DeleteMissing it empties the group.
        _key ??= MainFieldKey.For(options.MainField ?? (columns.Contains("mobile") ? "mobile" : "email"), options.DefaultRegion, []);
        index ??= new GroupIndex(_key, group);
        foreach (var contact in index.Unmatched())
        {
            if (options.DeleteMissing)
            {
                _deletes.Rows.Add(new(GroupSyncAction.Delete, -1, _key.Of(contact.Fields), contact.Id, contact.Fields));
            }
            else
            {
                _notInSource++;
            }
        }
    }

    private void Plan(int index, ContactFields row, HashSet<string> columns, GroupIndex group)
    {
        var key = _key!;
        var main = row.TryGetValue(key.Field, out var value) ? value : null;
        if (key.Rejection(main) is { } invalid)
        {
            // The source still names that contact: DeleteMissing must not take a rejected row for an absent one.
            if (main is not null && key.Normalise(main) is { } named)
            {
                group.Match(named);
            }

            _rejected.Add(new(GroupSyncAction.Reject, index, null, null, row, invalid));
            return;
        }

        var normalised = key.Normalise(main!)!;
        if (!_firstRowOfKey.TryAdd(normalised, index))
        {
            _rejected.Add(new(GroupSyncAction.Reject, index, normalised, null, row, $"row {_firstRowOfKey[normalised]} has the same {key.Field}; the first row wins and later ones are rejected"));
            return;
        }

        var stored = Stored(row, columns, key.Field, key.Sendable(main!));
        if (group.Match(normalised) is not { } existing)
        {
            _adds.Rows.Add(new(GroupSyncAction.Add, index, normalised, null, stored));
            return;
        }

        var changes = Changes(stored, existing.Fields, key.Field);
        if (changes.Count == 0)
        {
            _unchanged.Add(new(GroupSyncAction.Unchanged, index, normalised, existing.Id, existing.Fields));
        }
        else if (changes.FirstOrDefault(f => HasPairSeparator(f.Key) || HasPairSeparator(f.Value)) is { Key: not null } unsendable)
        {
            _rejected.Add(new(GroupSyncAction.Reject, index, normalised, existing.Id, row, $"the field '{unsendable.Key}' has ',' or ':', which modifycontact's field:value format cannot carry"));
        }
        else
        {
            _modifies.Rows.Add(new(GroupSyncAction.Modify, index, normalised, existing.Id, changes));
        }
    }

    /// <summary>The row's fields the group stores (its columns), the main field in the form the API documents.</summary>
    private ContactFields Stored(ContactFields row, HashSet<string> columns, string mainField, string sendableMain)
    {
        var stored = new ContactFields();
        foreach (var (name, value) in row)
        {
            if (!columns.Contains(name))
            {
                // The server would drop it; comparing it would plan the same modification on every run.
                _ignoredFields.Add(name);
            }
            else
            {
                stored.Add(name, string.Equals(name, mainField, StringComparison.Ordinal) ? sendableMain : value);
            }
        }

        return stored;
    }

    /// <summary>
    /// The fields of <paramref name="wanted"/> whose value the group contact does not have. A field the source does not
    /// carry is left as it is (modifycontact changes only the fields it is given); a missing value counts as empty.
    /// The main field is the key, so another spelling of it is no change.
    /// </summary>
    private static ContactFields Changes(ContactFields wanted, ContactFields current, string mainField)
    {
        var changes = new ContactFields();
        foreach (var (name, value) in wanted)
        {
            var now = current.TryGetValue(name, out var held) ? held : string.Empty;
            if (!string.Equals(name, mainField, StringComparison.Ordinal) && !string.Equals(value, now, StringComparison.Ordinal))
            {
                changes.Add(name, value);
            }
        }

        return changes;
    }

    private static bool HasPairSeparator(string text) => text.AsSpan().IndexOfAny(',', ':') >= 0;

    private async Task AddAsync(CancellationToken cancellationToken)
    {
        if (_adds.Rows.Count == 0)
        {
            return;
        }

        // The importer's batches (their adaptive size under GET transports included); its indexes are positions in _adds.
        var importOptions = new ContactImportOptions { MaxBatchSize = options.MaxBatchSize, MainField = _key!.Field, DefaultRegion = options.DefaultRegion };
        ContactImportResult imported;
        try
        {
            imported = await api.ImportContactsAsync(groupId, _adds.Rows.Select(r => r.Fields), importOptions, new BatchProgress(this), cancellationToken).ConfigureAwait(false);
        }
        catch (ContactImportCanceledException canceled)
        {
            SettleAdds(canceled.Result);
            throw;
        }

        SettleAdds(imported);
    }

    /// <summary>
    /// Moves the rows the importer accounted for out of the plan. It sends them in order and accounts for whole
    /// batches, so those rows are a prefix: the added, the skipped and the failed ones.
    /// </summary>
    private void SettleAdds(ContactImportResult imported)
    {
        var failures = imported.Failed.ToDictionary(f => f.Index);
        var settled = imported.Added + imported.ServerSkipped + imported.Failed.Count;
        for (var i = _adds.Settled; i < settled; i++)
        {
            var row = _adds.Rows[i];
            if (failures.TryGetValue(i, out var failure))
            {
                (failure.OutcomeUnknown ? _unknown : _failed).Add(row.With(failure.Reason, failure.Error));
            }
            else
            {
                _added.Add(row);
            }
        }

        _adds.Settled = settled;
        _skippedByServer = imported.ServerSkipped;
    }

    private async Task WriteEachAsync(PlannedWrites writes, Func<GroupSyncRow, CancellationToken, Task> write, List<GroupSyncRow> done, CancellationToken cancellationToken)
    {
        while (writes.Settled < writes.Rows.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = writes.Rows[writes.Settled];
            try
            {
                await write(row, cancellationToken).ConfigureAwait(false);
                done.Add(row);
            }
            catch (AfilnetException error)
            {
                (ContactImporter.MayHaveBeenApplied(error) ? _unknown : _failed).Add(row.With(error.Message, error));
            }

            writes.Settled++;
            Report();
        }
    }

    private int PlannedWriteCount => _adds.Rows.Count + _modifies.Rows.Count + _deletes.Rows.Count;

    private int SettledWriteCount => _adds.Settled + _modifies.Settled + _deletes.Settled;

    /// <param name="inFlight">Writes done that are not settled yet: the adds of the importer's batches so far.</param>
    private void Report(int inFlight = 0) => progress?.Report(new(_read, PlannedWriteCount, SettledWriteCount + inFlight));

    private GroupSyncResult Result() => new(
        new(
            options.DryRun,
            _planComplete,
            _key?.Field,
            _read,
            _adds.Rows.Count,
            _modifies.Rows.Count,
            _deletes.Rows.Count,
            _notInSource,
            _skippedByServer,
            [.. _ignoredFields],
            [.. _added],
            [.. _modified],
            [.. _unchanged],
            [.. _deleted],
            [.. _rejected],
            [.. _failed],
            [.. _unknown],
            [.. _adds.Unsettled, .. _modifies.Unsettled, .. _deletes.Unsettled]),
        _watch.Elapsed);

    /// <summary>The writes of one kind the plan holds, in order; the first <see cref="Settled"/> have an outcome.</summary>
    private sealed class PlannedWrites
    {
        public List<GroupSyncRow> Rows { get; } = [];

        public int Settled { get; set; }

        public IEnumerable<GroupSyncRow> Unsettled => Rows.Skip(Settled);
    }

    /// <summary>Reports the sync's progress after each batch of the adds.</summary>
    private sealed class BatchProgress(GroupSynchronizer sync) : IProgress<ContactImportProgress>
    {
        public void Report(ContactImportProgress value) => sync.Report(value.Added + value.Failed);
    }

    /// <summary>
    /// The group's contacts by key. The first contact of a key is the one a row matches; a later one with the same key,
    /// and one without a key, can match nothing and so count as absent from the source.
    /// </summary>
    private sealed class GroupIndex
    {
        private readonly Dictionary<string, (Contact Contact, bool Matched)> _byKey = new(StringComparer.Ordinal);
        private readonly List<Contact> _unmatchable = [];

        public GroupIndex(MainFieldKey key, IReadOnlyList<Contact> group)
        {
            foreach (var contact in group)
            {
                if (key.Of(contact.Fields) is not { } k || !_byKey.TryAdd(k, (contact, false)))
                {
                    _unmatchable.Add(contact);
                }
            }
        }

        public Contact? Match(string key)
        {
            if (!_byKey.TryGetValue(key, out var entry))
            {
                return null;
            }

            _byKey[key] = (entry.Contact, true);
            return entry.Contact;
        }

        /// <summary>The contacts no row matched, in the group's order.</summary>
        public IEnumerable<Contact> Unmatched() =>
            _byKey.Values.Where(e => !e.Matched).Select(e => e.Contact).Concat(_unmatchable).OrderBy(c => c.Id.Value);
    }
}
