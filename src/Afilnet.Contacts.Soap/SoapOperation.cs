using Afilnet.Contacts.Requests;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// The SOAP names of one API operation, built once for the twelve so that no call builds them again: the SOAPAction
/// (<c>https://www.afilnet.com/api/soap/&lt;method&gt;</c>) and the response element (<c>&lt;method&gt;Response</c>).
/// </summary>
internal sealed class SoapOperation
{
    private static readonly SoapOperation[] All = [.. ApiOperations.All.Select(operation => new SoapOperation(operation))];

    private SoapOperation(ApiOperation operation)
    {
        Operation = operation;
        Action = SoapTransport.Namespace + operation.Name;
        ResponseName = operation.Name + "Response";
    }

    public ApiOperation Operation { get; }

    /// <summary>The SOAPAction: the namespace followed by the method name.</summary>
    public string Action { get; }

    /// <summary>The element that wraps the answer in the reply's body.</summary>
    public string ResponseName { get; }

    /// <summary>The names of <paramref name="operation"/> (one of the catalog's twelve).</summary>
    public static SoapOperation Of(ApiOperation operation)
    {
        foreach (var soap in All)
        {
            if (ReferenceEquals(soap.Operation, operation))
            {
                return soap;
            }
        }

        // Not one of the catalog's instances: same names, built for this call.
        return new SoapOperation(operation);
    }

    /// <summary>
    /// The operation whose SOAPAction is <paramref name="action"/>, quoted or not (HTTP sends it quoted), compared
    /// without building a string; <see langword="null"/> for any other action.
    /// </summary>
    public static SoapOperation? FindByAction(ReadOnlySpan<char> action)
    {
        action = action.Trim('"');
        foreach (var soap in All)
        {
            if (action.SequenceEqual(soap.Action))
            {
                return soap;
            }
        }

        return null;
    }
}
