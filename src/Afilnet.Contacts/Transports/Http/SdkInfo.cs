using System.Net.Http.Headers;
using System.Reflection;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>The SDK's name and version, as every request's User-Agent carries them.</summary>
internal static class SdkInfo
{
    public const string Name = "Afilnet.Contacts";

    public static string Version { get; } = ReadVersion();

    public static ProductInfoHeaderValue UserAgent { get; } = new(Name, Version);

    public static string UserAgentText { get; } = $"{Name}/{Version}";

    private static string ReadVersion()
    {
        var informational = typeof(SdkInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

        // Drop the "+commit" build metadata: a User-Agent token must not carry '+'-suffixed noise.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
