namespace Afilnet.Testing;

/// <summary>Settings of an <see cref="AfilnetFakeServer"/>: the accounts it accepts and how long its tokens live.</summary>
public sealed class AfilnetFakeServerOptions
{
    /// <summary>The account user the fake accepts unless <see cref="User"/> is set: <c>fake-user@example.com</c>.</summary>
    public const string DefaultUser = "fake-user@example.com";

    /// <summary>The account password the fake accepts unless <see cref="Password"/> is set.</summary>
    public const string DefaultPassword = "fake-password";

    /// <summary>The OAuth client id the fake accepts unless <see cref="ClientId"/> is set.</summary>
    public const string DefaultClientId = "fake-client";

    /// <summary>The OAuth client secret the fake accepts unless <see cref="ClientSecret"/> is set.</summary>
    public const string DefaultClientSecret = "fake-client-secret";

    /// <summary>The lifetime of issued access tokens unless <see cref="TokenLifetime"/> is set: one hour.</summary>
    public static TimeSpan DefaultTokenLifetime { get; } = TimeSpan.FromHours(1);

    /// <summary>The account user (the e-mail) the API styles accept.</summary>
    public string User { get; set; } = DefaultUser;

    /// <summary>The account password the API styles accept.</summary>
    public string Password { get; set; } = DefaultPassword;

    /// <summary>
    /// The OAuth client id the token endpoint accepts. The account user and password are accepted as client
    /// credentials too, as protocol.md section 5 allows.
    /// </summary>
    public string ClientId { get; set; } = DefaultClientId;

    /// <summary>The OAuth client secret the token endpoint accepts.</summary>
    public string ClientSecret { get; set; } = DefaultClientSecret;

    /// <summary>How long an issued access token is accepted (<c>expires_in</c> of the token answer, whole seconds).</summary>
    public TimeSpan TokenLifetime { get; set; } = DefaultTokenLifetime;

    /// <summary>
    /// The clock token expiry is measured with; <see cref="TimeProvider.System"/> unless set. A test can give the fake a
    /// clock of its own and move it forward to expire tokens the client still believes valid.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The port <see cref="AfilnetFakeServer.Start"/> listens on (on 127.0.0.1); 0, the default, picks a free one.
    /// A fixed port that is taken makes <see cref="AfilnetFakeServer.Start"/> throw instead of trying another.
    /// </summary>
    public int Port { get; set; }
}
