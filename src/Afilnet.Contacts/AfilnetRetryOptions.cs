namespace Afilnet.Contacts;

/// <summary>
/// Retries and the overall time limit of a call (keys under <c>Afilnet:Retry</c>). Whether a failed call may be sent
/// again is decided by the operation, never by these settings: a write is resent only when it provably never left.
/// Every wait here is at most one day (<c>1.00:00:00</c>), the most Polly's strategies accept; a value out of range fails
/// at start naming its key (for example <c>Afilnet:Retry:MaxRetryDelay</c>) and the range.
/// </summary>
public sealed class AfilnetRetryOptions
{
    /// <summary>Default number of retries after the first attempt: 3.</summary>
    internal const int DefaultMaxRetries = 3;

    /// <summary>Default median delay before the first retry: 0.5 s, doubling with jitter after that.</summary>
    internal static TimeSpan DefaultRetryDelay { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Default longest backoff between two attempts: 10 s.</summary>
    internal static TimeSpan DefaultMaxRetryDelay { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Default longest <c>Retry-After</c> honoured: 30 s; a server asking for more fails the call at once.</summary>
    internal static TimeSpan DefaultMaxRetryAfter { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Default time a call may take across all its attempts and waits: 2 minutes.</summary>
    internal static TimeSpan DefaultTotalTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt, from 0 (retries off) to 100; more is a value meant for another key.</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The median delay before the first retry, from zero to one day; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay;

    /// <summary>The longest backoff between two attempts: at least <see cref="RetryDelay"/>, at most one day.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;

    /// <summary>The longest <c>Retry-After</c> a read waits for, from zero to one day; longer, and the throttling error is raised at once.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = DefaultMaxRetryAfter;

    /// <summary>
    /// The time a call may take across all attempts and waits, from 10 ms (Polly's least) to one day, or
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (<c>-00:00:00.001</c>) for no limit.
    /// When it runs out, the attempt in flight is abandoned and the call fails with <see cref="TransportFailureReason.Timeout"/>.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = DefaultTotalTimeout;

    /// <summary>Describes the settings.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"AfilnetRetryOptions {{ MaxRetries = {MaxRetries}, RetryDelay = {RetryDelay}, MaxRetryDelay = {MaxRetryDelay}, MaxRetryAfter = {MaxRetryAfter}, TotalTimeout = {TotalTimeout} }}";
}
