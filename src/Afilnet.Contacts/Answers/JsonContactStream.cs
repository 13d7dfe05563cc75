using System.Buffers;
using System.Text.Json;
using Afilnet.Contacts.Secrets;

namespace Afilnet.Contacts.Answers;

/// <summary>
/// The streaming <c>getcontacts</c> of the JSON styles: the answer is read as it arrives into one buffer that holds at
/// most one record (a contact, or another member of the envelope) at a time, so any group size lists in bounded memory.
/// Each complete record is decoded by the same rules as a whole answer (<see cref="Decoders.ReadContact"/>,
/// <see cref="AnswerEnvelope"/>), its field names shared across records.
/// </summary>
/// <remarks>
/// Contacts are handed on as they arrive once <c>status</c> said <c>SUCCESS</c>, as every documented answer puts it
/// first. An answer that sends its <c>result</c> before its <c>status</c> is held until the status is read: then the
/// whole list must fit <c>MaxResponseBytes</c>, as a buffered one does.
/// </remarks>
internal sealed class JsonContactStream : IContactStream
{
    private const int FirstBufferBytes = 16 * 1024;

    private readonly Stream _body;
    private readonly IDisposable _owner;
    private readonly string _transport;
    private readonly string _method;
    private readonly ServerTextGate _gate;
    private readonly long _maxRecordBytes;
    private readonly Func<Exception> _recordTooLarge;
    private readonly Func<Exception> _listTooLarge;
    private readonly string?[] _names = JsonAnswerReader.NewNameCache();

    // The field count of the record before: the next gets room for as many.
    private int _fieldsBefore;

    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _final;
    private long _received;
    private JsonReaderState _state = new(JsonAnswerReader.Options);
    private Phase _phase;

    private string? _status;
    private string? _error;
    private bool _seenStatus;
    private bool _seenError;
    private bool _seenResult;

    // Contacts read before a SUCCESS status was seen, and the bytes they came in.
    private Queue<Contact>? _held;
    private long _heldBytes;
    private Contact? _first;

