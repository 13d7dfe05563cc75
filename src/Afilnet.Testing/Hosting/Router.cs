using System.Globalization;
using Afilnet.Testing.Auth;
using Afilnet.Testing.Decoding;
using Afilnet.Testing.Rendering;
using Afilnet.Testing.State;

namespace Afilnet.Testing.Hosting;

/// <summary>
/// Every request the fake receives passes here: the endpoint is chosen by path and verb, the style's decoder turns
/// the request into an <see cref="ApiCall"/>, the call is recorded, an injected fault may take over, the
/// <see cref="Dispatcher"/> answers it, and the style's renderer writes the answer.
/// </summary>
internal sealed class Router(Dispatcher dispatcher, TokenIssuer tokens, FaultQueue faults, TimeProvider time)
{
    private static readonly Lazy<byte[]> Wsdl = new(ReadWsdl);

    private readonly object _gate = new();
    private readonly List<FakeServerRequest> _requests = [];
    private TaskCompletionSource _recorded = NewSignal();

    public IReadOnlyList<FakeServerRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> requests are recorded: woken by each record, never polled.</summary>
    public async Task WaitForRequestsAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task recorded;
            lock (_gate)
            {
                if (_requests.Count >= count)
                {
                    return;
                }

                recorded = _recorded.Task;
            }

            await recorded.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void ClearRequests()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    /// <summary>Answers <paramref name="request"/>; the fault, when one applies, says how to spoil the answer.</summary>
    public async Task<(Reply Reply, FakeFault? Fault)> HandleAsync(FakeHttpRequest request, CancellationToken stopping)
    {
        var path = request.Path;
        var verb = request.Verb;
        var authorization = request.Header("Authorization");
        switch (path, verb)
        {
            case ("/api/http", "GET"):
                return await ApiAsync(FormDecoder.WithFieldCredentials(FakeWireStyle.HttpGet, verb, request.RawQuery), JsonRenderer.Render, stopping).ConfigureAwait(false);
            case ("/api/http", "POST"):
                return await ApiAsync(FormDecoder.WithFieldCredentials(FakeWireStyle.HttpPost, verb, request.BodyText), JsonRenderer.Render, stopping).ConfigureAwait(false);
            case ("/api/basic", "GET" or "POST"):
                var (user, password) = BasicCredentials.Read(authorization);
                var text = verb == "GET" ? request.RawQuery : request.BodyText;
                return await ApiAsync(FormDecoder.WithHeaderCredentials(verb, text, user, password), JsonRenderer.Render, stopping).ConfigureAwait(false);
            case ("/api/soap", "GET") when IsWsdlQuery(request.RawQuery):
                return (new Reply(200, Reply.Xml, Wsdl.Value), null);
            case ("/api/soap", "POST"):
                return await SoapAsync(request, stopping).ConfigureAwait(false);
            case ("/api/json", "POST"):
                var call = JsonDecoder.Decode(request.Body);
                if (!tokens.IsValid(authorization))
                {
                    Record(call);
                    return (TokenIssuer.Unauthorized(), null);
                }

                return await ApiAsync(call, JsonRenderer.Render, stopping).ConfigureAwait(false);
            case ("/api/oauth2/token", "POST"):
                return (tokens.Issue(authorization, request.BodyText), null);
            case ("/api/http" or "/api/basic" or "/api/soap" or "/api/json" or "/api/oauth2/token", _):
                return (Reply.Plain(405, "Method not allowed.") with { Headers = [new("Allow", path == "/api/http" || path == "/api/basic" ? "GET, POST" : "POST")] }, null);
            default:
                return (Reply.Plain(404, "Not found."), null);
        }
    }

    private async Task<(Reply, FakeFault?)> SoapAsync(FakeHttpRequest request, CancellationToken stopping)
    {
        var (call, problem) = SoapDecoder.Decode(request.Body, request.Header("SOAPAction"));
        if (call is null)
        {
            Record(new FakeServerRequest(FakeWireStyle.Soap, "POST", null, []));
            return (SoapRenderer.Fault(problem!), null);
        }

        return await ApiAsync(call, outcome => SoapRenderer.Render(call.Method!, outcome), stopping).ConfigureAwait(false);
    }

    private async Task<(Reply, FakeFault?)> ApiAsync(ApiCall call, Func<Outcome, Reply> render, CancellationToken stopping)
    {
        Record(call);
        var fault = faults.Take(call.Method);
        if (fault is not null && fault.Delay > TimeSpan.Zero)
        {
            await Task.Delay(fault.Delay, time, stopping).ConfigureAwait(false);
        }

        if (fault?.StatusCode is { } status)
        {
            var reply = Reply.Plain(status, $"Injected fault: HTTP {status}.");
            if (fault.RetryAfter is { } retryAfter)
            {
                reply = reply with { Headers = [new("Retry-After", Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture))] };
            }

            return (reply, fault);
        }

        return (render(dispatcher.Dispatch(call)), fault);
    }

    private void Record(ApiCall call) => Record(call.ToRequest());

    private void Record(FakeServerRequest request)
    {
        TaskCompletionSource recorded;
        lock (_gate)
        {
            _requests.Add(request);
            recorded = _recorded;
            _recorded = NewSignal();
        }

        recorded.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static bool IsWsdlQuery(string? query) =>
        FormDecoder.Parse(query).Exists(p => string.Equals(p.Key, "wsdl", StringComparison.OrdinalIgnoreCase));

    /// <summary>The project's WSDL, embedded from the same file the SDK ships.</summary>
    private static byte[] ReadWsdl()
    {
        using var stream = typeof(Router).Assembly.GetManifestResourceStream("Afilnet.Testing.contacts.wsdl")
            ?? throw new InvalidOperationException("The embedded WSDL is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
