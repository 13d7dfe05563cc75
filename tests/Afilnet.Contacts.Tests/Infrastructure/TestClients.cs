using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>
/// The one way tests build a client in code: a style's options, then the test's changes, on a clock the test owns.
/// By default one attempt (no retries) and a fake clock that never moves unless the test moves it, so no timeout or
/// backoff happens behind a test's back, however loaded the machine is.
/// </summary>
public static class TestClients
{
    /// <summary>The transports from other packages every test client gets: Soap's, as an app that uses it registers it.</summary>
    public static IReadOnlyList<AfilnetTransportFactory> Transports { get; } = [Afilnet.Contacts.Soap.AfilnetSoap.Transport];

    public static ContactsClient Create(
        WireStyle style,
        Uri baseAddress,
        Action<AfilnetOptions>? configure = null,
        TimeProvider? time = null,
        HttpMessageHandler? handler = null,
        ILoggerFactory? loggerFactory = null)
    {
        var options = style.Options(baseAddress);
        options.Retry.MaxRetries = 0;
        options.Retry.RetryDelay = TimeSpan.Zero;
        options.Retry.MaxRetryDelay = TimeSpan.Zero;
        configure?.Invoke(options);
        return new ContactsClient(options, handler, loggerFactory, time ?? NewClock(), transports: Transports);
    }

    /// <summary>
    /// A client of <paramref name="fake"/> in <paramref name="style"/>, through <paramref name="handler"/> (the fake's
    /// in-memory handler when null): one attempt, on a clock that never moves, so however loaded the machine, no
    /// attempt times out.
    /// </summary>
    public static ContactsClient ForFake(Afilnet.Testing.AfilnetFakeServer fake, WireStyle style, HttpMessageHandler? handler = null)
    {
        var options = fake.CreateClientOptions(style.Transport);
        options.BasicAuthVerb = style.Verb;
        options.Retry.MaxRetries = 0;
        return new ContactsClient(options, handler ?? fake.CreateHandler(), timeProvider: NewClock(), transports: Transports);
    }

    /// <summary>A fake clock at the real time (Retry-After dates are real dates), moved only by the test.</summary>
    public static TestClock NewClock() => new(DateTimeOffset.UtcNow);
}
