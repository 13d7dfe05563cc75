using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// Drives a <see cref="FakeTimeProvider"/> forward while a call runs, so that timeouts, backoff and Retry-After happen
/// on the test's clock, not the machine's. Assertions are on fake time ("not before 1 s"), which load cannot break:
/// a busy machine only makes a step's effect show up one step later.
/// </summary>
public static class Clock
{
    /// <summary>
    /// Moves <paramref name="time"/> forward by <paramref name="step"/> until <paramref name="call"/> completes, letting
    /// the work each step releases run in between, and returns how much fake time passed.
    /// </summary>
    /// <exception cref="TimeoutException">More than <paramref name="limit"/> of fake time passed and the call still runs.</exception>
    public static async Task<TimeSpan> DriveAsync(this FakeTimeProvider time, Task call, TimeSpan step, TimeSpan? limit = null)
    {
        var start = time.GetUtcNow();
        var most = limit ?? TimeSpan.FromMinutes(10);
        while (true)
        {
            await Task.WhenAny(call, Task.Delay(5));
            if (call.IsCompleted)
            {
                break;
            }

            if (time.GetUtcNow() - start >= most)
            {
                throw new TimeoutException($"The call still runs after {most} of fake time.");
            }

            time.Advance(step);
        }

        var elapsed = time.GetUtcNow() - start;
        await call;
        return elapsed;
    }

    /// <summary>Waits, in real time but briefly, until <paramref name="condition"/> holds (a server saw a request, say).</summary>
    /// <exception cref="TimeoutException">It did not within 10 s.</exception>
    public static async Task UntilAsync(Func<bool> condition)
    {
        for (var waited = 0; !condition(); waited += 5)
        {
            if (waited > 10_000)
            {
                throw new TimeoutException("The condition did not hold within 10 s.");
            }

            await Task.Delay(5);
        }
    }
}
