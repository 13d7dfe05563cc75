namespace Afilnet.Contacts.Transport.Http;

/// <summary>Settings every HTTP-based transport shares. Transports copy them when they are built.</summary>
public abstract class AfilnetHttpTransportOptions
{
    /// <summary>The provider's address: <c>https://www.afilnet.com/</c>.</summary>
    public static Uri DefaultBaseAddress { get; } = new("https://www.afilnet.com/");

    /// <summary>The default largest answer read: 16 MiB, room for a group of about 100,000 contacts.</summary>
    public const long DefaultMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>The default time one exchange (send and read the whole answer) may take: 100 seconds, as HttpClient's.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(100);

    /// <summary>The server's base address; the transport's path (for example <c>api/http/</c>) is resolved against it.</summary>
    public Uri BaseAddress { get; set; } = DefaultBaseAddress;

    /// <summary>The account user and password. Required.</summary>
    public AfilnetCredentials? Credentials { get; set; }

    /// <summary>
    /// Allows a plain <c>http://</c> base address to a host other than loopback. Off by default: credentials would
    /// cross the network in clear text.
    /// </summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>The largest answer body read, in bytes; a larger one fails with <see cref="TransportFailureReason.ResponseTooLarge"/>.</summary>
    public long MaxResponseBytes { get; set; } = DefaultMaxResponseBytes;

    /// <summary>The time one exchange may take, from sending to the last byte of the answer.</summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>Describes the settings with the password replaced by a placeholder.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() =>
        $"{GetType().Name} {{ BaseAddress = {BaseAddress}, Credentials = {Credentials?.ToString() ?? "none"}, AllowInsecureHttp = {AllowInsecureHttp}, MaxResponseBytes = {MaxResponseBytes}, Timeout = {Timeout} }}";
}
