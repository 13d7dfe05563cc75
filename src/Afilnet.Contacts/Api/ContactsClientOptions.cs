namespace Afilnet.Contacts;

/// <summary>Settings of <see cref="ContactsClient"/>; copied when the client is built.</summary>
public sealed class ContactsClientOptions
{
    /// <summary>
    /// The weakest transport the client accepts; a weaker one is refused at construction. <see cref="SecurityLevel.Low"/>
    /// (any transport) unless set.
    /// </summary>
    public SecurityLevel MinimumSecurityLevel { get; set; } = SecurityLevel.Low;

    /// <summary>Describes the settings.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"ContactsClientOptions {{ MinimumSecurityLevel = {MinimumSecurityLevel} }}";
}
