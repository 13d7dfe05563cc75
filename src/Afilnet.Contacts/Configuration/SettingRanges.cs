using System.Globalization;

namespace Afilnet.Contacts.Configuration;

/// <summary>
/// The range every time and number setting must lie in: where the SDK, its timers and Polly work, and no further than
/// a real need. Both the start-up check of a configuration section (<see cref="ConfigurationCheck"/>) and the client's
/// own validation (<see cref="ClientSettings.Validate"/>) word their failures from here, so a key fails with the same
/// message whichever way it was set.
/// </summary>
internal static class SettingRanges
{
    /// <summary>
    /// The longest wait of any kind: one attempt, the whole call, a backoff, a <c>Retry-After</c>. Polly.Core 8 refuses
    /// a <c>TimeoutStrategyOptions.Timeout</c> or a <c>RetryStrategyOptions.Delay</c>/<c>MaxDelay</c> above
    /// <c>1.00:00:00</c> (its <c>[Range]</c> attributes, checked when the pipeline is built), and a .NET timer holds at
    /// most 49.7 days (<c>uint.MaxValue - 1</c> ms; more throws from <c>CancellationTokenSource</c> and <c>Task.Delay</c>
    /// on the first call). One day keeps every wait inside both; no HTTP answer or backoff needs more, and a larger value
    /// is almost always a unit mistake (in configuration a bare <c>100</c> is 100 days).
    /// </summary>
    public static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    /// <summary>Polly's shortest total timeout: <c>TimeoutStrategyOptions.Timeout</c> must be at least 10 ms.</summary>
    public static readonly TimeSpan ShortestTotalTimeout = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The most retries. Polly accepts up to <see cref="int.MaxValue"/>, but the backoff doubles per attempt and its
    /// arithmetic stops being a number past about 1,000 doublings; 100 retries at the default 10 s cap are already over
    /// a quarter of an hour of waiting, so more is a value meant for another key (milliseconds, say).
    /// </summary>
    public const int MostRetries = 100;

    /// <summary>
    /// The longest URL limit: 64 Ki characters. No common server or proxy takes a longer request line (Kestrel and
    /// nginx stop at 8 KiB, IIS's HTTP.sys at 16 KiB), so a larger limit would only let a call fail at the server instead
    /// of before sending; a large call belongs on a POST transport.
    /// </summary>
    public const int LongestUrl = 64 * 1024;

    /// <summary>
    /// The largest answer limit: 1 GiB, on every transport. An answer is read into one array (at most
    /// <see cref="Array.MaxLength"/>, about 2 GiB, and WCF's quota is an <see cref="int"/>); 1 GiB holds millions of
    /// contacts, 64 times the default, and stays well inside both.
    /// </summary>
    public const long LargestResponse = 1L << 30;

    /// <summary>How configuration writes <see cref="Timeout.InfiniteTimeSpan"/>.</summary>
    public const string Infinite = "-00:00:00.001";

    /// <summary><see cref="AfilnetOptions.Timeout"/>: more than zero, at most a day, or infinite.</summary>
    public static TimeRange AttemptTimeout { get; } = new(TimeSpan.Zero, MinExcluded: true, LongestWait, AllowsInfinite: true);

    /// <summary><see cref="AfilnetRetryOptions.TotalTimeout"/>: Polly's range, or infinite (no timeout strategy at all).</summary>
    public static TimeRange TotalTimeout { get; } = new(ShortestTotalTimeout, MinExcluded: false, LongestWait, AllowsInfinite: true);

    /// <summary><see cref="AfilnetRetryOptions.RetryDelay"/> and <see cref="AfilnetRetryOptions.MaxRetryAfter"/>: zero to a day.</summary>
    public static TimeRange Wait { get; } = new(TimeSpan.Zero, MinExcluded: false, LongestWait, AllowsInfinite: false);

    /// <summary><see cref="AfilnetRetryOptions.MaxRetries"/>.</summary>
    public static NumberRange Retries { get; } = new(0, MostRetries, "0 turns retries off");

