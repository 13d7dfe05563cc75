using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using Afilnet.Contacts.Diagnostics;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using static Afilnet.Contacts.TransportFailureReason;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// The fault matrix of reliability.md as data: each row arranges a fault, makes a read or a write through the
/// configured pipeline (the host's HTTP client, the SDK's policy innermost), and states the error kind and the exact
/// number of requests the server saw. Time is the host's fake clock: a row about a timeout or a wait moves it and
/// checks what happened on it, so no row depends on how fast the machine is. <see cref="RunAsync"/> runs one row on
/// one transport, checks the span it left, and scans everything the pipeline produced for canaries.
/// </summary>
public static class FaultMatrix
{
    /// <summary>A read under a persistent transient fault: the first attempt and every retry.</summary>
    public const int Reads = MatrixRig.MaxRetries + 1;

    /// <summary>A case that has not ended after this long hangs: a guard that fails the case, not a measure of speed.</summary>
    public const int HangGuardMilliseconds = 60_000;

    public static IReadOnlyList<FaultCase> All { get; } = Build();

    /// <summary>Per transport: cases run (reported at the end of a run).</summary>
    public static ConcurrentDictionary<string, int> CasesRun { get; } = new();

    private static int _writesSeenTwice;

    /// <summary>Writes the server saw more than once, over the run; every such case also fails.</summary>
    public static int WritesSeenTwice => Volatile.Read(ref _writesSeenTwice);

    public static TheoryData<string> NamesFor(string style)
    {
        var data = new TheoryData<string>();
        var only = Environment.GetEnvironmentVariable("AFILNET_MATRIX_CASE");
        foreach (var @case in All.Where(c => (c.AppliesTo?.Invoke(WireStyles.Get(style)) ?? true) && (only is null || c.Name.Contains(only, StringComparison.Ordinal))))
        {
            data.Add(@case.Name);
        }

        return data;
    }

