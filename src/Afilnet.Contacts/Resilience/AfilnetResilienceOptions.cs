namespace Afilnet.Contacts.Resilience;

/// <summary>Retry and overall-time settings of <see cref="ResilientTransport"/>. The attempt timeout is the transport's own.</summary>
public sealed class AfilnetResilienceOptions
{
    /// <summary>Default number of retries after the first attempt: 3.</summary>
    public const int DefaultMaxRetries = 3;

    /// <summary>Default median delay before the first retry: 0.5 s, doubling with jitter after that.</summary>
    public static TimeSpan DefaultRetryDelay { get; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Default longest backoff between two attempts: 10 s.</summary>
    public static TimeSpan DefaultMaxRetryDelay { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Default longest <c>Retry-After</c> honoured: 30 s; a server asking for more fails the call at once.</summary>
    public static TimeSpan DefaultMaxRetryAfter { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Default time a call may take across all its attempts and waits: 2 minutes.</summary>
    public static TimeSpan DefaultTotalTimeout { get; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt; 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = DefaultMaxRetries;

    /// <summary>The median delay before the first retry; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay;

    /// <summary>The longest backoff between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = DefaultMaxRetryDelay;

    /// <summary>The longest <c>Retry-After</c> a read waits for; longer, and the throttling error is raised at once.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = DefaultMaxRetryAfter;

    /// <summary>
    /// The time a call may take across all attempts and waits; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.
    /// When it runs out, the attempt in flight is abandoned and the call fails with
    /// <see cref="TransportFailureReason.Timeout"/>, however much of each attempt's own timeout is left.
    /// </summary>
    public TimeSpan TotalTimeout { get; set; } = DefaultTotalTimeout;

    /// <summary>Describes the settings.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"AfilnetResilienceOptions {{ MaxRetries = {MaxRetries}, RetryDelay = {RetryDelay}, MaxRetryDelay = {MaxRetryDelay}, MaxRetryAfter = {MaxRetryAfter}, TotalTimeout = {TotalTimeout} }}";
}