    /// <summary><see cref="AfilnetOptions.MaxUrlLength"/> where no URL is sent, or before the endpoint is known.</summary>
    public static NumberRange UrlLength { get; } = new(1, LongestUrl);

    /// <summary><see cref="AfilnetOptions.MaxResponseBytes"/>.</summary>
    public static NumberRange ResponseBytes { get; } = new(1, LargestResponse, "1 GiB");

    /// <summary><see cref="AfilnetRetryOptions.MaxRetryDelay"/>: from the first delay (named <paramref name="firstDelayKey"/>) to a day.</summary>
    public static TimeRange MaxRetryDelay(string firstDelayKey, TimeSpan? firstDelay) =>
        new(firstDelay ?? TimeSpan.Zero, MinExcluded: false, LongestWait, AllowsInfinite: false, MinName: firstDelayKey, MinKnown: firstDelay is not null);

    /// <summary>A time as configuration writes it: <c>[-][d.]hh:mm:ss[.f…]</c>, without trailing zeros in the fraction.</summary>
    public static string Show(TimeSpan value)
    {
        var text = value.ToString("c", CultureInfo.InvariantCulture);
        return text.IndexOf('.', text.LastIndexOf(':') + 1) < 0 ? text : text.TrimEnd('0').TrimEnd('.');
    }

    /// <summary>A number as configuration writes it.</summary>
    public static string Show(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A range of times, and how a value outside it is reported.</summary>
/// <param name="Min">The lower end.</param>
/// <param name="MinExcluded">Whether <paramref name="Min"/> itself is outside.</param>
/// <param name="Max">The upper end, included.</param>
/// <param name="AllowsInfinite">Whether <see cref="Timeout.InfiniteTimeSpan"/> means "no limit" here.</param>
/// <param name="MinName">The key the lower end comes from, when it is another setting.</param>
/// <param name="MinKnown">Whether that setting's value is known (it parsed and is itself in range).</param>
internal sealed record TimeRange(TimeSpan Min, bool MinExcluded, TimeSpan Max, bool AllowsInfinite, string? MinName = null, bool MinKnown = true)
{
    public bool Contains(TimeSpan value) =>
        (AllowsInfinite && value == Timeout.InfiniteTimeSpan) || ((MinExcluded ? value > Min : value >= Min) && value <= Max);

    /// <summary>For example "it must be more than 00:00:00 and at most 1.00:00:00, or -00:00:00.001 (infinite)".</summary>
    public string Describe()
    {
        var min = MinName is null ? SettingRanges.Show(Min) : MinKnown ? $"{MinName} ({SettingRanges.Show(Min)})" : MinName;
        var infinite = AllowsInfinite ? $", or {SettingRanges.Infinite} (infinite)" : string.Empty;
        return $"it must be {(MinExcluded ? "more than" : "at least")} {min} and at most {SettingRanges.Show(Max)}{infinite}";
    }

    /// <summary>The failure for <paramref name="value"/> at <paramref name="key"/>; <see langword="null"/> when it is in range.</summary>
    public string? Problem(string key, TimeSpan value) =>
        Contains(value) ? null : $"{key} is {SettingRanges.Show(value)}; {Describe()}.";
}

/// <summary>A range of whole numbers, both ends included, and how a value outside it is reported.</summary>
/// <param name="Min">The lower end.</param>
/// <param name="Max">The upper end.</param>
/// <param name="Note">What the upper end, or a special value, means (shown in parentheses).</param>
internal sealed record NumberRange(long Min, long Max, string? Note = null)
{
    public bool Contains(long value) => value >= Min && value <= Max;

    /// <summary>For example "it must be from 0 to 100 (0 turns retries off)".</summary>
    public string Describe() =>
        $"it must be from {SettingRanges.Show(Min)} to {SettingRanges.Show(Max)}{(Note is null ? string.Empty : $" ({Note})")}";

    public string? Problem(string key, long value) =>
        Contains(value) ? null : $"{key} is {SettingRanges.Show(value)}; {Describe()}.";
}
