namespace Afilnet.Contacts.Transport.Http;

/// <summary>How <see cref="BasicAuthTransport"/> carries class, method and parameters.</summary>
public enum BasicAuthVerb
{
    /// <summary>POST with an <c>application/x-www-form-urlencoded</c> body (the default): no URL length limit, nothing in server logs.</summary>
    Post = 0,

    /// <summary>GET with everything in the query string, limited to <see cref="BasicAuthTransportOptions.MaxUrlLength"/>.</summary>
    Get = 1,
}

/// <summary>Settings of <see cref="BasicAuthTransport"/>.</summary>
public sealed class BasicAuthTransportOptions : AfilnetHttpTransportOptions
{
    /// <summary>The default longest URL under <see cref="BasicAuthVerb.Get"/>: the same 4,000 characters as HttpGet.</summary>
    public const int DefaultMaxUrlLength = HttpGetTransportOptions.DefaultMaxUrlLength;

    /// <summary>The verb: <see cref="BasicAuthVerb.Post"/> unless set.</summary>
    public BasicAuthVerb Verb { get; set; } = BasicAuthVerb.Post;

    /// <summary>The longest URL sent under <see cref="BasicAuthVerb.Get"/>; a longer request is refused before sending.</summary>
    public int MaxUrlLength { get; set; } = DefaultMaxUrlLength;

    /// <summary>Describes the settings with the password replaced by a placeholder.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => $"{base.ToString()[..^2]}, Verb = {Verb}, MaxUrlLength = {MaxUrlLength} }}";
}
