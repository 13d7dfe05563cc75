namespace Afilnet.Contacts;

/// <summary>The five connection styles of the provider, as the <c>Afilnet:Transport</c> setting names them.</summary>
public enum AfilnetTransportKind
{
    /// <summary>Query-string GET with the credentials in the URL. Security level <see cref="SecurityLevel.Low"/>.</summary>
    HttpGet,

    /// <summary>Form POST with the credentials in the body. Security level <see cref="SecurityLevel.Medium"/>.</summary>
    HttpPost,

    /// <summary>HTTP Basic header; parameters in a form body (or the query). Security level <see cref="SecurityLevel.Medium"/>.</summary>
    BasicAuth,

    /// <summary>SOAP 1.1 through a WCF client. Security level <see cref="SecurityLevel.MediumHigh"/>.</summary>
    Soap,

    /// <summary>JSON with OAuth 2.0 client-credentials bearer tokens. Security level <see cref="SecurityLevel.High"/>.</summary>
    OAuth2Json,
}
