using System.Diagnostics;
using Afilnet.Contacts.Requests;

namespace Afilnet.Contacts.Resilience;

/// <summary>
/// Told of each retry of a call by <see cref="ResilientTransport"/>, the only layer that sees them, so the telemetry
/// above it can count and trace them. Called on the call's own flow, before the wait.
/// </summary>
internal interface IRetryObserver
{
    /// <param name="operation">The call's operation.</param>
    /// <param name="span">The span the observer passed along with the call, if any.</param>
    /// <param name="failedAttempt">The attempt that failed: 1 for the first send, so also the number of retries so far.</param>
    /// <param name="delay">The wait before the next attempt.</param>
    /// <param name="failure">Why the attempt failed.</param>
    void OnRetry(ApiOperation operation, Activity? span, int failedAttempt, TimeSpan delay, Exception failure);
}
