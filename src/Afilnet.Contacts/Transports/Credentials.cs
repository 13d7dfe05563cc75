using Afilnet.Contacts.Secrets;

namespace Afilnet.Contacts.Transports;

/// <summary>The account user and password as the transports carry them; <see cref="ToString"/> hides the password.</summary>
internal sealed class Credentials(string user, string password)
{
    public string User { get; } = user;

    public string Password { get; } = password;

    public override string ToString() => $"Credentials {{ User = {User}, Password = {ServerTextGate.Placeholder} }}";
}
