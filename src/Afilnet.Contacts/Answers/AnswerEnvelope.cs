namespace Afilnet.Contacts.Answers;

/// <summary>
/// The envelope rule of protocol.md section 2, one piece of code for all five transports: a record holding
/// <c>status</c> (<c>SUCCESS</c> or <c>ERROR</c> in any letter case, nothing else), <c>error</c> (the code of an ERROR)
/// and <c>result</c> (decoded by the operation's decoder), member names in any case, each at most once; anything else
/// is an unreadable answer. An ERROR is raised here as <see cref="AfilnetApiException"/>, inside the transport call, so
/// the retry and telemetry layers above see the true outcome.
/// </summary>
internal static class AnswerEnvelope
{
    public static TResult Decode<TReader, TDecoder, TResult>(ref TReader reader, in AnswerContext context)
        where TReader : IAnswerReader, allows ref struct
        where TDecoder : IResultDecoder<TResult>
    {
        if (!reader.TryEnterRecord())
        {
            throw context.Unreadable("is not a record of status, error and result");
        }

        string? status = null;
        string? error = null;
        TResult? result = default;
        bool seenStatus = false, seenError = false, seenResult = false, hasResult = false;
        while (reader.NextMember(out var name))
        {
            if (Is(name, "status"))
            {
                Once(ref seenStatus, "status", context);
                status = reader.IsNull ? Skipped(ref reader) : reader.ReadText();
            }
            else if (Is(name, "error"))
            {
                Once(ref seenError, "error", context);
                error = reader.IsNull ? Skipped(ref reader) : reader.ReadText();
            }
            else if (Is(name, "result"))
            {
                Once(ref seenResult, "result", context);
                if (reader.IsNull)
                {
                    reader.Skip();
                }
                else
                {
                    result = TDecoder.Read(ref reader, in context);
                    hasResult = true;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        RequireSuccess(status, error, seenStatus, in context);
        return hasResult ? result! : TDecoder.Absent(in context);
    }

    /// <summary>
    /// The verdict of an answer read to its end: returns for <c>SUCCESS</c>, raises the API's error for <c>ERROR</c>
    /// (its code kept verbatim for code to compare; the message, the logs and the traces show it only when the gate finds
    /// it has the shape of a code and holds no secret), and calls anything else unreadable.
    /// </summary>
    public static void RequireSuccess(string? status, string? error, bool seenStatus, in AnswerContext context)
    {
        if (IsSuccess(status))
        {
            return;
        }

        if (string.Equals(status, "ERROR", StringComparison.OrdinalIgnoreCase))
        {
            throw string.IsNullOrWhiteSpace(error)
                ? context.Unreadable("has status ERROR but no error code")
                : new AfilnetApiException(new ApiErrorCode(error), context.Method, context.Gate.Code(error));
        }

        throw context.Unreadable(seenStatus ? "has a status other than SUCCESS or ERROR" : "has no status");
    }

    public static bool IsSuccess(string? status) => string.Equals(status, "SUCCESS", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a member is the envelope's <paramref name="expected"/> one: names match in any letter case.</summary>
    public static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses a second <c>status</c>, <c>error</c> or <c>result</c>: it is ambiguous, never "the last one wins".</summary>
    public static void Once(ref bool seen, string member, in AnswerContext context)
    {
        if (seen)
        {
            throw context.Unreadable($"has '{member}' more than once");
        }

        seen = true;
    }

    private static string? Skipped<TReader>(ref TReader reader)
        where TReader : IAnswerReader, allows ref struct
    {
        reader.Skip();
        return null;
    }
}
