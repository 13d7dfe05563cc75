namespace Afilnet.Contacts;

/// <summary>The five connection styles of the provider, as the <c>Afilnet:Transport</c> setting names them.</summary>
public enum AfilnetTransportKind
{
    /// <summary>Query-string GET with the credentials in the URL. Security level Low.</summary>
    HttpGet,

    /// <summary>Form POST with the credentials in the body. Security level Medium.</summary>
    HttpPost,

    /// <summary>HTTP Basic header; parameters in a form body (or query). Security level Medium.</summary>
    BasicAuth,

    /// <summary>SOAP 1.1 through a WCF client. Security level MediumHigh.</summary>
    Soap,

    /// <summary>JSON with OAuth 2.0 client-credentials bearer tokens. Security level High.</summary>
    OAuth2Json,
}