    private JsonContactStream(Stream body, IDisposable owner, string transport, string method, ServerTextGate gate, long maxRecordBytes, Func<Exception> recordTooLarge, Func<Exception> listTooLarge)
    {
        _body = body;
        _owner = owner;
        _transport = transport;
        _method = method;
        _gate = gate;
        _maxRecordBytes = maxRecordBytes;
        _recordTooLarge = recordTooLarge;
        _listTooLarge = listTooLarge;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(FirstBufferBytes, maxRecordBytes + 1));
    }

    private enum Phase
    {
        Start,
        Members,
        Items,
        Tail,
        Done,
    }

    private enum Step
    {
        NeedMore,
        Contact,
        End,
    }

    /// <summary>
    /// Reads the answer's head, up to its first contact or its end, from <paramref name="body"/> (which
    /// <paramref name="owner"/> releases): a failure there is a failure of the call, which the retry layer may send again.
    /// </summary>
    public static async ValueTask<IContactStream> OpenAsync(
        Stream body, IDisposable owner, string transport, string method, ServerTextGate gate, long maxRecordBytes, Func<Exception> recordTooLarge, Func<Exception> listTooLarge, CancellationToken cancellationToken)
    {
        var stream = new JsonContactStream(body, owner, transport, method, gate, maxRecordBytes, recordTooLarge, listTooLarge);
        try
        {
            stream._first = await stream.ReadNextAsync(cancellationToken).ConfigureAwait(false);
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask<Contact?> NextAsync(CancellationToken cancellationToken)
    {
        if (_first is { } first)
        {
            _first = null;
            return first;
        }

        return await ReadNextAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _phase = Phase.Done;
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _owner.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private AnswerContext Context => new(_transport, _method, _gate, _buffer is null ? default : _buffer.AsMemory(_start, _end - _start));

    private async ValueTask<Contact?> ReadNextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(_buffer is null, this);
            if (_phase == Phase.Done)
            {
                return _held is { Count: > 0 } held ? held.Dequeue() : null;
            }

            Step step;
            Contact? contact;
            try
            {
                step = Read(out contact);
            }
            catch (JsonException ex)
            {
                // Not kept as the inner exception: its message may quote the body; the position is enough.
                throw Context.Unreadable($"is not valid JSON (line {(ex.LineNumber ?? 0) + 1}, byte {ex.BytePositionInLine ?? 0})");
            }
            catch (Exception ex) when (ex is not AfilnetException)
            {
                throw Context.Unreadable($"could not be decoded ({ex.GetType().Name})");
            }

            switch (step)
            {
                case Step.Contact:
                    return contact;
                case Step.End:
                    _phase = Phase.Done;
                    AnswerEnvelope.RequireSuccess(_status, _error, _seenStatus, Context);
                    break;
                default:
                    await FillAsync(cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Reads what the buffer holds, up to the next contact, the end of the answer, or the need for more bytes.</summary>
    private Step Read(out Contact? contact)
    {
        contact = null;
        var window = _buffer.AsSpan(_start, _end - _start);
        var json = new Utf8JsonReader(window, _final, _state);

        // Where the last complete unit ended, and the reader's state there: where the next read starts from.
        var committed = 0;
        var committedState = _state;
        try
        {
            while (true)
            {
                switch (_phase)
                {
                    case Phase.Start:
                        if (_final && _received == 0)
                        {
                            throw Context.Unreadable("is empty");
                        }

                        if (!json.Read())
                        {
                            return Step.NeedMore;
                        }

                        if (json.TokenType != JsonTokenType.StartObject)
                        {
                            throw Context.Unreadable("is not a record of status, error and result");
                        }

                        (committed, committedState) = ((int)json.BytesConsumed, json.CurrentState);
                        _phase = Phase.Members;
                        break;

                    case Phase.Members:
                        if (!json.Read())
                        {
                            return Step.NeedMore;
                        }

                        if (json.TokenType == JsonTokenType.EndObject)
                        {
                            (committed, committedState) = ((int)json.BytesConsumed, json.CurrentState);
                            _phase = Phase.Tail;
                            break;
                        }

                        var name = MemberName(ref json);
                        if (!json.Read())
                        {
                            return Step.NeedMore;
                        }

                        if (AnswerEnvelope.Is(name, "result"))
                        {
                            AnswerEnvelope.Once(ref _seenResult, "result", Context);
                            if (json.TokenType == JsonTokenType.Null)
                            {
                                (committed, committedState) = ((int)json.BytesConsumed, json.CurrentState);
                                break;
                            }

                            if (json.TokenType != JsonTokenType.StartArray)
                            {
                                throw Context.Unreadable("has a result that is not a list of contacts");
                            }

                            (committed, committedState) = ((int)json.BytesConsumed, json.CurrentState);

                            // Handed on as they come only after a SUCCESS; otherwise held for the verdict.
                            _held = AnswerEnvelope.IsSuccess(_status) ? null : new Queue<Contact>();
                            _phase = Phase.Items;
                            break;
                        }

                        var valueStart = (int)json.TokenStartIndex;
                        if (json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !json.TrySkip())
                        {
                            return Step.NeedMore;
                        }

                        var value = window[valueStart..(int)json.BytesConsumed];
                        if (AnswerEnvelope.Is(name, "status"))
                        {
                            AnswerEnvelope.Once(ref _seenStatus, "status", Context);
                            _status = JsonAnswerReader.DecodeText(value, Context);
                        }
                        else if (AnswerEnvelope.Is(name, "error"))
                        {
                            AnswerEnvelope.Once(ref _seenError, "error", Context);
                            _error = JsonAnswerReader.DecodeText(value, Context);
                        }

                        (committed, committedState) = ((int)json.BytesConsumed, json.CurrentState);
                        break;

                    case Phase.Items:
                        if (!json.Read())
                        {
                            return Step.NeedMore;
                        }

                        if (json.TokenType == JsonTokenType.EndArray)
                        {
                            (committed, committedState) = ((int)json.BytesConsumed, json.CurrentState);
                            _phase = Phase.Members;
                            break;
                        }

                        var recordStart = (int)json.TokenStartIndex;
                        if (json.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !json.TrySkip())
                        {
                            return Step.NeedMore;
                        }

                        var record = window[recordStart..(int)json.BytesConsumed];
                        var decoded = JsonAnswerReader.DecodeContact(record, Context, _names, _fieldsBefore);
                        _fieldsBefore = decoded.Fields.Count;
                        (committed, committedState) = ((int)json.BytesConsumed, json.CurrentState);
                        if (_held is null)
                        {
                            contact = decoded;
                            return Step.Contact;
                        }

                        _heldBytes += record.Length;
                        if (_heldBytes > _maxRecordBytes)
                        {
                            // Held for a status that comes after the list: the whole list is bounded, as a buffered answer.
                            throw _listTooLarge();
                        }

                        _held.Enqueue(decoded);
                        break;

                    case Phase.Tail:
                        if (json.Read())
                        {
                            throw Context.Unreadable("has more after its JSON object");
                        }

                        // Only white space so far: nothing to keep of it.
                        (committed, committedState) = ((int)json.BytesConsumed, json.CurrentState);
                        return _final ? Step.End : Step.NeedMore;

                    default:
                        return Step.End;
                }
            }
        }
        finally
        {
            _start += committed;
            _state = committedState;
        }
    }

    private string MemberName(ref Utf8JsonReader json)
    {
        try
        {
            return json.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's answer to invalid UTF-8 inside a string, as in a whole answer.
            throw Context.Unreadable("holds text that is not valid UTF-8");
        }
    }

    /// <summary>Reads more of the body after what is kept, refusing a record that outgrows the limit.</summary>
    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        if (_final)
        {
            // The body ended inside a value; the reader says so as invalid JSON on the final block.
            throw Context.Unreadable("ends before its JSON object does");
        }

        var buffer = _buffer!;
        var kept = _end - _start;
        if (kept > _maxRecordBytes)
        {
            throw _recordTooLarge();
        }

        if (_start > 0)
        {
            buffer.AsSpan(_start, kept).CopyTo(buffer);
            (_start, _end) = (0, kept);
        }

        if (_end == buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, _maxRecordBytes + 1));
            buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            _buffer = buffer = larger;
        }

        var read = await _body.ReadAsync(buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
        _end += read;
        _received += read;
        _final = read == 0;
    }
}
