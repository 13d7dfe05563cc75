namespace Afilnet.Contacts.Diagnostics;

/// <summary>The names under which the SDK reports traces, metrics and log categories, for listeners and dashboards.</summary>
public static class AfilnetTelemetry
{
    /// <summary>The ActivitySource and Meter name: <c>Afilnet.Contacts</c>.</summary>
    public const string SourceName = "Afilnet.Contacts";

    /// <summary>Histogram of call durations in seconds, one record per call (retries included): <c>afilnet.client.call.duration</c>.</summary>
    public const string CallDurationMetric = "afilnet.client.call.duration";

    /// <summary>Counter of failed calls: <c>afilnet.client.call.failures</c>.</summary>
    public const string CallFailuresMetric = "afilnet.client.call.failures";

    /// <summary>Tag: the transport name, for example <c>HttpGet</c>.</summary>
    public const string TransportTag = "afilnet.transport";

    /// <summary>Tag: the wire method, for example <c>creategroup</c>.</summary>
    public const string MethodTag = "afilnet.method";

    /// <summary>Tag: <c>success</c>, <c>api_error</c>, <c>transport_error</c>, <c>protocol_error</c>, <c>authentication_error</c>, <c>invalid_request</c> or <c>canceled</c>.</summary>
    public const string OutcomeTag = "afilnet.outcome";

    /// <summary>
    /// Tag: the API error code of an <c>api_error</c>, for example <c>NOT_ACCESS_TO_GROUP</c>. On metrics it is one of
    /// the documented codes or <see cref="OtherErrorCode"/>, so the tag's values are a bounded set; on traces and logs
    /// any code with the shape of one is shown, and <see cref="OtherErrorCode"/> stands for the rest.
    /// </summary>
    public const string ErrorCodeTag = "afilnet.error_code";

    /// <summary>The <see cref="ErrorCodeTag"/> value of a code that is not documented (metrics) or not shown (traces, logs).</summary>
    public const string OtherErrorCode = "other";

    /// <summary>Tag: the HTTP status of a transport error, when there was one.</summary>
    public const string HttpStatusTag = "http.response.status_code";
}
