namespace Afilnet.Contacts;

/// <summary>How the <see cref="AfilnetTransportKind.BasicAuth"/> transport carries class, method and parameters.</summary>
public enum BasicAuthVerb
{
    /// <summary>POST with an <c>application/x-www-form-urlencoded</c> body (the default): no URL length limit, nothing in server logs.</summary>
    Post = 0,

    /// <summary>GET with everything in the query string, limited to <see cref="AfilnetOptions.MaxUrlLength"/>.</summary>
    Get = 1,
}
