using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells which timers are set, so a test moves the clock only once the code
/// under test is really waiting on it (an attempt timeout armed, a backoff begun). Moving it earlier would race: a timer
/// set after the move would start from the new time and never fire.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<ObservedTimer> _timers = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(dueTime);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.Pending = false;
                callback(s);
            },
            state,
            dueTime,
            period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        return timer;
    }

    /// <summary>
    /// Waits (in real time, briefly) until a timer of <paramref name="dueTime"/> is pending (set, not yet fired, changed
    /// or disposed), and claims it, so that the next wait for the same due time finds another.
    /// </summary>
    /// <exception cref="TimeoutException">None was pending within 10 s.</exception>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        for (var waited = 0; ; waited += 5)
        {
            lock (_timers)
            {
                if (_timers.FirstOrDefault(t => t.Pending && !t.Claimed && t.DueTime == dueTime) is { } timer)
                {
                    timer.Claimed = true;
                    return;
                }
            }

            if (waited > 10_000)
            {
                throw new TimeoutException($"No timer of {dueTime} was pending within 10 s.");
            }

            await Task.Delay(5);
        }
    }

    /// <summary>
    /// Once a timer of <paramref name="dueTime"/> is pending: moves the clock one tick short of it and checks that
    /// <paramref name="call"/> still runs (nothing fired early), then moves the last tick.
    /// </summary>
    public async Task ElapseAsync(TimeSpan dueTime, Task call, string what)
    {
        await WaitForTimerAsync(dueTime);
        Advance(dueTime - TimeSpan.FromTicks(1));
        await Task.WhenAny(call, Task.Delay(20));
        Assert.False(call.IsCompleted, $"{what} ended before its {dueTime.TotalMilliseconds} ms on the clock");
        Advance(TimeSpan.FromTicks(1));
    }

    /// <summary>The fake's timer, with what it is waiting for (Polly and CancelAfter set due times with Change).</summary>
    private sealed class ObservedTimer(TimeSpan dueTime) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public TimeSpan DueTime { get; private set; } = dueTime;

        /// <summary>Set to fire once, neither fired nor disposed since.</summary>
        public bool Pending { get; set; } = dueTime != Timeout.InfiniteTimeSpan;

        public bool Claimed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            DueTime = dueTime;
            Pending = dueTime != Timeout.InfiniteTimeSpan;
            Claimed = false;
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            Pending = false;
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Pending = false;
            return Inner.DisposeAsync();
        }
    }
}
