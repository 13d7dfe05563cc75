using Afilnet.Contacts.Transport;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using Afilnet.Contacts.Tests.Infrastructure;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Afilnet.Contacts.TransportFailureReason;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// The fault matrix of reliability.md as data: each row arranges a fault, makes a read or a write through the
/// configured pipeline, and states the error kind, the exact number of requests the server saw and the time bound.
/// <see cref="RunAsync"/> runs one row on one transport and scans everything the pipeline produced for canaries.
/// </summary>
public static class FaultMatrix
{
    /// <summary>A read under a persistent transient fault: the first attempt and every retry.</summary>
    public const int Reads = MatrixRig.MaxRetries + 1;

    private static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(250);

    public static IReadOnlyList<FaultCase> All { get; } = Build();

    /// <summary>Per transport: cases run and writes the server saw more than once (reported at the end of a run).</summary>
    public static ConcurrentDictionary<string, int> CasesRun { get; } = new();

    private static int _writesSeenTwice;

    /// <summary>Writes the server saw more than once, over the run; every such case also fails.</summary>
    public static int WritesSeenTwice => Volatile.Read(ref _writesSeenTwice);

    public static TheoryData<string> NamesFor(string transport)
    {
        var data = new TheoryData<string>();
        foreach (var @case in All.Where(c => c.AppliesTo?.Invoke(transport) ?? true))
        {
            data.Add(@case.Name);
        }

        return data;
    }

