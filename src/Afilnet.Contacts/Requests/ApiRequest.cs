namespace Afilnet.Contacts.Requests;

/// <summary>
/// A transport-neutral call: the operation and its parameters in documented order, without credentials (each
/// transport adds them in its own way). Immutable, so a retry sends exactly the same call.
/// </summary>
internal sealed class ApiRequest
{
    public ApiRequest(ApiOperation operation, ApiParameter[] parameters)
    {
        // Built only by ApiRequestFactory, whose shapes match the catalog; checked here so a mismatch cannot be sent.
        if (parameters.Length != operation.ParameterNames.Count)
        {
            throw new ArgumentException($"'{operation.Name}' takes {operation.ParameterNames.Count} parameters; {parameters.Length} were given.", nameof(parameters));
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (!string.Equals(parameters[i].Name, operation.ParameterNames[i], StringComparison.Ordinal) || parameters[i].Value is null)
            {
                throw new ArgumentException($"Parameter {i + 1} of '{operation.Name}' must be '{operation.ParameterNames[i]}' with a value.", nameof(parameters));
            }

            if (LoneSurrogateAt(parameters[i].Value) is { } at)
            {
                // UTF-8 (every carrier's encoding) cannot carry it: the encoders would send U+FFFD instead, silently.
                throw new ArgumentException(
                    $"The value of '{parameters[i].Name}' holds a lone surrogate (U+{(int)parameters[i].Value[at]:X4} at position {at}), which no transport can carry; nothing was sent.",
                    parameters[i].Name);
            }
        }

        Operation = operation;
        Parameters = parameters;
    }

    public ApiOperation Operation { get; }

    /// <summary>The parameters, in documented order.</summary>
    public IReadOnlyList<ApiParameter> Parameters { get; }

    /// <summary>The position of the first UTF-16 surrogate without its partner, or null when the text is well formed.</summary>
    public static int? LoneSurrogateAt(string text)
    {
        // Nearly all text holds no surrogate at all: one vectorised search settles it.
        var first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return null;
        }

        for (var i = first; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i]))
            {
                continue;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            return i;
        }

        return null;
    }

    /// <summary>The operation and parameter names only: values may hold personal data.</summary>
    public override string ToString() => $"{Operation.Name}({string.Join(", ", Operation.ParameterNames)})";
}
