namespace Afilnet.Contacts;

/// <summary>
/// The account user and password. The password never appears in <see cref="ToString"/>, and transports keep it
/// out of every message they produce.
/// </summary>
public sealed class AfilnetCredentials
{
    /// <summary>Creates the credentials.</summary>
    /// <param name="user">The user (the account's e-mail).</param>
    /// <param name="password">The account password, or the API password from the provider's panel.</param>
    /// <exception cref="ArgumentException">Either value is empty.</exception>
    public AfilnetCredentials(string user, string password)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrEmpty(password);
        User = user;
        Password = password;
    }

    /// <summary>The user (the account's e-mail).</summary>
    public string User { get; }

    /// <summary>The password; read by transports only.</summary>
    internal string Password { get; }

    /// <summary>Shows the user and a placeholder for the password.</summary>
    /// <returns>For example <c>AfilnetCredentials { User = ana@example.com, Password = *** }</c>.</returns>
    public override string ToString() => $"AfilnetCredentials {{ User = {User}, Password = {SecretScrubber.Placeholder} }}";
}
