using System.Net.Http.Headers;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Afilnet.Contacts.Tests.OAuth2;

/// <summary>
/// An in-memory OAuth2Json server scripted per kind of request (token request, API call), and a client of the
/// OAuth2Json style over it on the rig's fake clock. Token requests can be held at a gate, so that concurrency and
/// cancellation tests decide when the token answer comes instead of waiting real time.
/// </summary>
public sealed class OAuthRig : IDisposable
{
    /// <summary>The answer of the default API script: <c>getgroupcolumns</c> with two columns.</summary>
    public const string ColumnsAnswer = """{"status":"SUCCESS","result":["mobile","name"]}""";

    private readonly List<Seen> _seen = [];
    private readonly Gate _gate;
    private int _tokenRequests;
    private int _apiCalls;

    public OAuthRig(Action<AfilnetOptions>? configure = null)
    {
        _gate = new Gate(new ScriptedHandler(Answer));
        Api = TestClients.Create(WireStyles.Get("OAuth2Json"), ScriptedHandler.BaseAddress, configure, Time, _gate);
    }

    public FakeTimeProvider Time { get; } = TestClients.NewClock();

    public ContactsClient Api { get; }

    /// <summary>The answer to the token request numbered from 0; by default a new Bearer token each time (<see cref="TokenNumber"/>), valid 3600 s.</summary>
    public Func<int, HttpResponseMessage> TokenAnswer { get; set; } = n => ScriptedHandler.Json(OAuth2JsonStyle.TokenAnswer(TokenNumber(n)));

    /// <summary>The answer to the API call numbered from 0; by default <see cref="ColumnsAnswer"/>.</summary>
    public Func<int, HttpResponseMessage> ApiAnswer { get; set; } = _ => ScriptedHandler.Json(ColumnsAnswer);

    public IReadOnlyList<Seen> TokenRequests => Snapshot(true);

    public IReadOnlyList<Seen> ApiCalls => Snapshot(false);

    /// <summary>Completes when a token request reaches the gate while it is held.</summary>
    public Task TokenRequestHeld => _gate.Arrived;

    /// <summary>The access token the default script issues at its <paramref name="n"/>th token request.</summary>
    public static string TokenNumber(int n) => $"tok-{n}";

    /// <summary>Whether <paramref name="uri"/> is a token request: the default endpoint, or one a test configured ending in <c>token</c>.</summary>
    public static bool IsTokenRequest(Uri? uri) => uri?.AbsolutePath.EndsWith("token", StringComparison.Ordinal) == true;

    /// <summary>Holds every token request at the gate until <see cref="ReleaseTokenRequests"/>.</summary>
    public void HoldTokenRequests() => _gate.Hold();

    public void ReleaseTokenRequests() => _gate.Release();

    public Task<IReadOnlyList<string>> CallAsync(CancellationToken cancellationToken = default) =>
        Api.GetGroupColumnsAsync(new GroupId(7), cancellationToken == default ? TestContext.Current.CancellationToken : cancellationToken);

    public void Dispose()
    {
        Api.Dispose();
        _gate.Dispose();
    }

    private IReadOnlyList<Seen> Snapshot(bool tokens)
    {
        lock (_seen)
        {
            return [.. _seen.Where(s => s.IsTokenRequest == tokens)];
        }
    }

    private HttpResponseMessage Answer(ScriptedHandler.Received received)
    {
        // Taken now, while the request is alive: the SDK disposes it (and its content) after the call.
        var request = received.Request;
        var seen = new Seen(
            IsTokenRequest(request.RequestUri),
            request.Method.Method,
            request.RequestUri!,
            request.Headers.Authorization,
            request.Content?.Headers.ContentType?.ToString(),
            string.Join(" ", request.Headers.UserAgent),
            received.Body);
        lock (_seen)
        {
            _seen.Add(seen);
        }

        return seen.IsTokenRequest
            ? TokenAnswer(Interlocked.Increment(ref _tokenRequests) - 1)
            : ApiAnswer(Interlocked.Increment(ref _apiCalls) - 1);
    }

    /// <summary>A request as the server saw it.</summary>
    public sealed record Seen(
        bool IsTokenRequest,
        string Method,
        Uri Uri,
        AuthenticationHeaderValue? Authorization,
        string? ContentType,
        string UserAgent,
        string Body)
    {
        public IReadOnlyList<KeyValuePair<string, string>> Form => FormText.Parse(Body);
    }

    /// <summary>Passes requests on, except token requests while held: those wait until released (or their attempt is cancelled).</summary>
    private sealed class Gate(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource? _release;

        public Task Arrived => _arrived.Task;

        public void Hold() => Volatile.Write(ref _release, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        public void Release() => Volatile.Read(ref _release)?.TrySetResult();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (IsTokenRequest(request.RequestUri) && Volatile.Read(ref _release) is { } release)
            {
                _arrived.TrySetResult();
                await release.Task.WaitAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
