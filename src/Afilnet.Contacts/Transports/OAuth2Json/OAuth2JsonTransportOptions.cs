namespace Afilnet.Contacts.Transport.Http;

/// <summary>How the client authenticates at the token endpoint (RFC 6749 section 2.3.1).</summary>
public enum OAuth2ClientAuthentication
{
    /// <summary><c>client_secret_basic</c>: client id and secret in an HTTP Basic header (the default).</summary>
    ClientSecretBasic = 0,

    /// <summary><c>client_secret_post</c>: <c>client_id</c> and <c>client_secret</c> in the form body.</summary>
    ClientSecretPost = 1,
}

/// <summary>Settings of <see cref="OAuth2JsonTransport"/>.</summary>
public sealed class OAuth2JsonTransportOptions : AfilnetHttpTransportOptions
{
    /// <summary>The default token endpoint, relative to the base address: <c>api/oauth2/token</c>.</summary>
    public const string DefaultTokenPath = "api/oauth2/token";

    /// <summary>The default time before a token's expiry at which it is replaced: 60 seconds.</summary>
    public static TimeSpan DefaultTokenRefreshSkew { get; } = TimeSpan.FromSeconds(60);

    /// <summary>The default lifetime assumed when the token endpoint sends no <c>expires_in</c>: 5 minutes.</summary>
    public static TimeSpan DefaultDefaultTokenLifetime { get; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The token endpoint: relative to <see cref="AfilnetHttpTransportOptions.BaseAddress"/> (default
    /// <c>api/oauth2/token</c>) or absolute. Plain <c>http://</c> to a remote host is refused unless
    /// <see cref="AfilnetHttpTransportOptions.AllowInsecureHttp"/> is set.
    /// </summary>
    public Uri TokenEndpoint { get; set; } = new(DefaultTokenPath, UriKind.Relative);

    /// <summary>The OAuth client id of the API access created in the provider's panel; the account user when not set.</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret; the account password when not set. Never printed.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>How the client authenticates at the token endpoint; <see cref="OAuth2ClientAuthentication.ClientSecretBasic"/> unless set.</summary>
    public OAuth2ClientAuthentication ClientAuthentication { get; set; } = OAuth2ClientAuthentication.ClientSecretBasic;

    /// <summary>
    /// How long before its expiry a token is replaced, so it does not expire in flight. A token whose lifetime is not
    /// at least twice this is replaced at half its lifetime instead.
    /// </summary>
    public TimeSpan TokenRefreshSkew { get; set; } = DefaultTokenRefreshSkew;

    /// <summary>The lifetime assumed for a token whose answer has no usable <c>expires_in</c>.</summary>
    public TimeSpan DefaultTokenLifetime { get; set; } = DefaultDefaultTokenLifetime;

    /// <summary>The clock token expiry is measured with; <see cref="TimeProvider.System"/> unless set (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Describes the settings with the password and client secret replaced by placeholders.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"{base.ToString()[..^2]}, TokenEndpoint = {TokenEndpoint}, ClientId = {ClientId ?? "(user)"}, " +
        $"ClientSecret = {(ClientSecret is null ? "(password)" : SecretScrubber.Placeholder)}, ClientAuthentication = {ClientAuthentication}, " +
        $"TokenRefreshSkew = {TokenRefreshSkew}, DefaultTokenLifetime = {DefaultTokenLifetime} }}";
}
