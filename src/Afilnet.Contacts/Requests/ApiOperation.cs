namespace Afilnet.Contacts.Transport;

/// <summary>
/// One of the twelve documented methods of the API's <c>group</c> class: its wire name, its parameters
/// in documented order, whether it only reads, and the shape of its result.
/// </summary>
/// <remarks>The catalog of all twelve is <see cref="ApiOperations"/>; transports, the fake server and the WSDL agree through it.</remarks>
public sealed class ApiOperation
{
    internal ApiOperation(string name, bool isRead, ApiResultShape resultShape, params string[] parameterNames)
    {
        Name = name;
        IsRead = isRead;
        ResultShape = resultShape;
        ParameterNames = parameterNames;
    }

    /// <summary>The API class every operation belongs to: <c>group</c>.</summary>
    public static string ClassName => "group";

    /// <summary>The wire method name, for example <c>creategroup</c>.</summary>
    public string Name { get; }

    /// <summary>
    /// Whether the operation only reads. Only reads may be resent after the request may have reached the server;
    /// a write is resent only when it provably never left this process.
    /// </summary>
    public bool IsRead { get; }

    /// <summary>The shape of the <c>result</c> on success.</summary>
    public ApiResultShape ResultShape { get; }

    /// <summary>The names of the method's parameters, in documented order (credentials excluded).</summary>
    public IReadOnlyList<string> ParameterNames { get; }

    /// <summary>Returns <see cref="Name"/>.</summary>
    /// <returns>The wire method name.</returns>
    public override string ToString() => Name;
}

/// <summary>The shape of a successful operation's <c>result</c> (protocol.md section 2).</summary>
public enum ApiResultShape
{
    /// <summary>No result.</summary>
    None,

    /// <summary><c>{"idgroup": 1000}</c>.</summary>
    GroupId,

    /// <summary><c>["mobile","name"]</c>: the group's column names.</summary>
    Columns,

    /// <summary><c>[{"idcontact": 1000, "mobile": "..."}]</c>: a list of contacts.</summary>
    ContactList,

    /// <summary><c>{"idcontact": 1000, "mobile": "..."}</c>: one contact.</summary>
    Contact,

    /// <summary><c>{"idcontact": 1001}</c>.</summary>
    ContactId,

    /// <summary><c>{"added": 2}</c>.</summary>
    Added,
}
