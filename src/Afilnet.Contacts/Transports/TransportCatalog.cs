using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Transports.BasicAuth;
using Afilnet.Contacts.Transports.Http;
using Afilnet.Contacts.Transports.HttpGet;
using Afilnet.Contacts.Transports.HttpPost;
using Afilnet.Contacts.Transports.OAuth2Json;

namespace Afilnet.Contacts.Transports;

/// <summary>
/// The five transports in one table: the provider's security ranking, each one's path, and the one place that builds a
/// transport from the validated settings.
/// </summary>
internal static class TransportCatalog
{
    /// <summary>The provider's ranking: HttpGet Low, HttpPost and BasicAuth Medium, Soap MediumHigh, OAuth2Json High.</summary>
    public static SecurityLevel LevelOf(AfilnetTransportKind kind) => kind switch
    {
        AfilnetTransportKind.HttpGet => SecurityLevel.Low,
        AfilnetTransportKind.HttpPost or AfilnetTransportKind.BasicAuth => SecurityLevel.Medium,
        AfilnetTransportKind.Soap => SecurityLevel.MediumHigh,
        AfilnetTransportKind.OAuth2Json => SecurityLevel.High,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown transport."),
    };

    /// <summary>Where the transport's calls go, relative to the base address (protocol.md section 3).</summary>
    public static string PathOf(AfilnetTransportKind kind) => kind switch
    {
        AfilnetTransportKind.HttpGet or AfilnetTransportKind.HttpPost => "api/http/",
        AfilnetTransportKind.BasicAuth => "api/basic/",
        AfilnetTransportKind.Soap => "api/soap/",
        AfilnetTransportKind.OAuth2Json => "api/json/",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown transport."),
    };

    /// <summary>Whether the transport puts the call in the query string, so the URL limit applies.</summary>
    public static bool UsesQueryString(AfilnetTransportKind kind, BasicAuthVerb verb) =>
        kind == AfilnetTransportKind.HttpGet || (kind == AfilnetTransportKind.BasicAuth && verb == BasicAuthVerb.Get);

    /// <summary>
    /// Builds the configured transport over <paramref name="pipeline"/>: the only place a transport is made. The four
    /// HTTP styles and OAuth2Json are built in; Soap comes from its package's <see cref="AfilnetTransportFactory"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The transport's package is not registered (<see cref="Unavailable"/>).</exception>
    public static ITransport Create(ClientSettings settings, HttpPipeline pipeline, IEnumerable<AfilnetTransportFactory> factories, TokenCaching tokens) => settings.Transport switch
    {
        AfilnetTransportKind.HttpGet => new HttpGetTransport(settings, pipeline),
        AfilnetTransportKind.HttpPost => new HttpPostTransport(settings, pipeline),
        AfilnetTransportKind.BasicAuth => new BasicAuthTransport(settings, pipeline),
        AfilnetTransportKind.OAuth2Json => new OAuth2JsonTransport(settings, pipeline, tokens),
        var kind => (factories.FirstOrDefault(f => f.Kind == kind) ?? throw new ArgumentException(Unavailable(kind, factories, AfilnetOptions.DefaultSectionName))).Create(settings, pipeline),
    };

    /// <summary>
    /// Why <paramref name="kind"/> cannot be built with the <paramref name="factories"/> registered, naming the package
    /// and the call that would make it available; <see langword="null"/> when it can.
    /// </summary>
    public static string? Unavailable(AfilnetTransportKind kind, IEnumerable<AfilnetTransportFactory> factories, string sectionPath) =>
        kind != AfilnetTransportKind.Soap || factories.Any(f => f.Kind == kind)
            ? null
            : $"{sectionPath}:Transport is Soap, which ships in its own package: reference Afilnet.Contacts.Soap and call " +
              "AddSoapTransport() on the builder AddAfilnetContacts returns (without a host, pass AfilnetSoap.Transport to ContactsClient).";
}
