using Afilnet.Contacts.Secrets;

namespace Afilnet.Contacts.Answers;

/// <summary>
/// What a decoder needs to say what went wrong: the call, the gate for server text, and the raw answer for a short
/// excerpt. Every unreadable answer, on every transport, becomes an <see cref="AfilnetProtocolException"/> here.
/// </summary>
internal readonly struct AnswerContext(string transport, string method, ServerTextGate gate, ReadOnlyMemory<byte> raw)
{
    public string Method => method;

    /// <summary>The one gate server text passes before it goes into a message, a log line or a trace.</summary>
    public ServerTextGate Gate => gate;

    /// <summary>
    /// Text a reader decoded, refused when it is not valid UTF-16: JSON can escape a lone surrogate (<c>\ud800</c>) and
    /// XML can reference one (<c>&amp;#xD800;</c>), and neither is text a caller could use or send back.
    /// </summary>
    public string Checked(string text) =>
        Requests.ApiRequest.LoneSurrogateAt(text) is null ? text : throw Unreadable("holds a lone surrogate, which is not text");

    public AfilnetProtocolException Unreadable(string problem)
    {
        var excerpt = gate.Excerpt(raw.Span);
        return new AfilnetProtocolException(
            $"{transport} '{method}': the answer {problem}{(excerpt is null ? "." : ": " + excerpt)}", method, excerpt);
    }
}
