namespace Afilnet.Contacts.Transport;

/// <summary>
/// A transport-neutral answer: success with an optional result, or an API error code. Every transport reads its
/// wire answer into this shape; <see cref="ContactsClient"/> maps it to typed results in one place.
/// </summary>
public sealed class ApiAnswer
{
    private ApiAnswer(ApiErrorCode? errorCode, ApiValue? result)
    {
        ErrorCode = errorCode;
        Result = result;
    }

    /// <summary>Whether the API answered <c>status=SUCCESS</c>.</summary>
    public bool IsSuccess => ErrorCode is null;

    /// <summary>The error code of a <c>status=ERROR</c> answer; <see langword="null"/> on success.</summary>
    public ApiErrorCode? ErrorCode { get; }

    /// <summary>The <c>result</c> of a successful answer, in the JSON shape of protocol.md section 2; <see langword="null"/> when absent.</summary>
    public ApiValue? Result { get; }

    /// <summary>A successful answer.</summary>
    /// <param name="result">The result, or <see langword="null"/> when the answer has none.</param>
    /// <returns>The answer.</returns>
    public static ApiAnswer Success(ApiValue? result = null) => new(null, result);

    /// <summary>An error answer.</summary>
    /// <param name="errorCode">The code, verbatim.</param>
    /// <returns>The answer.</returns>
    public static ApiAnswer Error(ApiErrorCode errorCode) => new(errorCode, null);
}
