namespace Afilnet.Contacts;

/// <summary>
/// A request is too large for the chosen transport (a GET URL over its limit) and was refused before anything was
/// sent. It is an <see cref="ArgumentException"/>: the input, not the server, is at fault; a POST transport carries it.
/// </summary>
public sealed class AfilnetRequestTooLargeException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was too large, and what to do instead.</param>
    /// <param name="length">The size the request would have had.</param>
    /// <param name="limit">The transport's limit.</param>
    /// <param name="paramName">The parameter that carried the request.</param>
    public AfilnetRequestTooLargeException(string message, int length, int limit, string? paramName = null)
        : base(message, paramName)
    {
        Length = length;
        Limit = limit;
    }

    /// <summary>The size the request would have had, in characters.</summary>
    public int Length { get; }

    /// <summary>The transport's limit, in characters.</summary>
    public int Limit { get; }
}
