namespace Afilnet.Testing.State;

/// <summary>The neutral result of one call: an error code, or success with an optional result, rendered per style.</summary>
internal sealed record Outcome(string? Error, ResultValue? Result)
{
    public static Outcome Ok(ResultValue? result = null) => new(null, result);

    public static Outcome Fail(string code) => new(code, null);
}

/// <summary>A successful result, one subtype per shape of protocol.md sections 2 and 4.</summary>
internal abstract record ResultValue;

/// <summary><c>{"idgroup": 1000}</c> or <c>{"idcontact": 1001}</c>.</summary>
internal sealed record IdResult(string Name, long Id) : ResultValue;

/// <summary><c>{"added": 2}</c>.</summary>
internal sealed record AddedResult(int Added) : ResultValue;

/// <summary><c>["mobile","name"]</c>.</summary>
internal sealed record ColumnsResult(IReadOnlyList<string> Columns) : ResultValue;

/// <summary><c>[{"idcontact": 1000, …}, …]</c>.</summary>
internal sealed record ContactListResult(IReadOnlyList<ContactView> Contacts) : ResultValue;

/// <summary><c>{"idcontact": 1000, …}</c>.</summary>
internal sealed record ContactResult(ContactView Contact) : ResultValue;

/// <summary>A contact as answered: its id and its values, in the group's column order.</summary>
internal sealed record ContactView(long Id, IReadOnlyList<KeyValuePair<string, string>> Fields);