    public static async Task RunAsync(string transport, string name, MatrixServers servers)
    {
        var @case = All.Single(c => c.Name == name);
        servers.Reset();
        using var context = new CaseContext(transport, servers);
        @case.Arrange(context);
        if (@case.ArrangeAsync is not null)
        {
            await @case.ArrangeAsync(context);
        }

        var expect = @case.Expect(context);
        using var rig = new MatrixRig(transport, context.BaseAddress, servers.Token.BaseAddress, context.Settings);
        using var cancellation = context.CancelAfter is { } delay ? new CancellationTokenSource(delay) : null;
        var token = cancellation?.Token ?? TestContext.Current.CancellationToken;

        var watch = Stopwatch.StartNew();
        Exception? error = null;
        try
        {
            await (@case.Act ?? Send)(context, rig.Api, @case.Exchange, token);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        watch.Stop();

        if (expect.Error is null)
        {
            Assert.Null(error);
        }
        else
        {
            Assert.NotNull(error);
            Assert.True(expect.Error.IsInstanceOfType(error), $"expected {expect.Error.Name}, got {error}");
        }

        // Nothing but the SDK's own errors (and the caller's cancellation, and refused input) escapes the public API.
        Assert.True(error is null or AfilnetException or OperationCanceledException or ArgumentException, $"a raw exception escaped: {error}");
        if (cancellation is not null && error is OperationCanceledException canceled)
        {
            Assert.Equal(cancellation.Token, canceled.CancellationToken);
        }

        if (expect.Reason is { } reason)
        {
            Assert.Equal(reason, Assert.IsType<AfilnetTransportException>(error).Reason);
        }

        if (expect.Status is { } status)
        {
            Assert.Equal(status, error switch
            {
                AfilnetTransportException t => t.StatusCode,
                AfilnetAuthenticationException a => a.StatusCode,
                _ => null,
            });
        }

        if (expect.MayHaveReachedServer is { } mayHave)
        {
            Assert.Equal(mayHave, Assert.IsAssignableFrom<AfilnetException>(error).RequestMayHaveReachedServer);
        }

        if (expect.Within is { } within)
        {
            Assert.True(watch.Elapsed < within, $"took {watch.Elapsed.TotalMilliseconds:0} ms, bound {within.TotalMilliseconds:0} ms");
        }

        // Nothing more may arrive after the call ended (a late hidden resend, a retry after cancellation).
        if (context.Raw is not null || cancellation is not null)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        if (@case.Exchange == Exchange.Write && context.Requests > 1 && @case.Act is null)
        {
            Interlocked.Increment(ref _writesSeenTwice);
        }

        Assert.Equal(expect.Requests, context.Requests);
        expect.Also?.Invoke(error, context);
        var scanned = rig.AssertNoCanary(error);
        if (@case.After is not null)
        {
            await @case.After(context, rig.Api);
            scanned += rig.AssertNoCanary(null);
        }

        CasesRun.AddOrUpdate(transport, 1, (_, n) => n + 1);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{transport} | {name} | {error?.GetType().Name ?? "success"} | {context.Requests} request(s) | {watch.Elapsed.TotalMilliseconds:0} ms | {scanned} texts scanned, 0 canary hits");
    }

    private static async Task Send(CaseContext context, IContactsApi api, Exchange call, CancellationToken cancellationToken)
    {
        if (call == Exchange.Read)
        {
            await api.GetContactsAsync(new GroupId(1), cancellationToken);
        }
        else
        {
            await api.AddContactAsync(new GroupId(1), new ContactFields { { "mobile", "34600000000" }, { "name", "Ana" } }, cancellationToken);
        }
    }

    private static Expectation Transport(TransportFailureReason reason, int requests, int? status = null, bool mayHaveReached = true, TimeSpan? within = null) => new()
    {
        Error = typeof(AfilnetTransportException),
        Reason = reason,
        Status = status,
        MayHaveReachedServer = mayHaveReached,
        Requests = requests,
        Within = within,
    };

    private static Expectation Protocol(int requests, Action<Exception?, CaseContext>? also = null) => new()
    {
        Error = typeof(AfilnetProtocolException),
        MayHaveReachedServer = true,
        Requests = requests,
        Also = also,
    };

    private static int For(Exchange call) => call == Exchange.Read ? Reads : 1;

    private static bool Soap(string transport) => transport == "Soap";

    private static bool Json(string transport) => transport != "Soap";

    private static bool QueryString(string transport) => transport is "HttpGet" or "BasicAuth-GET";

    private static bool OAuth(string transport) => transport == "OAuth2Json";

    private static List<FaultCase> Build()
    {
        var cases = new List<FaultCase>();
        var both = new[] { Exchange.Read, Exchange.Write };

        // Transient statuses: a read is retried with backoff; a write is sent once and its outcome is unknown.
        foreach (var status in new[] { 500, 502, 503, 504, 408 })
        {
            foreach (var call in both)
            {
                cases.Add(new($"HTTP {status} {call}", call, c => c.Answer(status, "<html>busy</html>", "text/html"), _ => Transport(HttpStatus, For(call), status)));
            }
        }

        cases.Add(new("HTTP 503 then 200 Read succeeds on the retry", Exchange.Read, c =>
        {
            var (body, type) = c.Success(Exchange.Read);
            c.Fake.Server.Given(Request.Create().UsingAnyMethod()).InScenario("flaky").WillSetStateTo("up")
                .RespondWith(Response.Create().WithStatusCode(503));
            c.Fake.Server.Given(Request.Create().UsingAnyMethod()).InScenario("flaky").WhenStateIs("up")
                .RespondWith(Response.Create().WithHeader("Content-Type", type).WithBody(body));
        }, _ => new() { Requests = 2 }));

        // 429: a read waits max(backoff, Retry-After) up to MaxRetryAfter; garbage is ignored; over the cap, or a write, fails at once.
        foreach (var (label, value, call, requests, retryAfter) in new (string, Func<string>, Exchange, int, TimeSpan?)[]
        {
            ("Retry-After 0", () => "0", Exchange.Read, Reads, TimeSpan.Zero),
            ("Retry-After garbage", () => "soon, maybe", Exchange.Read, Reads, null),
            ("Retry-After date in the past", () => DateTimeOffset.UtcNow.AddMinutes(-5).ToString("R", CultureInfo.InvariantCulture), Exchange.Read, Reads, TimeSpan.Zero),
            ("Retry-After 1 day", () => "86400", Exchange.Read, 1, TimeSpan.FromDays(1)),
            ("Retry-After date 1 day ahead", () => DateTimeOffset.UtcNow.AddDays(1).ToString("R", CultureInfo.InvariantCulture), Exchange.Read, 1, TimeSpan.FromDays(1)),
            ("Retry-After 0", () => "0", Exchange.Write, 1, TimeSpan.Zero),
        })
        {
            cases.Add(new($"HTTP 429 {label} {call}", call, c => c.Answer(429, "slow down", "text/plain", ("Retry-After", value())), _ => Transport(HttpStatus, requests, 429) with
            {
                Within = TimeSpan.FromSeconds(2),
                Also = (e, _) =>
                {
                    var actual = ((AfilnetTransportException)e!).RetryAfter;
                    if (retryAfter is null)
                    {
                        Assert.Null(actual);
                    }
                    else
                    {
                        Assert.InRange(actual!.Value, retryAfter.Value - TimeSpan.FromSeconds(5), retryAfter.Value);
                    }
                },
            }));
        }

        // Client errors: one request, the status carried.
        foreach (var status in new[] { 400, 404, 409, 422 })
        {
            cases.Add(new($"HTTP {status} Read", Exchange.Read, c => c.Answer(status, "no", "text/plain"), _ => Transport(HttpStatus, 1, status)));
        }

        cases.Add(new("HTTP 401 on every call Read", Exchange.Read, c => c.Answer(401, "denied " + MatrixRig.EchoOfSecrets(c.Transport), "text/plain"), c => c.IsOAuth
            ? new() { Error = typeof(AfilnetAuthenticationException), Status = 401, Requests = 2, Also = (_, ctx) => Assert.Equal(2, ctx.Servers.Token.AllRequests.Count) }
            : Transport(HttpStatus, 1, 401)));

        // API errors: a typed error, the code verbatim, never retried.
        foreach (var code in new[] { "NOT_ACCESS_TO_GROUP", "BRAND_NEW_CODE_42" })
        {
            cases.Add(new($"status ERROR {code} Read", Exchange.Read, c =>
            {
                var (body, type) = c.Style.RenderError(ApiOperations.GetContacts, code);
                c.Answer(200, body, type);
            }, _ => new()
            {
                Error = typeof(AfilnetApiException),
                Requests = 1,
                Also = (e, _) => Assert.Equal(code, ((AfilnetApiException)e!).ErrorCode.Value),
            }));
        }

        // Unreadable answers: a protocol error with a short scrubbed excerpt; a read may be retried.
        foreach (var call in both)
        {
            cases.Add(new($"empty 200 (WireMock EMPTY_RESPONSE) {call}", call, c => c.Answer(Response.Create().WithFault(FaultType.EMPTY_RESPONSE)), _ => Protocol(For(call))));
            cases.Add(new($"garbage body {call}", call, c => c.Answer(200, "not json, not xml {{{ <<< " + MatrixRig.EchoOfSecrets(c.Transport), c.ContentType), _ => Protocol(For(call), (e, _) =>
            {
                var excerpt = ((AfilnetProtocolException)e!).ResponseExcerpt;
                Assert.NotNull(excerpt);
                Assert.StartsWith("not json, not xml", excerpt, StringComparison.Ordinal);
                Assert.True(excerpt.Length <= 201, "the excerpt is short");
            })));
        }

        cases.Add(new("malformed chunk (WireMock MALFORMED_RESPONSE_CHUNK) Read", Exchange.Read, c =>
        {
            var (body, type) = c.Success(Exchange.Read);
            c.Answer(Response.Create().WithStatusCode(200).WithHeader("Content-Type", type).WithBody(body).WithFault(FaultType.MALFORMED_RESPONSE_CHUNK));
        }, _ => new() { Error = typeof(AfilnetException), MayHaveReachedServer = true, Requests = Reads }));

        cases.Add(new("HTML page with 200 Read", Exchange.Read, c => c.Answer(200, "<html><body><h1>Maintenance</h1></body></html>", "text/html"), _ => Protocol(Reads)));

        cases.Add(new("truncated body, complete HTTP message Read", Exchange.Read, c =>
        {
            var (body, type) = c.Success(Exchange.Read);
            c.Answer(200, body[..(body.Length / 2)], type);
        }, _ => Protocol(Reads, (e, _) => Assert.NotNull(((AfilnetProtocolException)e!).ResponseExcerpt))));

        cases.Add(new("server echoes the secrets in a 500 Write", Exchange.Write, c => c.Answer(500, "error for " + MatrixRig.EchoOfSecrets(c.Transport), "text/plain"), _ => Transport(HttpStatus, 1, 500) with
        {
            Also = (e, _) => Assert.Contains(SecretScrubber.Placeholder, e!.Message, StringComparison.Ordinal),
        }));

        // Redirects: never followed; the error names the status and host only; the other host receives nothing.
        foreach (var status in new[] { 301, 302, 303, 307, 308 })
        {
            cases.Add(new($"redirect {status} to another host Write", Exchange.Write, c =>
                c.Answer(Response.Create().WithStatusCode(status).WithHeader("Location", new Uri(c.Servers.Other.BaseAddress, "api/?password=leak").AbsoluteUri)),
                _ => Transport(Redirect, 1, status) with
                {
                    Also = (e, c) =>
                    {
                        Assert.Contains($"HTTP {status}", e!.Message, StringComparison.Ordinal);
                        Assert.Contains("127.0.0.1", e.Message, StringComparison.Ordinal);
                        Assert.DoesNotContain(c.Servers.Other.BaseAddress.Port.ToString(CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
                        Assert.DoesNotContain("leak", e.Message, StringComparison.Ordinal);
                        Assert.Empty(c.Servers.Other.AllRequests);
                    },
                }));
        }

        cases.Add(new("redirect 302 to plain http on another host Write", Exchange.Write, c =>
            c.Answer(Response.Create().WithStatusCode(302).WithHeader("Location", "http://elsewhere.invalid/api/http/?user=x")),
            _ => Transport(Redirect, 1, 302) with
            {
                Also = (e, _) =>
                {
                    Assert.Contains("elsewhere.invalid", e!.Message, StringComparison.Ordinal);
                    Assert.DoesNotContain("user=x", e.Message, StringComparison.Ordinal);
                },
            }));

        // Connection refused: never sent, so even a write is retried; the server saw nothing.
        foreach (var call in both)
        {
            cases.Add(new($"connection refused {call}", call, c => c.BaseAddress = new Uri($"http://127.0.0.1:{ClosedPort()}/"), _ => Transport(ConnectionFailed, 0, mayHaveReached: false)));
        }

        // Raw faults: reset, close before the answer (the case SocketsHttpHandler resends by itself), garbage, cut body.
        foreach (var (fault, reason) in new[] { (RawFault.Reset, ConnectionLost), (RawFault.CloseBeforeAnswer, ConnectionLost), (RawFault.GarbageThenClose, ConnectionLost), (RawFault.CutMidBody, ConnectionLost) })
        {
            foreach (var call in both)
            {
                cases.Add(new($"raw {fault} {call}", call, c => c.UseRaw(fault), _ => Transport(reason, For(call))));
            }
        }

        // Time: a hanging or dripping server fails the attempt within the attempt timeout (+250 ms); the total is bounded.
        foreach (var fault in new[] { RawFault.Hang, RawFault.Drip })
        {
            cases.Add(new($"raw {fault} Write times out once", Exchange.Write, c =>
            {
                c.UseRaw(fault);
                c.Settings["Afilnet:Timeout"] = "00:00:00.250";
            }, _ => Transport(TransportFailureReason.Timeout, 1, within: TimeSpan.FromMilliseconds(250) + Slack)));
            // One retry here, to keep the suite fast: the retry is what the row is about, not how many.
            cases.Add(new($"raw {fault} Read times out on every attempt (MaxRetries 1)", Exchange.Read, c =>
            {
                c.UseRaw(fault);
                c.Settings["Afilnet:Timeout"] = "00:00:00.200";
                c.Settings["Afilnet:Retry:MaxRetries"] = "1";
            }, _ => Transport(TransportFailureReason.Timeout, 2, within: (2 * TimeSpan.FromMilliseconds(200)) + TimeSpan.FromMilliseconds(50) + Slack)));
        }

        cases.Add(new("total timeout shorter than the attempt timeout Read", Exchange.Read, c =>
        {
            c.UseRaw(RawFault.Hang);
            c.Settings["Afilnet:Timeout"] = "00:00:05";
            c.Settings["Afilnet:Retry:TotalTimeout"] = "00:00:00.300";
        }, _ => Transport(TransportFailureReason.Timeout, 1, within: TimeSpan.FromMilliseconds(300) + Slack) with
        {
            Also = (e, _) => Assert.Contains("total timeout", e!.Message, StringComparison.Ordinal),
        }));

        cases.Add(new("answer just inside the attempt timeout Read", Exchange.Read, c =>
        {
            var (body, type) = c.Success(Exchange.Read);
            c.Answer(Response.Create().WithHeader("Content-Type", type).WithBody(body).WithDelay(TimeSpan.FromMilliseconds(100)));
            c.Settings["Afilnet:Timeout"] = "00:00:00.600";
        }, _ => new() { Requests = 1 }));

        // Size: an answer of exactly MaxResponseBytes is read; one byte more is refused, and not retried.
        foreach (var (label, size, expectation) in new[]
        {
            ("answer of exactly MaxResponseBytes Read", 4096, new Expectation { Requests = 1 }),
            ("answer of MaxResponseBytes + 1 Read", 4097, Transport(ResponseTooLarge, 1, 200)),
        })
        {
            cases.Add(new(label, Exchange.Read, c =>
            {
                var (body, type) = c.Success(Exchange.Read);
                c.Answer(200, Pad(body, size), type);
                c.Settings["Afilnet:MaxResponseBytes"] = "4096";
            }, _ => expectation));
        }

        cases.Add(new("nesting 100,000 deep Read", Exchange.Read, c => c.Answer(200, Nested(c, 100_000), c.ContentType), _ => Protocol(Reads)));

        // JSON depth: 64 levels are read, 65 are refused (before any deep recursion).
        cases.Add(new("JSON nested exactly MaxJsonDepth deep Read", Exchange.Read, c => c.Answer(200, Nested(c, AfilnetOptions.MaxJsonDepth), c.ContentType), _ => new() { Requests = 1 }, Json));
        cases.Add(new("JSON nested MaxJsonDepth + 1 deep Read", Exchange.Read, c => c.Answer(200, Nested(c, AfilnetOptions.MaxJsonDepth + 1), c.ContentType), _ => Protocol(Reads), Json));

        // Cancellation: the caller's token, promptly (WCF: 500 ms), and nothing sent after.
        cases.Add(new("caller cancels mid-request Write", Exchange.Write, c =>
        {
            c.UseRaw(RawFault.Hang);
            c.CancelAfter = TimeSpan.FromMilliseconds(150);
        }, c => new() { Error = typeof(OperationCanceledException), Requests = 1, Within = TimeSpan.FromMilliseconds(150 + (c.IsSoap ? 500 : 100)) }));
        cases.Add(new("caller cancels during backoff Read", Exchange.Read, c =>
        {
            c.Answer(503, "busy", "text/plain");
            c.Settings["Afilnet:Retry:RetryDelay"] = "00:00:05";
            c.Settings["Afilnet:Retry:MaxRetryDelay"] = "00:00:10";
            c.CancelAfter = TimeSpan.FromMilliseconds(200);
        }, c => new() { Error = typeof(OperationCanceledException), Requests = 1, Within = TimeSpan.FromMilliseconds(200 + (c.IsSoap ? 500 : 100)) }));

        // GET URL limit: at the limit it is sent; one character over it is refused before sending, suggesting a POST transport.
        cases.Add(new("URL of exactly MaxUrlLength Write", Exchange.Write, _ => { }, _ => new() { Requests = 1 }, QueryString)
        {
            ArrangeAsync = async c => c.Settings["Afilnet:MaxUrlLength"] = (await MeasureUrlAsync(c)).ToString(CultureInfo.InvariantCulture),
        });
        cases.Add(new("URL of MaxUrlLength + 1 Write", Exchange.Write, _ => { }, _ => new()
        {
            Error = typeof(ArgumentException),
            Requests = 0,
            Also = (e, _) => Assert.Contains("POST transport", e!.Message, StringComparison.Ordinal),
        }, QueryString)
        {
            ArrangeAsync = async c => c.Settings["Afilnet:MaxUrlLength"] = (await MeasureUrlAsync(c) - 1).ToString(CultureInfo.InvariantCulture),
        });

        AddSoapCases(cases);
        AddOAuthCases(cases);
        return cases;
    }

    private static void AddSoapCases(List<FaultCase> cases)
    {
        XNamespace env = SoapStyle.Env;
        XNamespace api = SoapStyle.Api;
        cases.Add(new("SOAP Fault Read, channel aborted, next call works", Exchange.Read, c =>
            c.Answer(500, SoapStyle.Envelope(new XElement(env + "Fault", new XElement("faultcode", "soap:Client"), new XElement("faultstring", "bad envelope for " + TestCredentials.Password))), c.ContentType),
            _ => Protocol(Reads, (e, _) =>
            {
                var fault = (AfilnetProtocolException)e!;
                Assert.Equal("Client", fault.FaultCode);
                Assert.StartsWith("bad envelope for ***", fault.FaultString, StringComparison.Ordinal);
            }),
            Soap)
        {
            After = NextCallWorks,
        });

        cases.Add(new("SOAP answer in the wrong namespace Read", Exchange.Read, c =>
        {
            XNamespace other = "urn:other";
            c.Answer(200, SoapStyle.Envelope(new XElement(other + "getcontactsResponse", new XElement(other + "status", "SUCCESS"))), c.ContentType);
        }, _ => Protocol(Reads, (e, _) => Assert.Contains("urn:other", e!.Message, StringComparison.Ordinal)), Soap));

        cases.Add(new("SOAP reply with a DTD and an external entity Read", Exchange.Read, c =>
        {
            var envelope = SoapStyle.Envelope(new XElement(api + "getcontactsResponse", new XElement(api + "status", "STATUS")));
            var doctype = $"<!DOCTYPE e [<!ENTITY xxe SYSTEM \"{new Uri(c.Servers.Other.BaseAddress, "evil.dtd")}\">]>";
            envelope = envelope.Insert(envelope.IndexOf("?>", StringComparison.Ordinal) + 2, doctype).Replace("STATUS", "&xxe;", StringComparison.Ordinal);
            c.Answer(200, envelope, c.ContentType);
        }, _ => Protocol(Reads, (e, c) =>
        {
            Assert.Contains("DTD", e!.Message, StringComparison.Ordinal);
            Assert.Empty(c.Servers.Other.AllRequests);
        }), Soap));

        cases.Add(new("XML nested exactly MaxXmlDepth deep Read", Exchange.Read, c => c.Answer(200, Nested(c, AfilnetOptions.MaxXmlDepth), c.ContentType), _ => new() { Requests = 1 }, Soap));
        cases.Add(new("XML nested MaxXmlDepth + 1 deep Read", Exchange.Read, c => c.Answer(200, Nested(c, AfilnetOptions.MaxXmlDepth + 1), c.ContentType), _ => Protocol(Reads), Soap));
    }

    private static void AddOAuthCases(List<FaultCase> cases)
    {
        foreach (var (label, status, type, body, oauthError) in new (string, int, string, string, string?)[]
        {
            ("503", 503, "text/plain", "down", null),
            ("HTML page", 200, "text/html", "<html>login</html>", null),
            ("bad JSON", 200, "application/json", "{\"access_token\":", null),
            ("400 invalid_client", 400, "application/json", "{\"error\":\"invalid_client\",\"error_description\":" + System.Text.Json.JsonSerializer.Serialize("bad secret " + MatrixRig.ClientSecret) + "}", "invalid_client"),
        })
        {
            cases.Add(new($"token endpoint {label} Read, no API call", Exchange.Read, c =>
            {
                c.Servers.Token.Server.Reset();
                c.Servers.Token.Server.Given(Request.Create().UsingAnyMethod())
                    .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", type).WithBody(body));
                c.Answer(200, c.Success(Exchange.Read).Body, c.ContentType);
            }, _ => new()
            {
                Error = typeof(AfilnetAuthenticationException),
                MayHaveReachedServer = false,
                Requests = 0,
                Also = (e, _) => Assert.Equal(oauthError, ((AfilnetAuthenticationException)e!).OAuthError),
            }, OAuth));
        }

        cases.Add(new("token endpoint refused Read, no API call", Exchange.Read, c =>
        {
            c.Settings["Afilnet:TokenEndpoint"] = $"http://127.0.0.1:{ClosedPort()}/api/oauth2/token";
            c.Answer(200, c.Success(Exchange.Read).Body, c.ContentType);
        }, _ => new() { Error = typeof(AfilnetAuthenticationException), MayHaveReachedServer = false, Requests = 0 }, OAuth));

        cases.Add(new("API 401 once Write, one refresh and one replay", Exchange.Write, c =>
        {
            var (body, type) = c.Success(Exchange.Write);
            c.Fake.Server.Given(Request.Create().UsingAnyMethod()).InScenario("expired").WillSetStateTo("fresh")
                .RespondWith(Response.Create().WithStatusCode(401));
            c.Fake.Server.Given(Request.Create().UsingAnyMethod()).InScenario("expired").WhenStateIs("fresh")
                .RespondWith(Response.Create().WithHeader("Content-Type", type).WithBody(body));
        }, _ => new() { Requests = 2, Also = (_, c) => Assert.Equal(2, c.Servers.Token.AllRequests.Count) }, OAuth));

        cases.Add(new("100 concurrent cold calls Read, one token request", Exchange.Read, c =>
        {
            var (body, type) = c.Success(Exchange.Read);
            c.Answer(200, body, type);
        }, _ => new() { Requests = 100, Also = (_, c) => Assert.Single(c.Servers.Token.AllRequests) }, OAuth)
        {
            Act = (_, api, _, ct) => Task.WhenAll(Enumerable.Range(0, 100).Select(_ => api.GetContactsAsync(new GroupId(1), ct))),
        });
    }

    private static async Task NextCallWorks(CaseContext context, IContactsApi api)
    {
        context.Fake.Server.Reset();
        var (body, type) = context.Style.RenderSuccess(ApiOperations.GetGroupColumns, """["mobile"]""");
        context.Answer(200, body, type);
        Assert.Equal(["mobile"], await api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken));
    }

    /// <summary>A success answer padded with trailing white space (allowed after a JSON value or an XML root) to exactly <paramref name="bytes"/>.</summary>
    private static string Pad(string body, int bytes)
    {
        var length = Encoding.UTF8.GetByteCount(body);
        Assert.True(length <= bytes, $"the answer is already {length} bytes");
        return body + new string(' ', bytes - length);
    }

    /// <summary>
    /// A success answer holding an unknown element nested so that the whole document is <paramref name="depth"/> deep:
    /// arrays under the JSON root object, or elements under Envelope, Body and the response element.
    /// </summary>
    private static string Nested(CaseContext context, int depth)
    {
        if (context.IsSoap)
        {
            var inner = depth - 3;
            var response = new StringBuilder("<getcontactsResponse xmlns=\"https://www.afilnet.com/api/soap/\"><status>SUCCESS</status>");
            response.Insert(response.Length, "<x>", inner).Append("deep");
            response.Insert(response.Length, "</x>", inner);
            response.Append("</getcontactsResponse>");
            return "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + response + "</soap:Body></soap:Envelope>";
        }

        var arrays = depth - 1;
        return "{\"status\":\"SUCCESS\",\"result\":[],\"x\":" + new string('[', arrays) + new string(']', arrays) + "}";
    }

    /// <summary>The length of the URL the case's write travels in, measured by sending it once to the fake.</summary>
    private static async Task<int> MeasureUrlAsync(CaseContext context)
    {
        var (body, type) = context.Success(Exchange.Write);
        context.Answer(200, body, type);
        using (var probe = new MatrixRig(context.Transport, context.BaseAddress, context.Servers.Token.BaseAddress))
        {
            await Send(context, probe.Api, Exchange.Write, TestContext.Current.CancellationToken);
        }

        var sent = Assert.Single(context.Fake.Requests);
        context.Fake.Server.ResetLogEntries();
        return new Uri(context.BaseAddress, sent.Path.TrimStart('/')).AbsoluteUri.Length + sent.RawQuery!.Length;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
