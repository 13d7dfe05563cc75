namespace Afilnet.Contacts.Transport;

/// <summary>
/// A transport-neutral call: the operation and its parameters in documented order, without credentials
/// (each transport adds them in its own way). Immutable and safe to send more than once.
/// </summary>
public sealed class ApiRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="operation">The operation to call.</param>
    /// <param name="parameters">Its parameters, one per name of <see cref="ApiOperation.ParameterNames"/>, in that order.</param>
    /// <exception cref="ArgumentException">The parameters do not match the operation's names and order.</exception>
    public ApiRequest(ApiOperation operation, IReadOnlyList<ApiParameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Count != operation.ParameterNames.Count)
        {
            throw new ArgumentException(
                $"'{operation.Name}' takes {operation.ParameterNames.Count} parameters ({string.Join(", ", operation.ParameterNames)}); {parameters.Count} were given.",
                nameof(parameters));
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (!string.Equals(parameters[i].Name, operation.ParameterNames[i], StringComparison.Ordinal) || parameters[i].Value is null)
            {
                throw new ArgumentException(
                    $"Parameter {i + 1} of '{operation.Name}' must be '{operation.ParameterNames[i]}' with a value.", nameof(parameters));
            }
        }

        Operation = operation;
        Parameters = parameters;
    }

    /// <summary>The operation.</summary>
    public ApiOperation Operation { get; }

    /// <summary>The parameters, in documented order.</summary>
    public IReadOnlyList<ApiParameter> Parameters { get; }

    /// <summary>Describes the call by operation and parameter names only, since values may hold personal data.</summary>
    /// <returns>For example <c>creategroup(name, type, fields)</c>.</returns>
    public override string ToString() => $"{Operation.Name}({string.Join(", ", Operation.ParameterNames)})";
}