    public static async Task RunAsync(string styleName, string name, MatrixServers servers, CancellationToken testToken)
    {
        var style = WireStyles.Get(styleName);
        var @case = All.Single(c => c.Name == name);
        servers.Reset();
        using var context = new CaseContext(style, servers);
        @case.Arrange(context);
        if (@case.ArrangeAsync is not null)
        {
            await @case.ArrangeAsync(context);
        }

        var expect = @case.Expect(context);
        using var rig = new MatrixRig(style, context.BaseAddress, servers.Token.BaseAddress, context.Time, context.Settings, context.Services);
        var token = context.Caller?.Token ?? testToken;

        var call = (@case.Act ?? Send)(context, rig.Api, @case.Exchange, token);
        if (@case.Drive is not null)
        {
            await @case.Drive(context, rig, call);
        }

        Exception? error = null;
        try
        {
            // A guard against a hang, not a measure: every row ends on its own or by the clock its driver moved.
            await call.WaitAsync(testToken);
        }
        catch (Exception ex)
        {
            error = ex;
        }

        context.Raw?.Release();
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
        if (context.Caller is not null && error is OperationCanceledException canceled)
        {
            Assert.Equal(context.Caller.Token, canceled.CancellationToken);
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

        // Nothing more may arrive after the call ended (a late hidden resend, a send abandoned mid-way): once every
        // connection has been read through, the raw server's count holds everything the client sent.
        if (context.Raw is not null)
        {
            await context.Raw.SettledAsync();
        }

        if (@case.Exchange == Exchange.Write && context.Requests > 1 && @case.Act is null)
        {
            Interlocked.Increment(ref _writesSeenTwice);
        }

        Assert.True(expect.Requests == context.Requests, $"expected {expect.Requests} request(s), the server saw {context.Requests}: {Statuses(context)} | {string.Join(" / ", rig.LogLines)}");
        expect.Also?.Invoke(error, context);

        // The trace says what the caller got: one span per call, its outcome the error's kind.
        if (@case.Act is null)
        {
            Assert.Equal([OutcomeOf(error)], rig.Outcomes);
        }

        var scanned = rig.AssertNoCanary(error);
        if (@case.After is not null)
        {
            await @case.After(context, rig.Api);
            scanned += rig.AssertNoCanary(null);
        }

        CasesRun.AddOrUpdate(styleName, 1, (_, n) => n + 1);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{styleName} | {name} | {error?.GetType().Name ?? "success"} | {context.Requests} request(s) | {scanned} texts scanned, 0 canary hits");
    }

    /// <summary>What the fake answered each request, for a failure message.</summary>
    private static string Statuses(CaseContext context) =>
        context.Raw is not null ? "(raw server)" : string.Join(", ", context.Fake.Server.LogEntries.OrderBy(e => e.RequestMessage?.DateTime).Select(e => $"{e.RequestMessage?.DateTime:HH:mm:ss.fff} {e.RequestMessage?.Method} {e.RequestMessage?.Path} {e.RequestMessage?.Body?.Length} -> {e.ResponseMessage?.StatusCode}"));

    private static string OutcomeOf(Exception? error) => error switch
    {
        null => "success",
        AfilnetApiException => "api_error",
        AfilnetTransportException => "transport_error",
        AfilnetProtocolException => "protocol_error",
        AfilnetAuthenticationException => "authentication_error",
        OperationCanceledException => "canceled",
        ArgumentException => "invalid_request",
        _ => "unexpected_error",
    };

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

    private static Expectation Transport(TransportFailureReason reason, int requests, int? status = null, bool mayHaveReached = true) => new()
    {
        Error = typeof(AfilnetTransportException),
        Reason = reason,
        Status = status,
        MayHaveReachedServer = mayHaveReached,
        Requests = requests,
    };

    private static Expectation Protocol(int requests, Action<Exception?, CaseContext>? also = null) => new()
    {
        Error = typeof(AfilnetProtocolException),
        MayHaveReachedServer = true,
        Requests = requests,
        Also = also,
    };

    private static int For(Exchange call) => call == Exchange.Read ? Reads : 1;

    private static bool Soap(WireStyle style) => style.Transport == AfilnetTransportKind.Soap;

    private static bool Json(WireStyle style) => style.Transport != AfilnetTransportKind.Soap;

    private static bool QueryString(WireStyle style) => style.UsesQueryString;

    private static bool OAuth(WireStyle style) => style.Transport == AfilnetTransportKind.OAuth2Json;

    /// <summary>
    /// Each attempt in turn: once its timeout is armed, the clock moves to one tick before it (the call must still be
    /// running), then past it. Proves the timeout fires at its deadline on the host's clock, not before.
    /// </summary>
    private static Func<CaseContext, MatrixRig, Task, Task> TimeoutEachAttempt(TimeSpan timeout, int attempts) => async (context, rig, call) =>
    {
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            // The attempt is at the server, which holds it, and its timeout is armed: only the clock can end it now.
            await context.WaitForRequestsAsync(attempt, call);
            await rig.Time.ElapseAsync(timeout, call, $"attempt {attempt}");
        }
    };

    private static List<FaultCase> Build()
    {
        var cases = new List<FaultCase>();
        var both = new[] { Exchange.Read, Exchange.Write };
        AddStatusCases(cases, both);
        AddAnswerCases(cases, both);
        AddConnectionCases(cases, both);
        AddTimeCases(cases);
        AddLimitCases(cases);
        AddHostCases(cases);
        AddSoapCases(cases);
        AddOAuthCases(cases);
        return cases;
    }

