namespace Afilnet.Testing;

/// <summary>How the body of a faulty answer is spoiled (WireMock's fault types).</summary>
public enum FakeFaultBody
{
    /// <summary>The body is sent as it is.</summary>
    Intact,

    /// <summary>Half the body, then random bytes (WireMock <c>MALFORMED_RESPONSE_CHUNK</c>).</summary>
    Malformed,

    /// <summary>No body at all (WireMock <c>EMPTY_RESPONSE</c>).</summary>
    Empty,
}

/// <summary>
/// A failure the fake plays instead of (or on top of) its normal answer to the next <see cref="Times"/> API calls
/// (optionally only calls of <see cref="Method"/>). Token requests and the WSDL are never affected.
/// </summary>
/// <remarks>
/// With <see cref="StatusCode"/> set, the call is refused: the state is not touched, and the answer is that status
/// with a short text body (and <c>Retry-After</c> when <see cref="RetryAfter"/> is set). Without it, the call is
/// carried out and its normal answer is sent, after <see cref="Delay"/> and spoiled as <see cref="Body"/> says:
/// a malformed or empty answer to a write therefore models a write that reached the server whose answer was lost.
/// </remarks>
public sealed record FakeFault
{
    /// <summary>Only calls of this wire method (case-insensitive), for example <c>getcontacts</c>; any call when <see langword="null"/>.</summary>
    public string? Method { get; init; }

    /// <summary>How many matching calls get the fault; at least 1 (the default).</summary>
    public int Times { get; init; } = 1;

    /// <summary>An HTTP status to answer instead of carrying out the call, for example 503.</summary>
    public int? StatusCode { get; init; }

    /// <summary>A <c>Retry-After</c> header (whole seconds, rounded up) sent with <see cref="StatusCode"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>How long to wait before answering; zero by default.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>How the body is spoiled; <see cref="FakeFaultBody.Intact"/> by default.</summary>
    public FakeFaultBody Body { get; init; } = FakeFaultBody.Intact;

    /// <summary>Answers <paramref name="statusCode"/> instead of carrying out the call.</summary>
    /// <param name="statusCode">For example 503.</param>
    /// <param name="retryAfter">A <c>Retry-After</c> to send with it, or <see langword="null"/>.</param>
    /// <returns>The fault, for one call of any method; adjust with <c>with { Times = 3, Method = "getcontacts" }</c>.</returns>
    public static FakeFault Status(int statusCode, TimeSpan? retryAfter = null) => new() { StatusCode = statusCode, RetryAfter = retryAfter };

    /// <summary>Carries out the call but answers with half the body and then garbage.</summary>
    /// <returns>The fault, for one call of any method.</returns>
    public static FakeFault Malformed() => new() { Body = FakeFaultBody.Malformed };

    /// <summary>Carries out the call but answers with an empty body.</summary>
    /// <returns>The fault, for one call of any method.</returns>
    public static FakeFault Empty() => new() { Body = FakeFaultBody.Empty };

    /// <summary>Carries out the call and answers normally, after <paramref name="delay"/>.</summary>
    /// <param name="delay">How long to wait before answering.</param>
    /// <returns>The fault, for one call of any method.</returns>
    public static FakeFault Delayed(TimeSpan delay) => new() { Delay = delay };
}
