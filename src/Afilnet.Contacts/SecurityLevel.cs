namespace Afilnet.Contacts;

/// <summary>The provider's own ranking of its connection styles, from weakest to strongest.</summary>
public enum SecurityLevel
{
    /// <summary>Credentials in the URL (HttpGet): they end up in server and proxy logs.</summary>
    Low = 0,

    /// <summary>Credentials in a form body (HttpPost) or a Basic header (BasicAuth).</summary>
    Medium = 1,

    /// <summary>Credentials inside a SOAP envelope (Soap).</summary>
    MediumHigh = 2,

    /// <summary>Short-lived bearer tokens from OAuth 2.0 client credentials (OAuth2Json).</summary>
    High = 3,
}
