using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transports;
using Afilnet.Contacts.Transports.Http;
using Afilnet.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>
/// A real SDK client of one wire style of <see cref="WireStyles.All"/>, pointed at an <see cref="AfilnetFakeServer"/>
/// with the credentials the fake accepts: over the wire by default, or through <paramref name="handler"/> (the fake's
/// in-memory handler, say). One attempt per call and a fake clock that moves only when the test moves it.
/// </summary>
internal sealed class FakeClient : IDisposable
{
    private readonly AfilnetOptions _options;
    private readonly HttpMessageHandler? _handler;
    private readonly Lazy<(HttpPipeline Pipeline, ITransport Transport)> _raw;

    public FakeClient(AfilnetFakeServer fake, string style, Action<AfilnetOptions>? configure = null, FakeTimeProvider? time = null, HttpMessageHandler? handler = null)
    {
        Style = WireStyles.Get(style);
        Time = time ?? TestClients.NewClock();
        _handler = handler;
        _options = fake.CreateClientOptions(Style.Transport);
        _options.BasicAuthVerb = Style.Verb;
        _options.Retry.MaxRetries = 0;
        _options.Retry.RetryDelay = TimeSpan.Zero;
        _options.Retry.MaxRetryDelay = TimeSpan.Zero;
        configure?.Invoke(_options);
        Api = new ContactsClient(_options, handler, timeProvider: Time, transports: TestClients.Transports);

        // Built on first use only, so that a test counting tokens sees the client's alone.
        _raw = new(() =>
        {
            var pipeline = HttpPipeline.Over(_handler, Time);
            return (pipeline, TransportCatalog.Create(ClientSettings.Create(_options), pipeline, TestClients.Transports, Transports.OAuth2Json.TokenCaching.Local()));
        });
    }

    /// <summary>The wire styles by name, as theory data: the one list, <see cref="WireStyles.All"/>.</summary>
    public static TheoryData<string> Styles => WireStyles.Names();

    public WireStyle Style { get; }

    /// <summary>The client's clock (attempt timeouts, backoff, token expiry).</summary>
    public FakeTimeProvider Time { get; }

    public ContactsClient Api { get; }

    /// <summary>The client's attempt timeout, as configured.</summary>
    public TimeSpan Timeout => _options.Timeout;

    /// <summary>
    /// Sends a hand-made call through a transport of the same settings, bypassing the SDK's argument checks (an empty
    /// parameter, a type the SDK refuses), for what the fake answers to it.
    /// </summary>
    /// <returns>The API's error code, or <see langword="null"/> when the fake answered SUCCESS.</returns>
    public async Task<ApiErrorCode?> SendRawAsync(ApiOperation operation, params string[] values)
    {
        var request = new ApiRequest(operation, [.. operation.ParameterNames.Select((name, i) => new ApiParameter(name, values[i], name == "contacts"))]);
        try
        {
            await _raw.Value.Transport.SendAsync<Decoders.None, NoResult>(request, TestContext.Current.CancellationToken);
            return null;
        }
        catch (AfilnetApiException error)
        {
            return error.ErrorCode;
        }
    }

    public void Dispose()
    {
        Api.Dispose();
        if (_raw.IsValueCreated)
        {
            _raw.Value.Transport.Dispose();
            _raw.Value.Pipeline.Dispose();
        }
    }
}
