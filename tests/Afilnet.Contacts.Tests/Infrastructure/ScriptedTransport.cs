using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// An in-memory <see cref="ITransport"/> that plays a script, for the layers above the seam (retries, telemetry): each
/// call takes the next step, which returns normally (the decoder's <c>Absent</c> result) or throws.
/// </summary>
internal sealed class ScriptedTransport(params Action<ApiRequest>[] steps) : ITransport
{
    private readonly ChangeSignal _called = new();
    private int _calls;

    public AfilnetTransportKind Kind => AfilnetTransportKind.HttpPost;

    public int Calls => Volatile.Read(ref _calls);

    public static Action<ApiRequest> Ok => _ => { };

    /// <summary>Returns once <paramref name="count"/> calls have been made: woken by each call.</summary>
    public Task WaitForCallsAsync(int count) => _called.UntilAsync(() => Calls >= count, $"call {count}");

    public ValueTask<TResult> SendAsync<TDecoder, TResult>(ApiRequest request, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult>
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = Interlocked.Increment(ref _calls) - 1;
        _called.Notify();
        steps[Math.Min(index, steps.Length - 1)](request);
        return ValueTask.FromResult(TDecoder.Absent(new AnswerContext("Scripted", request.Operation.Name, Secrets.ServerTextGate.None, default)));
    }

    public static Action<ApiRequest> Fail(Exception failure) => _ => throw failure;

    public static AfilnetTransportException Status(int status, TimeSpan? retryAfter = null) =>
        new($"HTTP {status}", TransportFailureReason.HttpStatus, "m", status) { RetryAfter = retryAfter };

    public void Dispose()
    {
    }
}
