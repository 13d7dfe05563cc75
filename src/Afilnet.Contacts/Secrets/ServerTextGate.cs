using System.Security;
using System.Text;

namespace Afilnet.Contacts.Secrets;

/// <summary>
/// THE ONE GATE for server text: nothing a server (or a proxy before it) controls reaches an exception message, a log
/// line, a trace tag or a metric except through here. It knows every secret in play (password, client secret, the
/// Basic pairs, access tokens) and lets text through only when no reading of it holds one
/// (<see cref="ReversibleEncodings"/>): a secret echoed in any reversible encoding, or several nested, withholds it.
/// </summary>
internal sealed class ServerTextGate
{
    /// <summary>What replaces a secret the SDK itself put on the wire, where the server echoed it in that same form.</summary>
    public const string Placeholder = "***";

    /// <summary>What is shown instead of a text that holds a secret in some other encoding.</summary>
    public const string Withheld = "[withheld: it holds a credential]";

    /// <summary>Shorter values would match ordinary words; a real password is longer.</summary>
    public const int MinimumSecretLength = 4;

    /// <summary>The longest value shown as a code (an API error code, an OAuth error, a SOAP faultcode).</summary>
    public const int MaxCodeLength = 64;

    // How much of a text is searched: more than is shown, so a secret cut at the excerpt's edge is still recognised.
    private const int SearchedChars = 8 * 1024;

    private readonly string?[] _given;
    private readonly string[] _secrets;
    private readonly string[] _wireForms;

    public ServerTextGate(params string?[] secrets)
    {
        _given = secrets;
        var known = new HashSet<string>(StringComparer.Ordinal);
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
            {
                continue;
            }

            known.Add(secret.Normalize(NormalizationForm.FormC));

            // The forms the SDK itself sends (raw, URL and form encoded, XML escaped, base64): an echo of one of these
            // is cut out in place, so the rest of an error page can still be shown.
            forms.Add(secret);
            forms.Add(Uri.EscapeDataString(secret));
            forms.Add(Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal));
            forms.Add(SecurityElement.Escape(secret));
            forms.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
        }

        _secrets = [.. known];

        // Longest first, so a form that contains another is replaced whole.
        _wireForms = [.. forms.OrderByDescending(f => f.Length)];
    }

    /// <summary>A gate that knows no secret: only the shape rules apply.</summary>
    public static ServerTextGate None { get; } = new();

    /// <summary>A copy of this gate that also knows a secret learned later (an access token).</summary>
    public ServerTextGate With(string? secret) => new([.. _given, secret]);

    /// <summary>A gate that knows the secrets of both (credentials rotated: the old ones may still be echoed).</summary>
    public ServerTextGate With(ServerTextGate other) => new([.. _given, .. other._given]);

    /// <summary>
    /// Server text for a message: one line without control characters, at most <paramref name="maxChars"/> long, the
    /// SDK's own wire forms of a secret replaced by <see cref="Placeholder"/>; <see cref="Withheld"/> when a secret is
    /// still there in another encoding.
    /// </summary>
    public string Text(string text, int maxChars = 200)
    {
        var searched = text.Length > SearchedChars ? text[..SearchedChars] : text;
        var cut = CutOutWireForms(searched);
        if (HoldsSecret(cut))
        {
            return Withheld;
        }

        var line = OneLine(cut);
        return line.Length <= maxChars ? line : string.Concat(line.AsSpan(0, maxChars), "…");
    }

    /// <summary>A short excerpt of an answer body, through <see cref="Text"/>; <see langword="null"/> when it is empty.</summary>
    public string? Excerpt(ReadOnlySpan<byte> body, int maxChars = 200) =>
        body.IsEmpty ? null : Text(Encoding.UTF8.GetString(body[..Math.Min(body.Length, SearchedChars)]), maxChars);

    /// <summary>
    /// <paramref name="value"/> when it has the shape of a code (ASCII letters, digits and <c>_</c>, at most
    /// <see cref="MaxCodeLength"/>) and holds no secret; otherwise <see langword="null"/>, and the caller describes it
    /// (<see cref="Unrecognised"/>) without quoting it.
    /// </summary>
    public string? Code(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxCodeLength)
        {
            return null;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return null;
            }
        }

        return HoldsSecret(value) ? null : value;
    }

    /// <summary>How a value that is not shown as a code is described instead: by its length only.</summary>
    public static string Unrecognised(string what, string? value) =>
        $"an unrecognised {what} of {value?.Length ?? 0} characters";

    /// <summary>Whether any reading of <paramref name="text"/> holds a secret; a text too tangled to read all of counts as holding one.</summary>
    public bool HoldsSecret(string text)
    {
        if (_secrets.Length == 0)
        {
            return false;
        }

        if (!ReversibleEncodings.TryReadings(text, out var readings))
        {
            return true;
        }

        foreach (var reading in readings)
        {
            foreach (var secret in _secrets)
            {
                // Any letter case: a server that upper-cases what it echoes still echoes the secret.
                if (reading.Contains(secret, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private string CutOutWireForms(string text)
    {
        foreach (var form in _wireForms)
        {
            text = text.Replace(form, Placeholder, StringComparison.Ordinal);
        }

        return text;
    }

    private static string OneLine(string text)
    {
        // Control characters (line breaks, terminal escapes) from a server must not shape a log line or a console.
        if (!text.AsSpan().ContainsAnyInRange('\0', '\u001f') && !text.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        return builder.ToString();
    }
}
