using System.Diagnostics.Metrics;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Resilience;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Http;
using Afilnet.Contacts.Transport.Soap;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Afilnet.Contacts;

/// <summary>
/// Builds transports and clients from <see cref="AfilnetOptions"/>: the one place that maps configuration to a
/// transport. Used by the DI registration and by programs that do without DI.
/// </summary>
public static class AfilnetClientFactory
{
    /// <summary>The provider's security ranking of a connection style.</summary>
    /// <param name="kind">The transport.</param>
    /// <returns>Its level: HttpGet Low, HttpPost and BasicAuth Medium, Soap MediumHigh, OAuth2Json High.</returns>
    public static SecurityLevel SecurityLevelOf(AfilnetTransportKind kind) => kind switch
    {
        AfilnetTransportKind.HttpGet => SecurityLevel.Low,
        AfilnetTransportKind.HttpPost or AfilnetTransportKind.BasicAuth => SecurityLevel.Medium,
        AfilnetTransportKind.Soap => SecurityLevel.MediumHigh,
        AfilnetTransportKind.OAuth2Json => SecurityLevel.High,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown transport."),
    };

    /// <summary>Builds the bare transport <paramref name="options"/> name, without retries or telemetry.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="httpClient">The HTTP client for the HTTP transports (automatic redirects off); Soap uses its own WCF channel.</param>
    /// <param name="timeProvider">The clock for token expiry; <see cref="TimeProvider.System"/> when null.</param>
    /// <returns>The transport; dispose it when it is disposable (Soap).</returns>
    /// <exception cref="ArgumentException">The settings cannot make a transport; the message names the setting.</exception>
    public static ITransport CreateTransport(AfilnetOptions options, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClient);
        var credentials = options.User is { Length: > 0 } user && options.Password is { Length: > 0 } password
            ? new AfilnetCredentials(user, password)
            : null;
        return options.Transport switch
        {
            AfilnetTransportKind.HttpGet => new HttpGetTransport(httpClient, Http(new HttpGetTransportOptions { MaxUrlLength = options.MaxUrlLength }, options, credentials)),
            AfilnetTransportKind.HttpPost => new HttpPostTransport(httpClient, Http(new HttpPostTransportOptions(), options, credentials)),
            AfilnetTransportKind.BasicAuth => new BasicAuthTransport(
                httpClient, Http(new BasicAuthTransportOptions { Verb = options.BasicAuthVerb, MaxUrlLength = options.MaxUrlLength }, options, credentials)),
            AfilnetTransportKind.Soap => new SoapTransport(Http(new SoapTransportOptions(), options, credentials)),
            AfilnetTransportKind.OAuth2Json => new OAuth2JsonTransport(httpClient, Http(
                new OAuth2JsonTransportOptions
                {
                    ClientId = string.IsNullOrEmpty(options.ClientId) ? null : options.ClientId,
                    ClientSecret = string.IsNullOrEmpty(options.ClientSecret) ? null : options.ClientSecret,
                    ClientAuthentication = options.ClientCredentialStyle,
                    TokenEndpoint = options.TokenEndpoint ?? new Uri(OAuth2JsonTransportOptions.DefaultTokenPath, UriKind.Relative),
                    TimeProvider = timeProvider ?? TimeProvider.System,
                },
                options,
                credentials)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Transport, "Transport must be HttpGet, HttpPost, BasicAuth, Soap or OAuth2Json."),
        };
    }

    /// <summary>
    /// Builds the whole client over the configured transport: the transport, wrapped with retries
    /// (<see cref="ResilientTransport"/>) and telemetry (<see cref="InstrumentedTransport"/>).
    /// </summary>
    /// <param name="options">The settings.</param>
    /// <param name="httpClient">The HTTP client (automatic redirects off; its own Timeout infinite, the SDK owns timeouts).</param>
    /// <param name="loggerFactory">For the SDK's log lines; none when null.</param>
    /// <param name="timeProvider">The clock for backoff and token expiry; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the SDK's meter; a process-wide one when null.</param>
    /// <returns>The client, and the bare transport to dispose with it when it is disposable (Soap).</returns>
    /// <exception cref="ArgumentException">The settings cannot make a client, or the transport is below the minimum security level.</exception>
    public static (IContactsApi Client, ITransport Transport) Create(
        AfilnetOptions options,
        HttpClient httpClient,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        var transport = CreateTransport(options, httpClient, timeProvider);
        try
        {
            return (CreateClient(transport, options, loggerFactory, timeProvider, meterFactory), transport);
        }
        catch
        {
            (transport as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds a client over an existing transport with the configured retries, telemetry and minimum security level.
    /// </summary>
    /// <param name="transport">The bare transport (owned by the caller).</param>
    /// <param name="options">The settings (Retry, MinimumSecurityLevel).</param>
    /// <param name="loggerFactory">For the SDK's log lines; none when null.</param>
    /// <param name="timeProvider">The clock for backoff; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="meterFactory">Creates the SDK's meter; a process-wide one when null.</param>
    /// <returns>The client.</returns>
    /// <exception cref="ArgumentException">The transport is below the minimum security level.</exception>
    public static IContactsApi CreateClient(
        ITransport transport,
        AfilnetOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= NullLoggerFactory.Instance;
        var pipeline = new InstrumentedTransport(
            new ResilientTransport(transport, options.Retry, timeProvider, loggerFactory.CreateLogger<ResilientTransport>()),
            loggerFactory.CreateLogger<InstrumentedTransport>(),
            meterFactory);
        return new ContactsClient(pipeline, new ContactsClientOptions { MinimumSecurityLevel = options.MinimumSecurityLevel });
    }

    private static T Http<T>(T target, AfilnetOptions source, AfilnetCredentials? credentials)
        where T : AfilnetHttpTransportOptions
    {
        target.BaseAddress = source.BaseAddress;
        target.Credentials = credentials;
        target.AllowInsecureHttp = source.AllowInsecureHttp;
        target.Timeout = source.Timeout;
        target.MaxResponseBytes = source.MaxResponseBytes;
        return target;
    }
}
