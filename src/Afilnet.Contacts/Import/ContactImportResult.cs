namespace Afilnet.Contacts.Import;

/// <summary>What an import did: how many contacts were read, added and refused, and exactly which failed and why.</summary>
public sealed class ContactImportResult
{
    internal ContactImportResult(int read, int added, int serverSkipped, int alreadyInGroup, int batches, IReadOnlyList<ContactImportFailure> failed, TimeSpan elapsed)
    {
        Read = read;
        Added = added;
        ServerSkipped = serverSkipped;
        AlreadyInGroup = alreadyInGroup;
        Batches = batches;
        Failed = failed;
        Elapsed = elapsed;
    }

    /// <summary>Contacts read from the input.</summary>
    public int Read { get; }

    /// <summary>Contacts the server reported as added (or that reconciliation found in the group).</summary>
    public int Added { get; }

    /// <summary>
    /// Contacts sent in successful batches that the server did not count as added (it reports fewer than it received,
    /// for example duplicates of a contact already in the group).
    /// </summary>
    public int ServerSkipped { get; }

    /// <summary>
    /// Contacts not sent because the group already held their main field when the import began (read once before the
    /// first batch when <see cref="ContactImportOptions.ReconcileUnknownOutcomes"/> is on; otherwise always 0).
    /// </summary>
    public int AlreadyInGroup { get; }

    /// <summary>Successful <c>addcontactlist</c> calls.</summary>
    public int Batches { get; }

    /// <summary>Every contact that was not added, with its position in the input and the reason.</summary>
    public IReadOnlyList<ContactImportFailure> Failed { get; }

    /// <summary>Wall time of the import.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>A one-line summary.</summary>
    /// <returns>For example <c>10000 read, 9998 added, 0 skipped by the server, 0 already in the group, 2 failed in 20 batches (1.2 s)</c>.</returns>
    public override string ToString() =>
        $"{Read} read, {Added} added, {ServerSkipped} skipped by the server, {AlreadyInGroup} already in the group, {Failed.Count} failed in {Batches} batches ({Elapsed.TotalSeconds:0.0} s)";
}

/// <summary>One contact an import did not add.</summary>
public sealed class ContactImportFailure
{
    internal ContactImportFailure(int index, ContactFields contact, string reason, Exception? error, bool outcomeUnknown)
    {
        Index = index;
        Contact = contact;
        Reason = reason;
        Error = error;
        OutcomeUnknown = outcomeUnknown;
    }

    /// <summary>Its zero-based position in the input.</summary>
    public int Index { get; }

    /// <summary>The contact as given.</summary>
    public ContactFields Contact { get; }

    /// <summary>Why, in words.</summary>
    public string Reason { get; }

    /// <summary>The SDK error behind it, when there was one (its message is free of secrets).</summary>
    public Exception? Error { get; }

    /// <summary>
    /// Whether the server may have added it anyway (the request may have reached the server before the failure);
    /// turn on <see cref="ContactImportOptions.ReconcileUnknownOutcomes"/> to have the importer find out.
    /// </summary>
    public bool OutcomeUnknown { get; }

    /// <summary>Describes the failure.</summary>
    /// <returns>For example <c>row 7: the contact has no fields</c>.</returns>
    public override string ToString() => $"row {Index}: {Reason}{(OutcomeUnknown ? " (may have been added)" : string.Empty)}";
}

/// <summary>Progress of an import, reported after each batch.</summary>
public readonly struct ContactImportProgress
{
    internal ContactImportProgress(int read, int added, int failed, int batches)
    {
        Read = read;
        Added = added;
        Failed = failed;
        Batches = batches;
    }

    /// <summary>Contacts read so far.</summary>
    public int Read { get; }

    /// <summary>Contacts added so far.</summary>
    public int Added { get; }

    /// <summary>Contacts failed so far.</summary>
    public int Failed { get; }

    /// <summary>Successful batches so far.</summary>
    public int Batches { get; }
}

/// <summary>The import was cancelled between batches; <see cref="Result"/> says what had been done by then.</summary>
public sealed class ContactImportCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="result">What had been done when the import stopped.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    internal ContactImportCanceledException(ContactImportResult result, CancellationToken cancellationToken)
        : base($"The import was cancelled: {result}.", cancellationToken)
    {
        Result = result;
    }

    /// <summary>What had been done when the import stopped; contacts not yet sent are in neither Added nor Failed.</summary>
    public ContactImportResult Result { get; }
}
