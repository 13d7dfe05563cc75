namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// Wakes the tests waiting on a source (a server's request count, a clock's timers, a log) each time the source
/// changes, so a test waits for a condition without polling and without sleeping: it resumes at the change itself.
/// </summary>
public sealed class ChangeSignal
{
    /// <summary>How long a wait may last before the test fails: a guard against a broken test, never a measure.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private TaskCompletionSource _next = New();

    /// <summary>Called by the source after each change.</summary>
    public void Notify() => Interlocked.Exchange(ref _next, New()).TrySetResult();

    /// <summary>
    /// Returns once <paramref name="condition"/> holds, or once <paramref name="orEnded"/> (the call under test) has
    /// ended, whichever comes first; the caller's assertions then tell which.
    /// </summary>
    /// <exception cref="TimeoutException">Neither happened within <see cref="HangGuard"/>.</exception>
    public async Task UntilAsync(Func<bool> condition, string what, Task? orEnded = null)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        guard.CancelAfter(HangGuard);
        while (true)
        {
            // Taken before the check, so a change between the check and the wait still wakes this wait.
            var next = Volatile.Read(ref _next).Task;
            if (condition() || orEnded?.IsCompleted == true)
            {
                return;
            }

            var woken = orEnded is null ? next : Task.WhenAny(next, orEnded);
            try
            {
                await woken.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} did not happen within {HangGuard.TotalSeconds} s.");
            }
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
