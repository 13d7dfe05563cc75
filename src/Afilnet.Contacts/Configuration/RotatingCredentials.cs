using Afilnet.Contacts.Secrets;
using Afilnet.Contacts.Transports;

namespace Afilnet.Contacts.Configuration;

/// <summary>
/// One set of credentials as a client sends them: the account's, the OAuth client's, and the gate that knows every
/// secret in play. Immutable; a rotation replaces the whole set, so a request never mixes an old user with a new password.
/// </summary>
internal sealed class CredentialSet(Credentials? account, string clientId, string clientSecret, ServerTextGate gate)
{
    public Credentials? Account { get; } = account;

    /// <summary>OAuth2Json: the client id (the account user when none is configured).</summary>
    public string ClientId { get; } = clientId;

    /// <summary>OAuth2Json: the client secret (the account password when none is configured).</summary>
    public string ClientSecret { get; } = clientSecret;

    /// <summary>The gate for server text: it knows these secrets and every set's before them (a late answer may echo an old one).</summary>
    public ServerTextGate Gate { get; } = gate;

    public bool SameSecretsAs(CredentialSet other) =>
        string.Equals(Account?.User, other.Account?.User, StringComparison.Ordinal)
        && string.Equals(Account?.Password, other.Account?.Password, StringComparison.Ordinal)
        && string.Equals(ClientId, other.ClientId, StringComparison.Ordinal)
        && string.Equals(ClientSecret, other.ClientSecret, StringComparison.Ordinal);

    public override string ToString() => $"CredentialSet {{ User = {Account?.User}, ClientId = {ClientId}, secrets = {ServerTextGate.Placeholder} }}";
}

/// <summary>
/// The credentials a client sends, read per request: a password or client secret rotated in configuration or a secret
/// store takes effect on the next call, without a restart (the Azure SDK guideline). Transports never keep their own copy.
/// </summary>
internal sealed class RotatingCredentials(CredentialSet initial)
{
    private CredentialSet _current = initial;

    /// <summary>The set the next request uses.</summary>
    public CredentialSet Current => Volatile.Read(ref _current);

    /// <summary>Makes <paramref name="next"/>'s credentials current; <see langword="false"/> when they are the same already.</summary>
    public bool Rotate(ClientSettings next)
    {
        var current = Current;
        var rotated = next.Credentials.Current;
        if (rotated.SameSecretsAs(current))
        {
            return false;
        }

        Volatile.Write(ref _current, new CredentialSet(rotated.Account, rotated.ClientId, rotated.ClientSecret, current.Gate.With(rotated.Gate)));
        return true;
    }
}
