namespace Afilnet.Contacts;

/// <summary>How the <see cref="AfilnetTransportKind.OAuth2Json"/> transport authenticates at the token endpoint (RFC 6749 section 2.3.1).</summary>
public enum OAuth2ClientAuthentication
{
    /// <summary><c>client_secret_basic</c>: client id and secret in an HTTP Basic header (the default).</summary>
    ClientSecretBasic = 0,

    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost = 1,
}
