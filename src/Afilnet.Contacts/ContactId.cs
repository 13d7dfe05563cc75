using System.Globalization;

namespace Afilnet.Contacts;

/// <summary>The identifier Afilnet gives a contact (<c>idcontact</c> on the wire).</summary>
/// <remarks>Not positional: a deconstructor and an <c>init</c> accessor would be API nobody needs for an id.</remarks>
public readonly record struct ContactId
{
    /// <summary>Creates the identifier.</summary>
    /// <param name="value">The numeric identifier.</param>
    public ContactId(long value) => Value = value;

    /// <summary>The numeric identifier.</summary>
    public long Value { get; }

    /// <summary>Returns the identifier as the API writes it.</summary>
    /// <returns>The invariant decimal representation of <see cref="Value"/>.</returns>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
