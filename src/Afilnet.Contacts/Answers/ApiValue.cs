namespace Afilnet.Contacts.Transport;

/// <summary>The kinds of <see cref="ApiValue"/>.</summary>
public enum ApiValueKind
{
    /// <summary>A single value kept as text (numbers as their digits, so "1000" and 1000 read alike).</summary>
    Scalar,

    /// <summary>An ordered list of values.</summary>
    List,

    /// <summary>An ordered set of named values.</summary>
    Record,
}

/// <summary>
/// A transport-neutral result tree: a scalar, a list, or a record. The JSON transports build it from JSON and the
/// SOAP transport from XML, so one mapper turns it into typed results.
/// </summary>
public sealed class ApiValue
{
    private ApiValue(ApiValueKind kind, string? text, IReadOnlyList<ApiValue>? items, IReadOnlyList<KeyValuePair<string, ApiValue>>? properties)
    {
        Kind = kind;
        Text = text;
        Items = items ?? [];
        Properties = properties ?? [];
    }

    /// <summary>The kind of value.</summary>
    public ApiValueKind Kind { get; }

    /// <summary>The text of a scalar; <see langword="null"/> for lists and records.</summary>
    public string? Text { get; }

    /// <summary>The items of a list; empty otherwise.</summary>
    public IReadOnlyList<ApiValue> Items { get; }

    /// <summary>The named values of a record, in order; empty otherwise.</summary>
    public IReadOnlyList<KeyValuePair<string, ApiValue>> Properties { get; }

    /// <summary>A scalar.</summary>
    /// <param name="text">Its text.</param>
    /// <returns>The value.</returns>
    public static ApiValue Scalar(string text) => new(ApiValueKind.Scalar, text ?? throw new ArgumentNullException(nameof(text)), null, null);

    /// <summary>A list.</summary>
    /// <param name="items">Its items.</param>
    /// <returns>The value.</returns>
    public static ApiValue List(IReadOnlyList<ApiValue> items) => new(ApiValueKind.List, null, items ?? throw new ArgumentNullException(nameof(items)), null);

    /// <summary>A record.</summary>
    /// <param name="properties">Its named values, in order.</param>
    /// <returns>The value.</returns>
    public static ApiValue Record(IReadOnlyList<KeyValuePair<string, ApiValue>> properties) =>
        new(ApiValueKind.Record, null, null, properties ?? throw new ArgumentNullException(nameof(properties)));

    /// <summary>Finds a property of a record by name (case-insensitive, as servers vary).</summary>
    /// <param name="name">The property name.</param>
    /// <returns>The value, or <see langword="null"/> when absent.</returns>
    public ApiValue? Property(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    /// <summary>A compact description for diagnostics.</summary>
    /// <returns>The scalar text, or the kind and size.</returns>
    public override string ToString() => Kind switch
    {
        ApiValueKind.Scalar => Text!,
        ApiValueKind.List => $"[{Items.Count} items]",
        _ => $"{{{string.Join(", ", Properties.Select(p => p.Key))}}}",
    };
}
