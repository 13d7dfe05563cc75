namespace Afilnet.Contacts.Answers;

/// <summary>
/// A <c>getcontacts</c> answer read a contact at a time. It is opened once its head (status, and the first contact) has
/// arrived; whatever fails after that ends the enumeration with the SDK's error, with the contacts handed on so far kept.
/// </summary>
internal interface IContactStream : IAsyncDisposable
{
    /// <summary>The next contact; <see langword="null"/> at the end of the list, once the whole answer is read and judged.</summary>
    ValueTask<Contact?> NextAsync(CancellationToken cancellationToken);
}

/// <summary>A list already decoded whole, as a stream: what a transport that cannot read incrementally hands on.</summary>
internal sealed class BufferedContactStream(IReadOnlyList<Contact> contacts) : IContactStream
{
    private int _next;

    public ValueTask<Contact?> NextAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult(_next < contacts.Count ? contacts[_next++] : null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
