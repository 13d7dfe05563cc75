using System.Diagnostics;

namespace Afilnet.Contacts.Import;

/// <summary>
/// One import run. Contacts flow through a buffer of at most one batch; every contact ends up counted as added,
/// skipped by the server, already in the group, or failed with a reason. Not thread-safe: one instance per run.
/// </summary>
internal sealed class ContactImporter(IContactsApi api, GroupId groupId, ContactImportOptions options, IProgress<ContactImportProgress>? progress)
{
    private readonly List<(int Index, ContactFields Contact)> _pending = [];
    private readonly List<ContactImportFailure> _failed = [];
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private int _batchSize = options.MaxBatchSize;

    // The smallest batch size the transport has refused; sizes between the last fit and this one are worth a try.
    private int _refusedSize = int.MaxValue;
    private int _read;
    private int _added;
    private int _skipped;
    private int _alreadyInGroup;
    private int _batches;

    // Reconciliation only: how contacts are recognised in the group, and the keys it held before the first batch.
    private MainFieldKey? _key;
    private HashSet<string>? _keysBeforeImport;

    public async Task<ContactImportResult> RunAsync(IAsyncEnumerable<ContactFields> contacts, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var contact in contacts.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                var index = _read++;
                if (Invalid(contact) is { } reason)
                {
                    // One bad row must not sink the batch it would have travelled in.
                    _failed.Add(new(index, contact ?? [], reason, null, false));
                    continue;
                }

                if (options.ReconcileUnknownOutcomes && await WasInGroupBeforeImportAsync(contact!, cancellationToken).ConfigureAwait(false))
                {
                    _alreadyInGroup++;
                    continue;
                }

                _pending.Add((index, contact!));
                if (_pending.Count >= _batchSize)
                {
                    await SendPendingAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await SendPendingAsync(cancellationToken).ConfigureAwait(false);
            return Result();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new ContactImportCanceledException(Result(), cancellationToken);
        }
    }

    private async Task SendPendingAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var take = Math.Min(_batchSize, _pending.Count);
            var batch = _pending.GetRange(0, take);
            try
            {
                await AddAsync(batch, cancellationToken).ConfigureAwait(false);
                GrowAfterFit(take);
            }
            catch (AfilnetRequestTooLargeException) when (take > 1)
            {
                // Refused before sending (a GET URL over the limit): halve now, and search upwards after each fit,
                // so batches settle just under the limit without ever sending one over it.
                _refusedSize = Math.Min(_refusedSize, take);
                _batchSize = Math.Max(1, take / 2);
                continue;
            }
            catch (AfilnetRequestTooLargeException tooLarge)
            {
                Fail(batch, "too large for this transport even alone; import it with a POST transport", tooLarge, outcomeUnknown: false);
            }
            catch (AfilnetException error) when (MayHaveBeenApplied(error) && options.ReconcileUnknownOutcomes)
            {
                await ReconcileAsync(batch, error, cancellationToken).ConfigureAwait(false);
            }
            catch (AfilnetException error)
            {
                Fail(batch, error.Message, error, MayHaveBeenApplied(error));
            }

            _pending.RemoveRange(0, take);
            progress?.Report(new(_read, _added, _failed.Count, _batches));
        }
    }

    private void GrowAfterFit(int fitted)
    {
        if (_refusedSize != int.MaxValue && fitted == _batchSize && _refusedSize - fitted > 1)
        {
            _batchSize = Math.Min(options.MaxBatchSize, fitted + ((_refusedSize - fitted) / 2));
        }
    }

    private async Task AddAsync(List<(int Index, ContactFields Contact)> batch, CancellationToken cancellationToken)
    {
        var result = await api.AddContactListAsync(groupId, batch.Select(b => b.Contact), cancellationToken).ConfigureAwait(false);
        var added = Math.Clamp(result.Added ?? batch.Count, 0, batch.Count);
        _added += added;
        _skipped += batch.Count - added;
        _batches++;
    }

    /// <summary>
    /// Whether the group held <paramref name="contact"/>'s main field before the import. The group is read once, at the
    /// first contact (so the main field can be told from it), before anything is sent: a contact already there is not
    /// sent, and so can never be counted as added, by a batch or by reconciliation.
    /// </summary>
    private async Task<bool> WasInGroupBeforeImportAsync(ContactFields contact, CancellationToken cancellationToken)
    {
        _key ??= MainFieldKey.For(options, contact);
        _keysBeforeImport ??= await ReadGroupKeysAsync(cancellationToken).ConfigureAwait(false);
        return _keysBeforeImport.Count > 0 && _key.Of(contact) is { } key && _keysBeforeImport.Contains(key);
    }

    /// <summary>The main-field keys of the group, read as they arrive: only the keys are kept, whatever the group's size.</summary>
    private Task<HashSet<string>> ReadGroupKeysAsync(CancellationToken cancellationToken) =>
        _key!.InAsync(api.StreamContactsAsync(groupId, cancellationToken), cancellationToken);

    /// <summary>
    /// The batch may or may not have been added. Wait for the server to settle, then look the group up by main field:
    /// what is there counts as added, what is missing is sent once more. Nothing is dropped without a reason.
    /// </summary>
    private async Task ReconcileAsync(List<(int Index, ContactFields Contact)> batch, AfilnetException unknown, CancellationToken cancellationToken)
    {
        var unaccounted = batch;
        try
        {
            // A server may store a batch a moment after it answered (or failed to): a read at once would miss those
            // contacts and send them again.
            if (options.ReconcileSettleDelay > TimeSpan.Zero)
            {
                await Task.Delay(options.ReconcileSettleDelay, options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }

            HashSet<string> present;
            try
            {
                present = await ReadGroupKeysAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (AfilnetException readError)
            {
                Fail(batch, $"{unknown.Message} Reconciliation could not read the group: {readError.Message}", unknown, outcomeUnknown: true);
                return;
            }

            var missing = new List<(int Index, ContactFields Contact)>();
            foreach (var entry in batch)
            {
                if (_key!.Of(entry.Contact) is { } key && present.Contains(key))
                {
                    _added++;
                }
                else
                {
                    missing.Add(entry);
                }
            }

            if (missing.Count == 0)
            {
                return;
            }

            unaccounted = missing;
            try
            {
                await AddAsync(missing, cancellationToken).ConfigureAwait(false);
            }
            catch (AfilnetException again)
            {
                Fail(missing, again.Message, again, MayHaveBeenApplied(again));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // These contacts were sent at least once: a cancelled check must not make them vanish from the result.
            Fail(unaccounted, $"{unknown.Message} The import was cancelled before reconciliation could tell.", unknown, outcomeUnknown: true);
            throw;
        }
    }

    /// <summary>Whether the write that failed with <paramref name="error"/> may have been carried out: it may have reached the server, which did not answer with an API error.</summary>
    internal static bool MayHaveBeenApplied(AfilnetException error) => error.RequestMayHaveReachedServer && error is not AfilnetApiException;

    private static string? Invalid(ContactFields? contact)
    {
        if (contact is null || contact.Count == 0)
        {
            return "the contact has no fields";
        }

        foreach (var (name, _) in contact)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                return "the contact has a field with an empty name";
            }
        }

        return null;
    }

    private void Fail(List<(int Index, ContactFields Contact)> batch, string reason, Exception? error, bool outcomeUnknown)
    {
        foreach (var (index, contact) in batch)
        {
            _failed.Add(new(index, contact, reason, error, outcomeUnknown));
        }
    }

    private ContactImportResult Result() => new(_read, _added, _skipped, _alreadyInGroup, _batches, [.. _failed], _watch.Elapsed);
}
