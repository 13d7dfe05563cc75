namespace Afilnet.Contacts.Transport.Http;

/// <summary>Settings of <see cref="HttpGetTransport"/>.</summary>
public sealed class HttpGetTransportOptions : AfilnetHttpTransportOptions
{
    /// <summary>The default longest URL: 4,000 characters, which common servers and proxies accept.</summary>
    public const int DefaultMaxUrlLength = 4000;

    /// <summary>The longest URL sent; a longer request is refused before sending.</summary>
    public int MaxUrlLength { get; set; } = DefaultMaxUrlLength;
}
