using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Afilnet.Contacts;

/// <summary>
/// The field values of one contact, in order: for example <c>mobile = 34600000000</c>, <c>name = Ana</c>.
/// Field names are case-sensitive, as the API treats them.
/// </summary>
/// <remarks>Supports collection initializers: <c>new ContactFields { { "mobile", "34600000000" }, { "name", "Ana" } }</c>.</remarks>
public sealed class ContactFields : IReadOnlyList<KeyValuePair<string, string>>
{
    private readonly List<KeyValuePair<string, string>> _fields;

    /// <summary>Creates an empty set of fields.</summary>
    public ContactFields()
    {
        _fields = [];
    }

    /// <summary>An empty set with room for <paramref name="capacity"/> fields: what a decoder expects from the record before.</summary>
    internal ContactFields(int capacity)
    {
        _fields = new List<KeyValuePair<string, string>>(capacity);
    }

    /// <summary>Creates a set of fields holding <paramref name="fields"/>, in their order.</summary>
    /// <param name="fields">The field names and values.</param>
    /// <exception cref="ArgumentException">A field name appears twice.</exception>
    public ContactFields(IEnumerable<KeyValuePair<string, string>> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = [];
        foreach (var field in fields)
        {
            Add(field.Key, field.Value);
        }
    }

    /// <summary>The number of fields.</summary>
    public int Count => _fields.Count;

    /// <summary>The field at <paramref name="index"/>, in insertion order.</summary>
    /// <param name="index">The zero-based position.</param>
    public KeyValuePair<string, string> this[int index] => _fields[index];

    /// <summary>Gets or sets the value of the field named <paramref name="name"/>; setting a new name appends it.</summary>
    /// <param name="name">The field name.</param>
    /// <exception cref="KeyNotFoundException">Getting a field that is not present.</exception>
    public string this[string name]
    {
        get => TryGetValue(name, out var value)
            ? value
            : throw new KeyNotFoundException($"The contact has no field named '{name}'.");
        set
        {
            ArgumentNullException.ThrowIfNull(name);
            ArgumentNullException.ThrowIfNull(value);
            var index = IndexOf(name);
            if (index >= 0)
            {
                _fields[index] = new(name, value);
            }
            else
            {
                _fields.Add(new(name, value));
            }
        }
    }

    /// <summary>Appends a field.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The field value.</param>
    /// <exception cref="ArgumentException">The field is already present.</exception>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (IndexOf(name) >= 0)
        {
            throw new ArgumentException($"The field '{name}' is already present.", nameof(name));
        }

        _fields.Add(new(name, value));
    }

    /// <summary>Whether a field named <paramref name="name"/> is present.</summary>
    /// <param name="name">The field name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Contains(string name) => IndexOf(name) >= 0;

    /// <summary>Gets the value of the field named <paramref name="name"/>.</summary>
    /// <param name="name">The field name.</param>
    /// <param name="value">The value when present.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetValue(string name, [MaybeNullWhen(false)] out string value)
    {
        var index = IndexOf(name);
        value = index >= 0 ? _fields[index].Value : null;
        return index >= 0;
    }

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Shows the fields as the API's <c>contact</c> format would, for diagnostics.</summary>
    /// <returns>For example <c>mobile:34600000000,name:Ana</c>.</returns>
    public override string ToString() => string.Join(',', _fields.Select(f => f.Key + ":" + f.Value));

    private int IndexOf(string name)
    {
        for (var i = 0; i < _fields.Count; i++)
        {
            if (string.Equals(_fields[i].Key, name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
