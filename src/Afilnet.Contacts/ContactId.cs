using System.Globalization;

namespace Afilnet.Contacts;

/// <summary>The identifier Afilnet gives a contact (<c>idcontact</c> on the wire).</summary>
/// <param name="Value">The numeric identifier.</param>
public readonly record struct ContactId(long Value)
{
    /// <summary>Returns the identifier as the API writes it.</summary>
    /// <returns>The invariant decimal representation of <see cref="Value"/>.</returns>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
