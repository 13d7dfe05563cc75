using Afilnet.Contacts.Transport;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>An in-memory transport that plays a script: each call takes the next step (an answer or an exception).</summary>
public sealed class ScriptedTransport(params Func<ApiRequest, ApiAnswer>[] steps) : ITransport
{
    private int _calls;

    public string Name => "Scripted";

    public SecurityLevel SecurityLevel => SecurityLevel.High;

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<ApiAnswer> SendAsync(ApiRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = Interlocked.Increment(ref _calls) - 1;
        var step = steps[Math.Min(index, steps.Length - 1)];
        return ValueTask.FromResult(step(request));
    }

    public static Func<ApiRequest, ApiAnswer> Ok => _ => ApiAnswer.Success();

    public static Func<ApiRequest, ApiAnswer> Fail(Exception failure) => _ => throw failure;

    public static AfilnetTransportException Status(int status, TimeSpan? retryAfter = null) =>
        new($"HTTP {status}", TransportFailureReason.HttpStatus, "m", status) { RetryAfter = retryAfter };
}
