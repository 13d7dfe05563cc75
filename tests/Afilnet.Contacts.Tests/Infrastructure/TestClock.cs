using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also tells which timers are set, so a test moves the clock only once the code
/// under test is really waiting on it (an attempt timeout armed, a backoff begun). Moving it earlier would race: a timer
/// set after the move would start from the new time and never fire. Waits are woken by the timers themselves; nothing
/// here polls or sleeps.
/// </summary>
public sealed class TestClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly List<ObservedTimer> _timers = [];
    private readonly ChangeSignal _changed = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservedTimer(this, dueTime);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.Pending = false;
                _changed.Notify();
                callback(s);
            },
            state,
            dueTime,
            period);
        lock (_timers)
        {
            _timers.Add(timer);
        }

        _changed.Notify();
        return timer;
    }

    /// <summary>
    /// Waits until a timer whose due time matches is pending (set, not yet fired, changed or disposed), and claims it,
    /// so that the next wait for the same due time finds another.
    /// </summary>
    /// <returns>The claimed timer, whose <see cref="ObservedTimer.DueTime"/> says what it waits for.</returns>
    public async Task<ObservedTimer> WaitForTimerAsync(Func<TimeSpan, bool> match, string what)
    {
        ObservedTimer? found = null;
        await _changed.UntilAsync(
            () =>
            {
                lock (_timers)
                {
                    found = _timers.FirstOrDefault(t => t.Pending && !t.Claimed && match(t.DueTime));
                    if (found is not null)
                    {
                        found.Claimed = true;
                    }

                    return found is not null;
                }
            },
            $"a timer for {what}");
        return found!;
    }

    /// <summary><see cref="WaitForTimerAsync(Func{TimeSpan, bool}, string)"/> for a timer of exactly <paramref name="dueTime"/>.</summary>
    public Task<ObservedTimer> WaitForTimerAsync(TimeSpan dueTime) => WaitForTimerAsync(d => d == dueTime, $"{dueTime}");

    /// <summary>
    /// Once a timer of <paramref name="dueTime"/> is pending: moves the clock one tick short of it and checks that it
    /// has not fired and <paramref name="call"/> still runs, then moves the last tick.
    /// </summary>
    public async Task ElapseAsync(TimeSpan dueTime, Task call, string what) =>
        Elapse(await WaitForTimerAsync(d => d == dueTime, what), call, what);

    /// <summary>Moves the clock to <paramref name="timer"/>'s deadline: one tick short (nothing fired), then the last tick.</summary>
    public void Elapse(ObservedTimer timer, Task call, string what)
    {
        var left = timer.DueAt - GetUtcNow();
        Advance(left - TimeSpan.FromTicks(1));
        Assert.True(timer.Pending, $"{what} fired before its {timer.DueTime.TotalMilliseconds} ms on the clock");
        Assert.False(call.IsCompleted, $"{what}: the call ended before its {timer.DueTime.TotalMilliseconds} ms on the clock");
        Advance(TimeSpan.FromTicks(1));
    }

    /// <summary>The fake's timer, with what it is waiting for (Polly and CancelAfter set due times with Change).</summary>
    public sealed class ObservedTimer : ITimer
    {
        private readonly TestClock _clock;

        internal ObservedTimer(TestClock clock, TimeSpan dueTime)
        {
            _clock = clock;
            Set(dueTime);
        }

        internal ITimer Inner { get; set; } = null!;

        /// <summary>How long after it was set the timer fires.</summary>
        public TimeSpan DueTime { get; private set; }

        /// <summary>When, on the clock, it fires.</summary>
        public DateTimeOffset DueAt { get; private set; }

        /// <summary>Set to fire once, neither fired nor disposed since.</summary>
        public bool Pending { get; internal set; }

        internal bool Claimed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Set(dueTime);
            Claimed = false;
            var changed = Inner.Change(dueTime, period);
            _clock._changed.Notify();
            return changed;
        }

        public void Dispose()
        {
            Pending = false;
            Inner.Dispose();
            _clock._changed.Notify();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Set(TimeSpan dueTime)
        {
            DueTime = dueTime;
            Pending = dueTime != Timeout.InfiniteTimeSpan;
            DueAt = Pending ? _clock.GetUtcNow() + dueTime : DateTimeOffset.MaxValue;
        }
    }
}
