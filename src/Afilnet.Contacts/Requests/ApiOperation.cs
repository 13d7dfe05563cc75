namespace Afilnet.Contacts.Requests;

/// <summary>
/// One of the twelve documented methods of the API's <c>group</c> class: its wire name, its parameters in documented
/// order, and whether it only reads. The catalog of all twelve is <see cref="ApiOperations"/>.
/// </summary>
internal sealed class ApiOperation
{
    internal ApiOperation(string name, bool isRead, params string[] parameterNames)
    {
        Name = name;
        IsRead = isRead;
        ParameterNames = parameterNames;
    }

    /// <summary>The API class every operation belongs to: <c>group</c>.</summary>
    public const string ClassName = "group";

    /// <summary>The wire method name, for example <c>creategroup</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether the operation only reads. Only reads may be resent after the request may have reached the server;
    /// a write is resent only when it provably never left this process.
    /// </summary>
    public bool IsRead { get; }

    /// <summary>The names of the method's parameters, in documented order (credentials excluded).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    public override string ToString() => Name;
}
