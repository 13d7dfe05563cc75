using Afilnet.Contacts.Secrets;

namespace Afilnet.Contacts.Answers;

/// <summary>
/// What a decoder needs to say what went wrong: the call, the scrubber for server text, and the raw answer for a short
/// excerpt. Every unreadable answer, on every transport, becomes an <see cref="AfilnetProtocolException"/> here.
/// </summary>
internal readonly struct AnswerContext(string transport, string method, SecretScrubber scrubber, ReadOnlyMemory<byte> raw)
{
    public string Method => method;

    /// <summary>Server text that goes into a message passes the scrubber.</summary>
    public string Scrub(string text) => scrubber.Scrub(text);

    public AfilnetProtocolException Unreadable(string problem)
    {
        var excerpt = scrubber.Excerpt(raw.Span);
        return new AfilnetProtocolException(
            $"{transport} '{method}': the answer {problem}{(excerpt is null ? "." : ": " + excerpt)}", method, excerpt);
    }
}
