using System.Security;
using System.Text;

namespace Afilnet.Contacts.Secrets;

/// <summary>
/// Removes known secret values from text that came from outside (answer excerpts) before it goes into an
/// exception or a log. It knows each secret raw and in every form a transport may have put it on the wire.
/// </summary>
internal sealed class SecretScrubber
{
    /// <summary>What replaces a secret.</summary>
    public const string Placeholder = "***";

    private const int MinimumSecretLength = 4;
    private readonly string?[] _secrets;
    private readonly string[] _forms;

    public SecretScrubber(params string?[] secrets)
    {
        _secrets = secrets;
        var forms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var secret in secrets)
        {
            // Very short values would scrub ordinary words; a real password is longer.
            if (string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
            {
                continue;
            }

            forms.Add(secret);
            forms.Add(Uri.EscapeDataString(secret));
            forms.Add(Uri.EscapeDataString(secret).Replace("%20", "+", StringComparison.Ordinal));
            forms.Add(SecurityElement.Escape(secret));
            forms.Add(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)));
        }

        // Longest first, so a form that contains another is replaced whole.
        _forms = [.. forms.OrderByDescending(f => f.Length)];
    }

    public static SecretScrubber None { get; } = new();

    /// <summary>Adds a secret learned later (an access token) to a copy of this scrubber.</summary>
    public SecretScrubber With(string? secret) => new([.. _secrets, secret]);

    public string Scrub(string text)
    {
        foreach (var form in _forms)
        {
            text = text.Replace(form, Placeholder, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A short, scrubbed, single-line excerpt of an answer body for an error message.</summary>
    public string? Excerpt(ReadOnlySpan<byte> body, int maxChars = 200)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        // Decode a little more than needed so a secret cut at the edge is still recognised.
        var text = Encoding.UTF8.GetString(body[..Math.Min(body.Length, (maxChars * 4) + 256)]);
        text = Scrub(text).ReplaceLineEndings(" ");
        return text.Length <= maxChars ? text : string.Concat(text.AsSpan(0, maxChars), "…");
    }
}