    private static void AddStatusCases(List<FaultCase> cases, Exchange[] both)
    {
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
            c.Fake.AnswerInTurn(new(503), new(200, body, type));
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
                Also = (e, _) =>
                {
                    var actual = ((AfilnetTransportException)e!).RetryAfter;
                    if (retryAfter is null)
                    {
                        Assert.Null(actual);
                    }
                    else
                    {
                        Assert.InRange(actual!.Value, retryAfter.Value - TimeSpan.FromMinutes(1), retryAfter.Value);
                    }
                },
            }));
        }

        cases.Add(new("HTTP 429 Retry-After 2 Read waits 2 s on the host clock, then succeeds", Exchange.Read, c =>
        {
            var (body, type) = c.Success(Exchange.Read);
            c.Fake.AnswerInTurn(new(429, "slow down", "text/plain", ("Retry-After", "2")), new(200, body, type));

            // An attempt timeout of another length than the wait, so the 2 s timer waited for is the wait's.
            c.Settings["Afilnet:Timeout"] = "00:00:30";
        }, _ => new() { Requests = 2 })
        {
            // The clock moves only once the 2 s wait has begun, so no attempt can time out while the network is slow.
            Drive = (_, rig, call) => rig.Time.ElapseAsync(TimeSpan.FromSeconds(2), call, "the Retry-After wait"),
        });

        // Client errors: one request, the status carried.
        foreach (var status in new[] { 400, 404, 409, 422 })
        {
            cases.Add(new($"HTTP {status} Read", Exchange.Read, c => c.Answer(status, "no", "text/plain"), _ => Transport(HttpStatus, 1, status)));
        }

        cases.Add(new("HTTP 401 on every call Read", Exchange.Read, c => c.Answer(401, "denied " + MatrixRig.EchoOfSecrets(c.Style), "text/plain"), c => c.IsOAuth
            ? new() { Error = typeof(AfilnetAuthenticationException), Status = 401, Requests = 2, Also = (_, ctx) => Assert.Equal(2, ctx.Servers.Token.AllRequests.Count) }
            : Transport(HttpStatus, 1, 401)));

        cases.Add(new("server echoes the secrets in a 500 Write", Exchange.Write, c => c.Answer(500, "error for " + MatrixRig.EchoOfSecrets(c.Style), "text/plain"), _ => Transport(HttpStatus, 1, 500) with
        {
            Also = (e, _) => Assert.Contains("***", e!.Message, StringComparison.Ordinal),
        }));

        // The server's reason phrase is text in an unknown encoding (here UTF-8 read as Latin-1): never reproduced.
        cases.Add(new("a reason phrase echoing the password Write is not reproduced", Exchange.Write, c => c.UseRaw(RawFault.ReasonPhrase, "bad password " + TestCredentials.Password), _ => Transport(HttpStatus, 1, 500) with
        {
            Also = (e, _) =>
            {
                Assert.Contains("HTTP 500 (Internal Server Error)", e!.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("bad password", e.ToString(), StringComparison.Ordinal);
                Assert.DoesNotContain("CANARY", e.ToString(), StringComparison.Ordinal);
            },
        }));

        cases.Add(new("a 1 MB error page is reported by its status, briefly Write", Exchange.Write, c => c.Answer(502, "<html>" + new string('x', 1 << 20) + "</html>", "text/html"), _ => Transport(HttpStatus, 1, 502) with
        {
            Also = (e, _) => Assert.True(e!.Message.Length < 1000, $"the message is {e.Message.Length} characters"),
        }));

        // API errors: a typed error, the code verbatim, never retried.
        foreach (var code in new[] { "NOT_ACCESS_TO_GROUP", "BRAND_NEW_CODE_42" })
        {
            cases.Add(new($"status ERROR {code} Read", Exchange.Read, c =>
            {
                var (body, type) = c.Style.RenderError("getcontacts", code);
                c.Answer(200, body, type);
            }, _ => new()
            {
                Error = typeof(AfilnetApiException),
                Requests = 1,
                Also = (e, _) => Assert.Equal(code, ((AfilnetApiException)e!).ErrorCode.Value),
            }));
        }
    }

    private static void AddAnswerCases(List<FaultCase> cases, Exchange[] both)
    {
        // Unreadable answers: a protocol error with a short scrubbed excerpt; a read may be retried.
        foreach (var call in both)
        {
            cases.Add(new($"empty 200 (WireMock EMPTY_RESPONSE) {call}", call, c => c.Answer(Response.Create().WithFault(FaultType.EMPTY_RESPONSE)), _ => Protocol(For(call))));
            cases.Add(new($"garbage body {call}", call, c => c.Answer(200, "not json, not xml {{{ <<< " + MatrixRig.EchoOfSecrets(c.Style), c.ContentType), _ => Protocol(For(call), (e, _) =>
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

        cases.Add(new("HTML page with 200 Read", Exchange.Read, c => c.Answer(200, "<html><body><h1>Maintenance</h1></body></html>", "text/html"), _ => Protocol(Reads, (e, _) =>
            Assert.Contains("Maintenance", ((AfilnetProtocolException)e!).ResponseExcerpt, StringComparison.Ordinal))));

        cases.Add(new("truncated body, complete HTTP message Read", Exchange.Read, c =>
        {
            var (body, type) = c.Success(Exchange.Read);
            c.Answer(200, body[..(body.Length / 2)], type);
        }, _ => Protocol(Reads, (e, _) => Assert.NotNull(((AfilnetProtocolException)e!).ResponseExcerpt))));

        // The probe of the one-path redesign: a result of the wrong shape is judged inside the transport call, so it is
        // retried and traced exactly like a truncated answer.
        cases.Add(new("a result of the wrong shape Read is retried like a truncated one", Exchange.Read, c => c.Answer(200, c.IsSoap
            ? SoapStyle.Envelope(new XElement(SoapStyle.Api + "getcontactsResponse", new XElement(SoapStyle.Api + "status", "SUCCESS"), new XElement(SoapStyle.Api + "result", new XElement(SoapStyle.Api + "contact", "x"))))
            : """{"status":"SUCCESS","result":"x"}""", c.ContentType), _ => Protocol(Reads)));

        cases.Add(new("a second status Read is unreadable, not last-wins", Exchange.Read, c => c.Answer(200, c.IsSoap
            ? SoapStyle.Envelope(new XElement(SoapStyle.Api + "getcontactsResponse", new XElement(SoapStyle.Api + "status", "ERROR"), new XElement(SoapStyle.Api + "status", "SUCCESS")))
            : """{"status":"ERROR","error":"NOT_ACCESS_TO_GROUP","status":"SUCCESS","result":[]}""", c.ContentType), _ => Protocol(Reads, (e, _) =>
            Assert.Contains("'status' more than once", e!.Message, StringComparison.Ordinal))));

        cases.Add(new("an id beyond the SDK's type Write is unreadable and not resent", Exchange.Write, c =>
        {
            var (body, type) = c.Style.RenderSuccess("addcontact", """{"idcontact": 99999999999999999999}""");
            c.Answer(200, body, type);
        }, _ => Protocol(1, (e, _) => Assert.Contains("idcontact", e!.Message, StringComparison.Ordinal))));

        cases.Add(new("a status with surrounding white space Read is unreadable", Exchange.Read, c => c.Answer(200, c.IsSoap
            ? SoapStyle.Envelope(new XElement(SoapStyle.Api + "getcontactsResponse", new XElement(SoapStyle.Api + "status", " SUCCESS ")))
            : """{"status":" SUCCESS ","result":[]}""", c.ContentType), _ => Protocol(Reads)));

        cases.Add(new("an answer of 2,000 contacts, above WCF's 64 KiB default, Read", Exchange.Read, c =>
        {
            var contacts = string.Join(',', Enumerable.Range(1000, 2000).Select(i => $$"""{"idcontact": {{i}}, "mobile": "34600{{i:000000}}", "name": "Contact number {{i}}"}"""));
            var (body, type) = c.Style.RenderSuccess("getcontacts", "[" + contacts + "]");
            Assert.True(Encoding.UTF8.GetByteCount(body) > 65_536);
            c.Answer(200, body, type);
        }, _ => new() { Requests = 1 }));
    }

    private static void AddConnectionCases(List<FaultCase> cases, Exchange[] both)
    {
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
        foreach (var fault in new[] { RawFault.Reset, RawFault.CloseBeforeAnswer, RawFault.GarbageThenClose, RawFault.CutMidBody })
        {
            foreach (var call in both)
            {
                cases.Add(new($"raw {fault} {call}", call, c => c.UseRaw(fault), _ => Transport(ConnectionLost, For(call))));
            }
        }
    }

    private static void AddTimeCases(List<FaultCase> cases)
    {
        // A hanging or dripping server fails the attempt at its timeout on the host's clock, not before; the total is bounded.
        foreach (var fault in new[] { RawFault.Hang, RawFault.Drip })
        {
            cases.Add(new($"raw {fault} Write times out once", Exchange.Write, c =>
            {
                c.UseRaw(fault);
                c.Settings["Afilnet:Timeout"] = "00:00:00.250";
            }, _ => Transport(TransportFailureReason.Timeout, 1))
            {
                Drive = TimeoutEachAttempt(TimeSpan.FromMilliseconds(250), 1),
            });
            cases.Add(new($"raw {fault} Read times out on every attempt (MaxRetries 1)", Exchange.Read, c =>
            {
                c.UseRaw(fault);
                c.Settings["Afilnet:Timeout"] = "00:00:00.200";
                c.Settings["Afilnet:Retry:MaxRetries"] = "1";
            }, _ => Transport(TransportFailureReason.Timeout, 2))
            {
                Drive = TimeoutEachAttempt(TimeSpan.FromMilliseconds(200), 2),
            });
        }

        cases.Add(new("total timeout shorter than the attempt timeout Read", Exchange.Read, c =>
        {
            c.UseRaw(RawFault.Hang);
            c.Settings["Afilnet:Timeout"] = "00:00:05";
            c.Settings["Afilnet:Retry:TotalTimeout"] = "00:00:00.300";
        }, _ => Transport(TransportFailureReason.Timeout, 1) with
        {
            Also = (e, _) => Assert.Contains("total timeout", e!.Message, StringComparison.Ordinal),
        })
        {
            Drive = TimeoutEachAttempt(TimeSpan.FromMilliseconds(300), 1),
        });

        cases.Add(new("an answer one tick before the attempt timeout Read is read", Exchange.Read, c =>
        {
            c.UseRaw(RawFault.HoldThenAnswer, c.Success(Exchange.Read).Body);
            c.Settings["Afilnet:Timeout"] = "00:00:00.600";
        }, _ => new() { Requests = 1 })
        {
            Drive = async (c, rig, call) =>
            {
                // At the server, so the pending 600 ms timer is the API attempt's (not the token request's).
                await c.WaitForRequestsAsync(1, call);
                await rig.Time.WaitForTimerAsync(TimeSpan.FromMilliseconds(600));
                rig.Time.Advance(TimeSpan.FromMilliseconds(600) - TimeSpan.FromTicks(1));
                c.Raw!.Release();
            },
        });

        cases.Add(new("an answer that comes after the attempt timeout Write is a timeout", Exchange.Write, c =>
        {
            c.UseRaw(RawFault.HoldThenAnswer, c.Success(Exchange.Write).Body);
            c.Settings["Afilnet:Timeout"] = "00:00:00.600";
        }, _ => Transport(TransportFailureReason.Timeout, 1))
        {
            Drive = async (c, rig, call) =>
            {
                // The server is released once the call has ended (after the drive), so its late answer finds no one.
                await c.WaitForRequestsAsync(1, call);
                await rig.Time.ElapseAsync(TimeSpan.FromMilliseconds(600), call, "the attempt");
            },
        });

        // Cancellation: the caller's token, and nothing sent after.
        cases.Add(new("caller cancels mid-request Write", Exchange.Write, c =>
        {
            c.UseRaw(RawFault.Hang);
            c.Caller = new CancellationTokenSource();
        }, _ => new() { Error = typeof(OperationCanceledException), Requests = 1 })
        {
            Drive = async (c, _, call) =>
            {
                await c.WaitForRequestsAsync(1, call);
                await c.Caller!.CancelAsync();
            },
        });
        cases.Add(new("caller cancels during backoff Read", Exchange.Read, c =>
        {
            c.Answer(503, "busy", "text/plain");
            c.Settings["Afilnet:Retry:RetryDelay"] = "00:00:05";
            c.Settings["Afilnet:Retry:MaxRetryDelay"] = "00:00:10";
            c.Caller = new CancellationTokenSource();
        }, _ => new() { Error = typeof(OperationCanceledException), Requests = 1 })
        {
            // The retry is announced (logged) before its wait starts: cancel then, while the clock stands still.
            Drive = async (c, rig, _) =>
            {
                await rig.WaitForLogAsync("retrying");
                await c.Caller!.CancelAsync();
            },
        });
        cases.Add(new("a token cancelled before the call Write sends nothing", Exchange.Write, c =>
        {
            c.Caller = new CancellationTokenSource();
            c.Caller.Cancel();
        }, _ => new() { Error = typeof(OperationCanceledException), Requests = 0 }));
    }

    private static void AddLimitCases(List<FaultCase> cases)
    {
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

        cases.Add(new("a chunked answer that never ends Read is refused at MaxResponseBytes", Exchange.Read, c =>
        {
            c.UseRaw(RawFault.ChunkedForever);
            c.Settings["Afilnet:MaxResponseBytes"] = "65536";
        }, _ => Transport(ResponseTooLarge, 1, 200)));

        cases.Add(new("nesting 100,000 deep Read", Exchange.Read, c => c.Answer(200, Nested(c, 100_000), c.ContentType), _ => Protocol(Reads)));

        // JSON depth: 64 levels are read, 65 are refused (before any deep recursion).
        cases.Add(new("JSON nested exactly MaxJsonDepth deep Read", Exchange.Read, c => c.Answer(200, Nested(c, AfilnetOptions.MaxJsonDepth), c.ContentType), _ => new() { Requests = 1 }, Json));
        cases.Add(new("JSON nested MaxJsonDepth + 1 deep Read", Exchange.Read, c => c.Answer(200, Nested(c, AfilnetOptions.MaxJsonDepth + 1), c.ContentType), _ => Protocol(Reads), Json));

        // GET URL limit: at the limit it is sent; one character over it is refused before sending, suggesting a POST transport.
        cases.Add(new("URL of exactly MaxUrlLength Write", Exchange.Write, _ => { }, _ => new() { Requests = 1 }, QueryString)
        {
            ArrangeAsync = async c => c.Settings["Afilnet:MaxUrlLength"] = (await MeasureUrlAsync(c)).ToString(CultureInfo.InvariantCulture),
        });
        cases.Add(new("URL of MaxUrlLength + 1 Write", Exchange.Write, _ => { }, _ => new()
        {
            Error = typeof(AfilnetRequestTooLargeException),
            Requests = 0,
            Also = (e, _) => Assert.Contains("POST transport", e!.Message, StringComparison.Ordinal),
        }, QueryString)
        {
            ArrangeAsync = async c => c.Settings["Afilnet:MaxUrlLength"] = (await MeasureUrlAsync(c) - 1).ToString(CultureInfo.InvariantCulture),
        });

        cases.Add(new("20 concurrent reads share one client", Exchange.Read, c => c.Answer(200, c.Success(Exchange.Read).Body, c.ContentType), _ => new() { Requests = 20 })
        {
            Act = async (_, api, _, ct) =>
            {
                var lists = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => api.GetContactsAsync(new GroupId(1), ct)));
                Assert.All(lists, l => Assert.Equal("Ana", Assert.Single(l).Fields["name"]));
            },
        });
    }

    private static void AddHostCases(List<FaultCase> cases)
    {
        // What a host registers around every HttpClient sits outside the SDK's policy: it cannot put a write on the wire twice.
        cases.Add(new("a host handler that sends every request twice Write reaches the server once", Exchange.Write, c =>
        {
            c.Answer(200, c.Success(Exchange.Write).Body, c.ContentType);
            c.Services = s => s.ConfigureHttpClientDefaults(b => b.AddHttpMessageHandler(() => new SendTwiceHandler()));
        }, c => c.IsOAuth
            ? new()
            {
                // The token request is the first the handler sends twice: no token, so no API call at all. A failed
                // token request is retried as a read is (the call was not sent), and each attempt is sent once.
                Error = typeof(AfilnetAuthenticationException),
                MayHaveReachedServer = false,
                Requests = 0,
                Also = (e, ctx) =>
                {
                    Assert.Equal(ResendRefused, Assert.IsType<AfilnetTransportException>(e!.InnerException).Reason);
                    Assert.Equal(Reads, ctx.Servers.Token.AllRequests.Count);
                },
            }
            : Transport(ResendRefused, 1)));

        cases.Add(new(".NET Aspire's standard resilience handler, write answered 503, reaches the server once", Exchange.Write, c =>
        {
            c.Answer(503, "busy", "text/plain");
            c.Services = s => s.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler());
        }, _ => Transport(HttpStatus, 1, 503)));

        cases.Add(new(".NET Aspire's standard resilience handler, write answered late, reaches the server once", Exchange.Write, c =>
        {
            c.UseRaw(RawFault.Hang);
            c.Settings["Afilnet:Timeout"] = "00:01:00";
            c.Settings["Afilnet:Retry:TotalTimeout"] = "00:05:00";
            // Its defaults but for the backoff's jitter, so the test knows the wait to move the clock by.
            c.Services = s => s.ConfigureHttpClientDefaults(b => b.AddStandardResilienceHandler(o =>
            {
                o.Retry.UseJitter = false;
                o.Retry.BackoffType = DelayBackoffType.Constant;
                o.Retry.Delay = TimeSpan.FromSeconds(2);
            }));
        }, _ => Transport(ResendRefused, 1))
        {
            // Its 10 s attempt timeout (on the host's clock) ends the first send; its retry, after its 2 s backoff, is
            // refused by the SDK's policy.
            Drive = async (c, rig, call) =>
            {
                await c.WaitForRequestsAsync(1, call);
                await rig.Time.ElapseAsync(TimeSpan.FromSeconds(10), call, "the standard handler's attempt");
                await rig.Time.ElapseAsync(TimeSpan.FromSeconds(2), call, "the standard handler's backoff");
            },
        });
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

        cases.Add(new("SOAP 500 with an envelope that is not a Fault Write", Exchange.Write, c =>
        {
            var (body, type) = c.Success(Exchange.Write);
            c.Answer(500, body, type);
        }, _ => Transport(HttpStatus, 1, 500), Soap));

        foreach (var (label, doctype, status) in new[]
        {
            ("an external entity", """<!DOCTYPE e [<!ENTITY xxe SYSTEM "{0}">]>""", "&xxe;"),
            ("an external DTD", """<!DOCTYPE e SYSTEM "{0}">""", "SUCCESS"),
            ("a parameter entity", """<!DOCTYPE e [<!ENTITY % p SYSTEM "{0}"> %p;]>""", "SUCCESS"),
        })
        {
            cases.Add(new($"SOAP reply with a DTD and {label} Read", Exchange.Read, c =>
            {
                var envelope = SoapStyle.Envelope(new XElement(api + "getcontactsResponse", new XElement(api + "status", "STATUS")));
                var declaration = string.Format(CultureInfo.InvariantCulture, doctype, new Uri(c.Servers.Other.BaseAddress, "evil.dtd"));
                envelope = envelope.Insert(envelope.IndexOf("?>", StringComparison.Ordinal) + 2, declaration).Replace("STATUS", status, StringComparison.Ordinal);
                c.Answer(200, envelope, c.ContentType);
            }, _ => Protocol(Reads, (e, c) =>
            {
                Assert.Contains("DTD", e!.Message, StringComparison.Ordinal);
                Assert.Empty(c.Servers.Other.AllRequests);
            }), Soap));
        }

        cases.Add(new("XML nested exactly MaxXmlDepth deep Read", Exchange.Read, c => c.Answer(200, Nested(c, AfilnetOptions.MaxXmlDepth), c.ContentType), _ => new() { Requests = 1 }, Soap));
        cases.Add(new("XML nested MaxXmlDepth + 1 deep Read", Exchange.Read, c => c.Answer(200, Nested(c, AfilnetOptions.MaxXmlDepth + 1), c.ContentType), _ => Protocol(Reads), Soap));
    }

    private static void AddOAuthCases(List<FaultCase> cases)
    {
        // A failed token request is retried as a read is, for any operation (the call was not sent): transient faults
        // and unreadable answers Reads times, a refused client once.
        foreach (var (label, status, type, body, oauthError, tokenRequests) in new (string, int, string, string, string?, int)[]
        {
            ("503", 503, "text/plain", "down", null, Reads),
            ("HTML page", 200, "text/html", "<html>login</html>", null, Reads),
            ("bad JSON", 200, "application/json", "{\"access_token\":", null, Reads),
            ("400 invalid_client", 400, "application/json", "{\"error\":\"invalid_client\",\"error_description\":" + System.Text.Json.JsonSerializer.Serialize("bad secret " + MatrixRig.ClientSecret) + "}", "invalid_client", 1),
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
                Also = (e, c) =>
                {
                    Assert.Equal(oauthError, ((AfilnetAuthenticationException)e!).OAuthError);
                    Assert.Equal(tokenRequests, c.Servers.Token.AllRequests.Count);
                },
            }, OAuth));
        }

        cases.Add(new("token endpoint 503 once Write: the token request is retried, the write sent once", Exchange.Write, c =>
        {
            c.Servers.Token.Server.Reset();
            c.Servers.Token.Server.Given(Request.Create().UsingAnyMethod()).InScenario("token").WillSetStateTo("up")
                .RespondWith(Response.Create().WithStatusCode(503).WithBody("down"));
            c.Servers.Token.Server.Given(Request.Create().UsingAnyMethod()).InScenario("token").WhenStateIs("up")
                .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(OAuth2JsonStyle.TokenAnswer()));
            c.Answer(200, c.Success(Exchange.Write).Body, c.ContentType);
        }, _ => new() { Requests = 1, Also = (_, c) => Assert.Equal(2, c.Servers.Token.AllRequests.Count) }, OAuth));

        foreach (var status in new[] { 301, 302, 303, 307, 308 })
        {
            cases.Add(new($"token endpoint redirect {status} Read, no API call, the other host gets nothing", Exchange.Read, c =>
            {
                c.Servers.Token.Server.Reset();
                c.Servers.Token.Server.Given(Request.Create().UsingAnyMethod())
                    .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Location", new Uri(c.Servers.Other.BaseAddress, "token").AbsoluteUri));
                c.Answer(200, c.Success(Exchange.Read).Body, c.ContentType);
            }, _ => new()
            {
                Error = typeof(AfilnetAuthenticationException),
                Status = status,
                MayHaveReachedServer = false,
                Requests = 0,
                Also = (e, c) =>
                {
                    Assert.Equal(Redirect, Assert.IsType<AfilnetTransportException>(e!.InnerException).Reason);
                    Assert.Contains($"HTTP {status} redirecting to 127.0.0.1", e.Message, StringComparison.Ordinal);
                    Assert.Empty(c.Servers.Other.AllRequests);
                },
            }, OAuth));
        }

        cases.Add(new("token endpoint refused Read, no API call", Exchange.Read, c =>
        {
            c.Settings["Afilnet:TokenEndpoint"] = $"http://127.0.0.1:{ClosedPort()}/api/oauth2/token";
            c.Answer(200, c.Success(Exchange.Read).Body, c.ContentType);
        }, _ => new() { Error = typeof(AfilnetAuthenticationException), MayHaveReachedServer = false, Requests = 0 }, OAuth));

        cases.Add(new("token endpoint hangs Read: the token request times out on the host clock, no API call", Exchange.Read, c =>
        {
            c.TokenRaw = new FaultyServer(RawFault.Hang);
            c.Settings["Afilnet:TokenEndpoint"] = new Uri(c.TokenRaw.BaseAddress, "api/oauth2/token").AbsoluteUri;
            c.Answer(200, c.Success(Exchange.Read).Body, c.ContentType);
            c.Settings["Afilnet:Timeout"] = "00:00:00.500";
            c.Settings["Afilnet:Retry:MaxRetries"] = "0";
        }, _ => new()
        {
            Error = typeof(AfilnetAuthenticationException),
            MayHaveReachedServer = false,
            Requests = 0,
            Also = (e, _) => Assert.Equal(TransportFailureReason.Timeout, Assert.IsType<AfilnetTransportException>(e!.InnerException).Reason),
        }, OAuth)
        {
            Drive = async (c, rig, call) =>
            {
                // The token request is at the server, which holds it: only the clock can end it now.
                await c.TokenRaw!.WaitForRequestsAsync(1, call);
                await rig.Time.ElapseAsync(TimeSpan.FromMilliseconds(500), call, "the token request");
                Assert.Equal(1, c.TokenRaw!.Requests);
            },
        });

        cases.Add(new("API 401 once Write, one refresh and one replay", Exchange.Write, c =>
        {
            var (body, type) = c.Success(Exchange.Write);
            c.Fake.AnswerInTurn(new(401), new(200, body, type));
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
        var (body, type) = context.Style.RenderSuccess("getgroupcolumns", """["mobile"]""");
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
        using (var probe = new MatrixRig(context.Style, context.BaseAddress, context.Servers.Token.BaseAddress, TestClients.NewClock()))
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

    /// <summary>A host-wide handler that sends each request, then sends it again (a naive retry): what the SDK must refuse.</summary>
    private sealed class SendTwiceHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using (await base.SendAsync(request, cancellationToken))
            {
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
