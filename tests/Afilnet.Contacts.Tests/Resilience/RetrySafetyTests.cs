using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Requests;

namespace Afilnet.Contacts.Tests.Resilience;

/// <summary>The pure retry rule: by operation, never by verb.</summary>
public sealed class RetrySafetyTests
{
    public static TheoryData<string, string, bool, bool> Cases() => new()
    {
        // failure, description, may retry a read, may retry a write
        { "refused", "connection refused: never sent", true, true },
        { "timeout", "timeout after sending", true, false },
        { "lost", "connection lost after sending", true, false },
        { "500", "HTTP 500", true, false },
        { "502", "HTTP 502", true, false },
        { "503", "HTTP 503", true, false },
        { "504", "HTTP 504", true, false },
        { "408", "HTTP 408", true, false },
        { "429", "HTTP 429", true, false },
        { "400", "HTTP 400", false, false },
        { "404", "HTTP 404", false, false },
        { "redirect", "302 redirect", false, false },
        { "too-large", "answer over the limit", false, false },
        { "protocol", "unreadable answer", true, false },
        { "resend-refused", "a host handler's resend refused", true, false },
        { "api", "API error code", false, false },
        { "canceled", "caller cancelled", false, false },
        { "argument", "bad input", false, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reads_and_writes_follow_the_rule(string failure, string description, bool read, bool write)
    {
        Exception exception = failure switch
        {
            "refused" => new AfilnetTransportException("x", TransportFailureReason.ConnectionFailed, "m", requestMayHaveReachedServer: false),
            "timeout" => new AfilnetTransportException("x", TransportFailureReason.Timeout, "m"),
            "lost" => new AfilnetTransportException("x", TransportFailureReason.ConnectionLost, "m"),
            "redirect" => new AfilnetTransportException("x", TransportFailureReason.Redirect, "m", 302),
            "too-large" => new AfilnetTransportException("x", TransportFailureReason.ResponseTooLarge, "m", 200),
            "protocol" => new AfilnetProtocolException("x", "m"),
            "resend-refused" => new AfilnetTransportException("x", TransportFailureReason.ResendRefused, "m"),
            "api" => new AfilnetApiException(ApiErrorCode.NotAccessToGroup, "m"),
            "canceled" => new OperationCanceledException(),
            "argument" => new ArgumentException("x"),
            _ => ScriptedTransport.Status(int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture)),
        };

        foreach (var operation in ApiOperations.All)
        {
            // The reads of reliability.md, spelled out: a write the catalog mistook for a read fails here.
            var isRead = operation.Name is "getgroupcolumns" or "getcontacts" or "getcontact";
            Assert.True(
                RetrySafety.MaySendAgain(operation, exception) == (isRead ? read : write),
                $"{description}: {operation.Name} should {((isRead ? read : write) ? "" : "not ")}be retried");
        }
    }
}
