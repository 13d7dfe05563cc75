namespace Afilnet.Contacts.Diagnostics;

/// <summary>
/// The names under which the SDK reports traces, metrics and log categories, for listeners and dashboards. Which tag
/// each span, event and instrument carries is listed in the README, section "Observability".
/// </summary>
public static class AfilnetTelemetry
{
    /// <summary>The ActivitySource and Meter name: <c>Afilnet.Contacts</c>.</summary>
    public const string SourceName = "Afilnet.Contacts";

    /// <summary>
    /// Histogram of call durations in seconds, one record per call (retries and their waits included):
    /// <c>afilnet.client.call.duration</c>. It advises bucket boundaries from 5 ms to 120 s.
    /// </summary>
    public const string CallDurationMetric = "afilnet.client.call.duration";

    /// <summary>Counter of failed calls: <c>afilnet.client.call.failures</c>.</summary>
    public const string CallFailuresMetric = "afilnet.client.call.failures";

    /// <summary>Counter of retries, one per attempt sent again: <c>afilnet.client.call.retries</c>.</summary>
    public const string CallRetriesMetric = "afilnet.client.call.retries";

    /// <summary>The span event of one retry, on the call's span: <c>afilnet.retry</c>.</summary>
    internal const string RetryEvent = "afilnet.retry";

    /// <summary>Tag: the transport name, for example <c>HttpGet</c>.</summary>
    internal const string TransportTag = "afilnet.transport";

    /// <summary>Tag: the wire method, for example <c>creategroup</c>.</summary>
    internal const string MethodTag = "afilnet.method";

    /// <summary>
    /// Tag: <c>success</c>, <c>api_error</c>, <c>transport_error</c>, <c>protocol_error</c>, <c>authentication_error</c>,
    /// <c>invalid_request</c>, <c>canceled</c> or <c>unexpected_error</c>. On a <see cref="RetryEvent"/>, the failed attempt's.
    /// </summary>
    internal const string OutcomeTag = "afilnet.outcome";

    /// <summary>
    /// Tag: the API error code of an <c>api_error</c>, for example <c>NOT_ACCESS_TO_GROUP</c>. On metrics it is one of
    /// the documented codes or <see cref="OtherErrorCode"/>, so the tag's values are a bounded set; on traces and logs
    /// any code with the shape of one is shown, and <see cref="OtherErrorCode"/> stands for the rest.
    /// </summary>
    internal const string ErrorCodeTag = "afilnet.error_code";

    /// <summary>The <see cref="ErrorCodeTag"/> value of a code that is not documented (metrics) or not shown (traces, logs).</summary>
    internal const string OtherErrorCode = "other";

    /// <summary>
    /// Tag: the HTTP status of a transport error, when there was one, as an integer. On metrics only a status from 100
    /// to 599, so the tag's values are a bounded set.
    /// </summary>
    internal const string HttpStatusTag = "http.response.status_code";

    /// <summary>Span tag of a failed call: the exception's type name, for example <c>AfilnetTransportException</c>.</summary>
    internal const string ErrorTypeTag = "error.type";

    /// <summary>Span tag: how many times the call was sent again (attempts - 1), 0 when it was sent once.</summary>
    internal const string RetriesTag = "afilnet.retries";

    /// <summary><see cref="RetryEvent"/> tag: the attempt that failed, 1 for the first send.</summary>
    internal const string RetryAttemptTag = "afilnet.retry.attempt";

    /// <summary><see cref="RetryEvent"/> tag: the wait before the next attempt, in seconds.</summary>
    internal const string RetryDelayTag = "afilnet.retry.delay";
}
