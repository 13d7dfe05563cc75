using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;
using Afilnet.Contacts.Tests.Contract;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Tests.OAuth2;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Sdk;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// "Only SDK exception types leave the public API, whatever bytes the server sends" (issue 12): every style of
/// <see cref="WireStyles.All"/> calls the twelve methods against random and mutated answers (and, for OAuth2Json, random
/// and mutated token answers) from the in-memory handler; each call must end, and either succeed or fail with one of
/// <see cref="PublicFailures.AfterSending"/>, the list in docs/errors.md. A failure prints the case (raw bytes as
/// <c>\xNN</c>, ready for a regression test) and FsCheck's seed to replay the run.
/// </summary>
public sealed class HostileAnswerProperties
{
    /// <summary>Cases per transport: every generator branch is hit many times, and a transport runs in about a second.</summary>
    public const int CasesPerTransport = 400;

    [Theory]
    [MemberData(nameof(WireStyles.Names), MemberType = typeof(WireStyles))]
    public void Only_SDK_exceptions_leave_the_API_whatever_the_server_answers(string styleName)
    {
        var style = WireStyles.Get(styleName);
        var outcomes = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(CasesPerTransport).WithQuietOnSuccess(true),
            Prop.ForAll(Arb.From(HostileAnswers.Cases(style)), hostile =>
            {
                var outcome = Task.Run(() => CheckAsync(style, hostile)).GetAwaiter().GetResult();
                lock (outcomes)
                {
                    outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
                }
            }));

        // Reported, not asserted: how the cases ended, and how long the transport took.
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{styleName}: {CasesPerTransport} cases in {watch.Elapsed.TotalSeconds:0.00} s; " +
            string.Join(", ", outcomes.OrderByDescending(o => o.Value).Select(o => $"{o.Key} {o.Value}")));
    }

    [Fact]
    public void The_check_rejects_framework_exceptions_a_wrong_method_and_a_false_account_of_the_exchange()
    {
        foreach (var framework in new Exception[]
        {
            new InvalidOperationException("x"), new FormatException("x"), new OverflowException("x"), new XmlException("x"),
            new KeyNotFoundException("x"), new JsonException("x"), new ArgumentException("x"), new HttpRequestException("x"),
        })
        {
            Assert.IsAssignableFrom<XunitException>(Record.Exception(() => PublicFailures.AssertAllowed(framework, "getcontacts", apiCallReceived: false)));
        }

        var protocol = new AfilnetProtocolException("x", "getcontacts");
        Assert.IsAssignableFrom<XunitException>(Record.Exception(() => PublicFailures.AssertAllowed(protocol, "deletegroup", apiCallReceived: true)));

        // The server got the call, yet the error would say it provably never left: a write would be sent twice.
        var neverSent = new AfilnetAuthenticationException("x", "getcontacts", requestMayHaveReachedServer: false);
        Assert.IsAssignableFrom<XunitException>(Record.Exception(() => PublicFailures.AssertAllowed(neverSent, "getcontacts", apiCallReceived: true)));

        // The in-memory handler answered in full: a broken connection is a framework exception the SDK wrapped blindly.
        var blamed = new AfilnetTransportException("x", TransportFailureReason.ConnectionLost, "getcontacts");
        Assert.IsAssignableFrom<XunitException>(Record.Exception(() => PublicFailures.AssertAllowed(blamed, "getcontacts", apiCallReceived: true)));
        var wrapped = new AfilnetAuthenticationException("x", "getcontacts", innerException: new FormatException("x"));
        Assert.IsAssignableFrom<XunitException>(Record.Exception(() => PublicFailures.AssertAllowed(wrapped, "getcontacts", apiCallReceived: false)));

        PublicFailures.AssertAllowed(null, "getcontacts", apiCallReceived: true);
        PublicFailures.AssertAllowed(protocol, "getcontacts", apiCallReceived: true);
        PublicFailures.AssertAllowed(neverSent, "getcontacts", apiCallReceived: false);
    }

    [Fact]
    public async Task The_check_fails_a_call_that_throws_a_framework_exception_or_never_ends()
    {
        var throwing = ThrowingApi.Create(new InvalidOperationException("Nullable object must have a value."));
        var contract = ContractCases.Get("getcontacts");
        var failure = await PublicFailures.CallAsync(ct => contract.Invoke(throwing, ct), ChangeSignal.HangGuard);
        Assert.IsType<InvalidOperationException>(failure);
        Assert.IsAssignableFrom<XunitException>(Record.Exception(() => PublicFailures.AssertAllowed(failure, "getcontacts", apiCallReceived: true)));

        var never = new TaskCompletionSource<object?>();
        var hang = await Record.ExceptionAsync(() => PublicFailures.CallAsync(_ => never.Task, TimeSpan.Zero));
        Assert.Contains("did not end", Assert.IsAssignableFrom<XunitException>(hang).Message, StringComparison.Ordinal);
    }

    /// <summary>Runs one case on a new client (a token from an earlier case would hide the token endpoint) and names its outcome.</summary>
    private static async Task<string> CheckAsync(WireStyle style, HostileCase hostile)
    {
        var outcome = await CheckAsync(style, hostile, ContractCases.Get(hostile.Method));
        if (hostile.Method == "getcontacts")
        {
            // The streaming listing reads the same answers its own way: it must fail only as the SDK's errors too.
            await CheckAsync(style, hostile, ContractCases.StreamedListing);
        }

        return outcome;
    }

    private static async Task<string> CheckAsync(WireStyle style, HostileCase hostile, ContractCase contract)
    {
        var apiCalls = 0;
        var tokenRequests = 0;
        var handler = new ScriptedHandler(received =>
        {
            if (OAuthRig.IsTokenRequest(received.Request.RequestUri))
            {
                // The n-th token request gets the n-th answer, the last one repeated; none scripted means a valid token.
                var tokens = hostile.Tokens;
                return (tokens.Count == 0 ? HostileAnswer.ValidToken : tokens[Math.Min(Interlocked.Increment(ref tokenRequests) - 1, tokens.Count - 1)]).ToResponse();
            }

            Interlocked.Increment(ref apiCalls);
            return hostile.Api.ToResponse();
        });
        using var api = TestClients.Create(style, ScriptedHandler.BaseAddress, handler: handler);
        var failure = await PublicFailures.CallAsync(ct => contract.Invoke(api, ct), ChangeSignal.HangGuard);
        PublicFailures.AssertAllowed(failure, hostile.Method, Volatile.Read(ref apiCalls) > 0);
        return failure switch
        {
            null => "success",
            AfilnetTransportException transport => $"{transport.Reason}",
            _ => failure.GetType().Name.Replace("Afilnet", string.Empty, StringComparison.Ordinal).Replace("Exception", string.Empty, StringComparison.Ordinal),
        };
    }

    /// <summary>An <see cref="IContactsApi"/> whose every method fails with one exception: what a broken SDK would do.</summary>
    public class ThrowingApi : DispatchProxy
    {
        private Exception _failure = new InvalidOperationException();

        public static IContactsApi Create(Exception failure)
        {
            var api = DispatchProxy.Create<IContactsApi, ThrowingApi>();
            ((ThrowingApi)(object)api)._failure = failure;
            return api;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            // Task and Task<T> alike: a faulted task of the method's own return type.
            var returnType = targetMethod!.ReturnType;
            if (returnType == typeof(Task))
            {
                return Task.FromException(_failure);
            }

            var fromException = typeof(Task).GetMethod(nameof(Task.FromException), 1, [typeof(Exception)])!;
            return fromException.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, [_failure]);
        }
    }
}

/// <summary>
/// What the public API may throw once a call is under way with valid input, on a client not disposed and not cancelled:
/// the SDK's own exceptions, and nothing else. This is the last section of the list in docs/errors.md; the one place
/// the tests keep it.
/// </summary>
public static class PublicFailures
{
    /// <summary>The exception types a sent call may fail with (docs/errors.md, "After sending").</summary>
    public static IReadOnlyList<Type> AfterSending { get; } =
    [
        typeof(AfilnetApiException),
        typeof(AfilnetTransportException),
        typeof(AfilnetProtocolException),
        typeof(AfilnetAuthenticationException),
    ];

    /// <summary>Runs <paramref name="call"/> and returns how it failed (null on success); fails the test if it does not end within <paramref name="hangGuard"/>.</summary>
    public static async Task<Exception?> CallAsync(Func<CancellationToken, Task<object?>> call, TimeSpan hangGuard)
    {
        var task = call(TestContext.Current.CancellationToken);
        try
        {
            // A guard against a hang, never a measure: a healthy call over the in-memory handler ends at once.
            await task.WaitAsync(hangGuard);
            return null;
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new XunitException($"The call did not end within {hangGuard.TotalSeconds} s.");
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>
    /// Asserts <paramref name="failure"/> is null or one of <see cref="AfterSending"/> for <paramref name="method"/>, and
    /// that it tells the truth about the exchange: it does not claim the request never left when the server received it,
    /// and, the in-memory handler having answered at once and in full, it blames no connection, timeout or resend (that is
    /// a framework exception in disguise). Inner exceptions are the SDK's own too.
    /// </summary>
    public static void AssertAllowed(Exception? failure, string method, bool apiCallReceived)
    {
        if (failure is null)
        {
            return;
        }

        if (!AfterSending.Contains(failure.GetType()))
        {
            throw new XunitException($"'{method}' failed with {failure.GetType().FullName}, which is not an SDK exception: {failure}");
        }

        var sdk = (AfilnetException)failure;
        Assert.Equal(method, sdk.Method);
        Assert.False(string.IsNullOrWhiteSpace(sdk.Message), "an SDK exception says what happened");
        if (apiCallReceived && !sdk.RequestMayHaveReachedServer)
        {
            throw new XunitException($"'{method}' reached the server, yet {sdk.GetType().Name} says it provably did not: {sdk.Message}");
        }

        for (Exception? current = failure; current is not null; current = current.InnerException)
        {
            if (current is not AfilnetException)
            {
                throw new XunitException($"'{method}' failed with {failure.GetType().Name} wrapping the framework's {current.GetType().FullName}: {failure}");
            }

            if (current is AfilnetTransportException { Reason: TransportFailureReason.ConnectionFailed or TransportFailureReason.ConnectionLost or TransportFailureReason.Timeout or TransportFailureReason.ResendRefused } blamed)
            {
                throw new XunitException($"'{method}' got a whole answer, yet failed with {blamed.Reason}: {failure}");
            }
        }
    }
}

/// <summary>One HTTP answer the in-memory handler gives, built anew for each request (the SDK disposes what it reads).</summary>
/// <param name="Status">The status, 100 to 999.</param>
/// <param name="ContentType">The raw <c>Content-Type</c> value, or none.</param>
/// <param name="Body">The body bytes.</param>
/// <param name="Headers">Extra response or content headers, added without validation.</param>
public sealed record HostileAnswer(int Status, string? ContentType, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public static HostileAnswer ValidToken { get; } = new(200, "application/json", Encoding.UTF8.GetBytes(OAuth2JsonStyle.TokenAnswer()), []);

    public HttpResponseMessage ToResponse()
    {
        var response = new HttpResponseMessage((HttpStatusCode)Status) { Content = new ByteArrayContent(Body) };
        if (ContentType is not null)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }

        foreach (var (name, value) in Headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    /// <summary>Everything needed to replay the answer in a regression test; non-ASCII bytes as \xNN.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(FormattableString.Invariant($"HTTP {Status}, Content-Type {ContentType ?? "none"}"));
        foreach (var (name, value) in Headers)
        {
            text.Append(", ").Append(name).Append(": ").Append(Escape(Encoding.UTF8.GetBytes(value)));
        }

        text.Append(CultureInfo.InvariantCulture, $", {Body.Length} bytes: \"{Escape(Body.AsSpan(0, Math.Min(Body.Length, 3000)))}\"{(Body.Length > 3000 ? "…" : string.Empty)}");
        return text.ToString();
    }

    private static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'\\' and not (byte)'"')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return text.ToString();
    }
}

/// <summary>
/// A method and what the server answers it; for OAuth2Json also what the token endpoint answers its successive requests
/// (the last answer repeated; a valid token when there are none).
/// </summary>
public sealed record HostileCase(string Method, HostileAnswer Api, IReadOnlyList<HostileAnswer> Tokens)
{
    public override string ToString() => $"{Method}: API {Api}" + string.Concat(Tokens.Select((t, i) => $"; token request {i}: {t}"));
}

/// <summary>
/// The generators: random bytes, and answers of each style's format (from <see cref="WireStyle.RenderSuccess"/> and
/// <see cref="WireStyle.RenderError"/>, or built from protocol.md's shapes) with hostile parts and flipped, cut,
/// duplicated or inserted bytes; odd statuses, content types and headers.
/// </summary>
public static class HostileAnswers
{
    private const string Env = "http://schemas.xmlsoap.org/soap/envelope/";
    private const string Api = "https://www.afilnet.com/api/soap/";

    private static readonly string[] Methods = [.. ContractCases.All.Select(c => c.Method)];

    private static readonly string[] Documented = [.. ContractCases.DocumentedCodes];

    private static readonly string[] Codes = [.. ContractCases.DocumentedCodes, "", "UNKNOWN_CODE", "not a code", "CODE\r\nX: 1", new string('E', 5000)];

    private static readonly int[] OddStatuses =
        [100, 101, 102, 103, 199, 201, 202, 203, 204, 205, 206, 226, 299, 300, 301, 302, 303, 304, 305, 306, 307, 308, 399,
         400, 401, 403, 404, 405, 408, 409, 413, 414, 418, 429, 499, 500, 501, 502, 503, 504, 505, 511, 599, 600, 799, 999];

    private static readonly string?[] JsonContentTypes =
        [null, "text/plain", "text/html; charset=utf-8", "application/json; charset=utf-16", "application/json; charset=bogus",
         "application/json; charset=\"utf-8\"", "text/xml; charset=utf-8", "application/octet-stream", "garbage;;==", "", "application/problem+json"];

    private static readonly string?[] SoapContentTypes =
        [null, "text/xml", "TEXT/XML; CHARSET=UTF-8", "text/xml; charset=utf-16", "text/xml; charset=bogus", "text/xml; charset=\"utf-8\"",
         "application/soap+xml; charset=utf-8", "text/html", "application/json", "multipart/related; type=\"application/xop+xml\"", "garbage;;==", ""];

    private static readonly (string Name, string[] Values)[] OddHeaders =
    [
        ("Retry-After", ["0", "5", "-1", "99999999999999999999", "abc", "Wed, 21 Oct 2015 07:28:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", ""]),
        ("Location", ["https://elsewhere.test/x", "/relative", "http://user:CANARY@evil.test/", "::not a uri::", "", "javascript:alert(1)"]),
        ("Content-Length", ["0", "1", "3", "99999999999", "-1", "abc"]),
        ("Content-Encoding", ["gzip", "br", "identity, gzip"]),
        ("Transfer-Encoding", ["chunked", "gzip, chunked"]),
        ("WWW-Authenticate", ["Bearer error=\"invalid_token\"", "Basic", "garbage \""]),
        ("Set-Cookie", ["a=b; Path=/", "=;;"]),
        ("Content-Type", ["text/xml", "application/json"]),
        ("X-Odd", ["\u00e9\u00ff", "a\tb", new string('h', 10000)]),
    ];

    // JSON values as text (escapes already written as JSON would hold them).
    private static readonly string[] HostileJsonStrings =
        ["\"\"", "\" \"", "\"SUCCESS\"", "\"ERROR\"", "\"success\"", "\"Success \"", "\"OK\"", "\"null\"", "\"\\u0000\"", "\"\\ud800\"",
         "\"\\udfff\\ud800\"", "\"\\u00e9\"", "\"é中😀\"", "\"\\n\\r\"", "\"\\\"\"", "\"\\x41\"", "\"\\u12\"", "\"12\"", "\"-1\"", "\" 12\"",
         "\"١٢\"", "\"1e3\"", "\"+1\"", "\"0x10\"", "\"9223372036854775808\"", "\"NOT_ACCESS_TO_GROUP\"", "\"" + new string('x', 5000) + "\"", "'single'"];

    private static readonly string[] HostileJsonNumbers =
        ["0", "-0", "1", "-1", "1000", "1.5", "1e3", "1E+400", "-1e400", "123456789012345678901234567890", "9223372036854775807",
         "9223372036854775808", "-9223372036854775809", "2147483647", "2147483648", "0.0000001", "01", "+1", ".5", "NaN", "Infinity", "0x10", "1_000"];

    private static readonly string[] JsonScalars = [.. HostileJsonStrings, .. HostileJsonNumbers, "true", "false", "null", "undefined", ""];

    private static readonly string[] MemberNames =
        ["status", "error", "result", "Status", "RESULT", "idgroup", "idcontact", "added", "mobile", "name", "", "x", "\\u0073tatus", "st\\u0000atus"];

    private static readonly string[] XmlTexts =
        ["SUCCESS", "ERROR", "success", "", " SUCCESS ", "SUC<!-- -->CESS", "<![CDATA[SUCCESS]]>", "&#83;UCCESS", "&undefined;", "&#0;", "&#xD800;",
         "&amp;&lt;", "<a:x/>", "<a:x>1</a:x>", "12", " 12", "-1", "١٢", "1e3", "9223372036854775808", "123456789012345678901234567890",
         "<?pi x?>1", "\u00e9", "NOT_ACCESS_TO_GROUP", new string('x', 5000), "&#x1F600;", "\t1\n"];

    private static readonly string[] Prologs =
        ["", "<?xml version=\"1.1\"?>", "<?xml version=\"1.0\" encoding=\"utf-16\"?>", "<?xml version=\"1.0\" encoding=\"bogus\"?>",
         "\uFEFF<?xml version=\"1.0\" encoding=\"utf-8\"?>", " <?xml version=\"1.0\"?>", "<?xml version=\"2.0\"?>", "<!-- c --><?xml version=\"1.0\"?>",
         "<?xml version=\"1.0\" standalone=\"yes\"?><!-- c --><?pi x?>"];

    private static readonly string[] Doctypes =
        ["<!DOCTYPE Envelope [<!ENTITY x \"boom\">]>",
         "<!DOCTYPE Envelope SYSTEM \"http://127.0.0.1:9/evil.dtd\">",
         "<!DOCTYPE Envelope [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>",
         "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\"><!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"];

    private static readonly string[] SoapHeaders =
        ["<soap:Header/>", "<soap:Header><x:Security xmlns:x=\"urn:x\" soap:mustUnderstand=\"1\"/></soap:Header>",
         "<soap:Header><a:status>ERROR</a:status></soap:Header>", "<soap:Header>text</soap:Header>", "<soap:Header><soap:Header/></soap:Header>"];

    private static readonly string[] Faults =
        ["<soap:Fault><faultcode>soap:Server</faultcode><faultstring>boom</faultstring></soap:Fault>",
         "<soap:Fault><faultcode>x:Server</faultcode><faultstring>undeclared prefix</faultstring></soap:Fault>",
         "<soap:Fault><faultcode></faultcode><faultstring></faultstring></soap:Fault>",
         "<soap:Fault><faultcode>soap:Client</faultcode></soap:Fault>",
         "<soap:Fault><faultstring>no code</faultstring></soap:Fault>",
         "<soap:Fault/>",
         "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>&#0;</faultstring></soap:Fault>",
         "<soap:Fault><faultcode>soap:Server</faultcode><faultstring xml:lang=\"zz\">x</faultstring><detail><a:x><a:x><a:x/></a:x></a:x></detail></soap:Fault>",
         "<soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason><soap:Text>1.2 shape</soap:Text></soap:Reason></soap:Fault>",
         "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>" + new string('f', 70000) + "</faultstring></soap:Fault>",
         "<soap:Fault><faultcode>soap:Server</faultcode><faultstring>a</faultstring><faultstring>b</faultstring></soap:Fault>",
         "<x:Fault xmlns:x=\"urn:x\"><faultcode>soap:Server</faultcode></x:Fault>",
         "<soap:Fault><faultcode> soap:Server </faultcode><faultstring><b>markup</b></faultstring></soap:Fault>"];

    private static readonly byte[][] InvalidUtf8 =
        [[0xFF], [0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xF0, 0x9F, 0x98], [0x00]];

    /// <summary>The cases of one style: a method, the answer to its API call, and for OAuth2Json the token endpoint's.</summary>
    public static Gen<HostileCase> Cases(WireStyle style) =>
        from method in Gen.Elements(Methods)
        from api in ApiAnswer(style, method)
        from tokens in style.Transport == AfilnetTransportKind.OAuth2Json ? TokenAnswers : Gen.Constant<IReadOnlyList<HostileAnswer>>([])
        from chosen in tokens.Count switch
        {
            0 => Gen.Constant(api),
            1 => Gen.Frequency((1, Gen.Constant(api)), (1, Valid(style, method))),

            // A valid first token the API refuses (401), then a hostile answer to the refresh.
            _ => Gen.Constant(api with { Status = 401 }),
        }
        select new HostileCase(method, chosen, tokens);

    /// <summary>
    /// Of the OAuth2Json cases, two in five break the token endpoint (the API answer then valid half the time), and one
    /// in five breaks the refresh after the API refused the first token.
    /// </summary>
    private static Gen<IReadOnlyList<HostileAnswer>> TokenAnswers => Gen.Frequency(
        (2, Gen.Constant<IReadOnlyList<HostileAnswer>>([])),
        (2, TokenAnswer.Select(t => (IReadOnlyList<HostileAnswer>)[t])),
        (1, TokenAnswer.Select(t => (IReadOnlyList<HostileAnswer>)[HostileAnswer.ValidToken, t])));

    private static Gen<HostileAnswer> Valid(WireStyle style, string method) =>
        Gen.Constant(Answer(200, style.AnswerContentType, Utf8(style.RenderSuccess(method, ContractCases.Get(method).ResultJson).Body)));

    private static Gen<HostileAnswer> ApiAnswer(WireStyle style, string method)
    {
        var soap = style.Transport == AfilnetTransportKind.Soap;
        var body = Gen.Frequency(
            (1, RandomBytes),
            (2, ValidText(style, method).Select(Utf8)),
            (5, (soap ? SoapText(method) : JsonText(method)).Select(Utf8)),
            (4, (soap ? SoapText(method) : JsonText(method)).SelectMany(t => ByteMutations(Utf8(t)))),
            (3, ValidText(style, method).SelectMany(t => ByteMutations(Utf8(t)))),
            (1, from text in ValidText(style, method)
                from encoding in Gen.Elements<Encoding>(Encoding.Unicode, Encoding.BigEndianUnicode, Encoding.UTF32)
                from bom in Gen.Elements(true, false)
                select (bom ? encoding.GetPreamble() : []).Concat(encoding.GetBytes(text)).ToArray()));
        var status = soap
            ? Gen.Frequency((10, Gen.Constant(200)), (3, Gen.Constant(500)), (2, Gen.Elements(OddStatuses)), (1, Gen.Choose(100, 999)))
            : Gen.Frequency((12, Gen.Constant(200)), (2, Gen.Elements(OddStatuses)), (1, Gen.Choose(100, 999)));
        var contentType = Gen.Frequency((8, Gen.Constant<string?>(style.AnswerContentType)), (1, Gen.Elements(soap ? SoapContentTypes : JsonContentTypes)));
        return from s in status from c in contentType from b in body from h in Headers select new HostileAnswer(s, c, b, h);
    }

    /// <summary>A success or error answer exactly as the style renders it, possibly for another method.</summary>
    private static Gen<string> ValidText(WireStyle style, string method) =>
        from answeredFor in Gen.Frequency((5, Gen.Constant(method)), (1, Gen.Elements(Methods)))
        from success in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
        from code in Gen.Elements(Codes)
        select success
            ? style.RenderSuccess(answeredFor, ContractCases.Get(answeredFor).ResultJson).Body
            : style.RenderError(answeredFor, code.Length > 0 ? code.Replace("\r\n", " ", StringComparison.Ordinal) : "MISSING_USER").Body;

    private static Gen<byte[]> RandomBytes => Gen.Frequency(
        (3, Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf()),
        (1, from prefix in Gen.Elements("{\"status\":", "<?xml version=\"1.0\"?>", "<soap:Envelope", "[", "\"")
            from rest in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf()
            select Utf8(prefix).Concat(rest).ToArray()));

    private static Gen<IReadOnlyList<KeyValuePair<string, string>>> Headers =>
        Gen.Frequency(
            (4, Gen.Constant<IReadOnlyList<KeyValuePair<string, string>>>([])),
            (1, Gen.Elements(OddHeaders)
                .SelectMany(h => Gen.Elements(h.Values).Select(v => new KeyValuePair<string, string>(h.Name, v)))
                .ListOf()
                .Select(l => (IReadOnlyList<KeyValuePair<string, string>>)[.. l.Take(3)])));

    /// <summary>A JSON answer of protocol.md section 2's shape with hostile members, duplicates, nesting and wrappers.</summary>
    private static Gen<string> JsonText(string method)
    {
        var status = Gen.Frequency((6, Gen.Elements("\"SUCCESS\"", "\"ERROR\"")), (1, Gen.Elements("\"success\"", "\"Error\"")), (2, JsonValue));
        var error = Gen.Frequency((3, Gen.Elements(Documented).Select(c => JsonSerializer.Serialize(c))), (2, JsonValue));
        var members =
            from s in Optional(status.Select(v => $"\"status\":{v}"))
            from e in Optional(error.Select(v => $"\"error\":{v}"))
            from r in Optional(JsonResult(method).Select(v => $"\"result\":{v}"))
            from extra in JsonMember.ListOf().Select(l => l.Take(3))
            from duplicate in Optional(Gen.Elements("\"status\":\"SUCCESS\"", "\"status\":\"ERROR\"", "\"result\":null", "\"error\":\"X\"", "\"Result\":{}"), absentWeight: 4, presentWeight: 1)
            from order in Gen.Shuffle(new[] { s, e, r, duplicate }.Concat(extra).OfType<string>())
            select "{" + string.Join(",", order) + "}";
        return from text in members from wrapped in JsonWrapper(text) select wrapped;
    }

    private static Gen<string> JsonWrapper(string text) => Gen.Frequency(
        (10, Gen.Constant(text)),
        (1, Gen.Constant("\uFEFF" + text)),
        (1, Gen.Elements("", "{}", " x", "\u0000", "]", "," + text, "/* c */").Select(tail => text + tail)),
        (1, Gen.Choose(1, 2000).Select(n => new string('[', n) + text + new string(']', n))),
        (1, Gen.Choose(1, 200).Select(n => string.Concat(Enumerable.Repeat("{\"a\":", n)) + text + new string('}', n))),
        (1, Gen.Constant("[" + text + "]")),
        (1, Gen.Constant(text.Replace(":", " : ", StringComparison.Ordinal).Replace(",", ",\n", StringComparison.Ordinal))));

    /// <summary>A result of the method's shape with hostile values, or any value, or deep nesting.</summary>
    private static Gen<string> JsonResult(string method)
    {
        var valid = ContractCases.Get(method).ResultJson ?? "null";
        var shaped = method switch
        {
            "creategroup" => IdRecord("idgroup"),
            "addcontact" => IdRecord("idcontact"),
            "addcontactlist" => IdRecord("added"),
            "getgroupcolumns" => Gen.Frequency((3, Gen.Elements(HostileJsonStrings)), (1, JsonValue)).ListOf().Select(l => "[" + string.Join(",", l.Take(20)) + "]"),
            "getcontacts" => JsonContact.ListOf().Select(l => "[" + string.Join(",", l.Take(8)) + "]"),
            "getcontact" => Gen.Frequency((3, JsonContact), (1, JsonContact.ListOf().Select(l => "[" + string.Join(",", l.Take(3)) + "]"))),
            _ => JsonValue,
        };
        return Gen.Frequency(
            (3, Gen.Constant(valid)),
            (4, shaped),
            (2, JsonValue),
            (1, Gen.Choose(1, 300).Select(n => new string('[', n) + valid + new string(']', n))));
    }

    private static Gen<string> IdRecord(string name) =>
        from value in IntegerLike
        from twice in Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true)))
        from extra in JsonMember.ListOf().Select(l => l.Take(2))
        from order in Gen.Shuffle(new[] { $"\"{name}\":{value}" }.Concat(twice ? [$"\"{name.ToUpperInvariant()}\":1"] : []).Concat(extra))
        select "{" + string.Join(",", order) + "}";

    private static Gen<string> JsonContact =>
        from id in Optional(IntegerLike.Select(v => $"\"idcontact\":{v}"), absentWeight: 1, presentWeight: 6)
        from twice in Gen.Frequency((6, Gen.Constant<string?>(null)), (1, Gen.Constant<string?>("\"IdContact\":2")))
        from fields in Gen.Frequency((3, Gen.Elements("\"mobile\":\"34600000000\"", "\"name\":\"é\"", "\"mobile\":\"1\"")), (2, JsonMember)).ListOf().Select(l => l.Take(5))
        from order in Gen.Shuffle(new[] { id, twice }.OfType<string>().Concat(fields))
        select "{" + string.Join(",", order) + "}";

    private static Gen<string> IntegerLike => Gen.Frequency(
        (3, Gen.Elements(HostileJsonNumbers)),
        (2, Gen.Elements(HostileJsonStrings)),
        (1, Gen.Elements("true", "null", "[]", "{}", "[1]", "{\"v\":1}")),
        (1, Gen.Choose(int.MinValue, int.MaxValue).Select(i => i.ToString(CultureInfo.InvariantCulture))));

    private static Gen<string> JsonMember =>
        from name in Gen.Elements(MemberNames)
        from value in JsonValue
        select $"\"{name}\":{value}";

    /// <summary>Any JSON value (and some that are not JSON), up to a few levels deep.</summary>
    private static Gen<string> JsonValue => Gen.Sized(size => Value(Math.Min(size, 12)));

    private static Gen<string> Value(int size) => size <= 0
        ? Gen.Elements(JsonScalars)
        : Gen.Frequency(
            (4, Gen.Elements(JsonScalars)),
            (1, Value(size / 2).ListOf().Select(l => "[" + string.Join(",", l.Take(5)) + "]")),
            (1, (from name in Gen.Elements(MemberNames) from value in Value(size / 2) select $"\"{name}\":{value}").ListOf()
                .Select(l => "{" + string.Join(",", l.Take(5)) + "}")));

    /// <summary>A SOAP 1.1 answer of protocol.md section 4's shape with odd prologs, DTDs, namespaces, headers, faults and values.</summary>
    private static Gen<string> SoapText(string method) =>
        from prolog in Gen.Frequency((6, Gen.Constant("<?xml version=\"1.0\" encoding=\"utf-8\"?>")), (2, Gen.Elements(Prologs)))
        from doctype in Gen.Frequency((8, Gen.Constant(string.Empty)), (1, Gen.Elements(Doctypes)))
        from envelopeNs in Gen.Frequency((10, Gen.Constant(Env)), (1, Gen.Elements("http://www.w3.org/2003/05/soap-envelope", "urn:other", "")))
        from header in Gen.Frequency((6, Gen.Constant(string.Empty)), (1, Gen.Elements(SoapHeaders)))
        from body in SoapBodyContent(method)
        from trailer in Gen.Frequency((10, Gen.Constant(string.Empty)), (1, Gen.Elements("<x/>", "garbage", "<!-- c -->", "\u0000", "</soap:Envelope>")))
        select $"{prolog}{doctype}<soap:Envelope xmlns:soap=\"{envelopeNs}\" xmlns:a=\"{Api}\">{header}<soap:Body>{body}</soap:Body></soap:Envelope>{trailer}";

    private static Gen<string> SoapBodyContent(string method) => Gen.Frequency(
        (8, SoapResponse(method)),
        (2, Gen.Elements(Faults)),
        (1, from response in SoapResponse(method) from fault in Gen.Elements(Faults) select response + fault),
        (1, from response in SoapResponse(method) select response + response),
        (1, Gen.Elements(string.Empty, "text", "<!-- only a comment -->", "<![CDATA[x]]>", "<a:other/>")));

    private static Gen<string> SoapResponse(string method) =>
        from name in Gen.Frequency((10, Gen.Constant(method)), (1, Gen.Elements(Methods)), (1, Gen.Elements("", "x", method.ToUpperInvariant())))
        from open in Gen.Frequency(
            (10, Gen.Constant($"a:{name}Response")),
            (1, Gen.Constant($"{name}Response")),
            (1, Gen.Constant($"w:{name}Response xmlns:w=\"urn:wrong\"")),
            (1, Gen.Constant($"{name}Response xmlns=\"{Api}\"")))
        from status in Optional(SoapValue.Select(v => $"<a:status>{v}</a:status>"), absentWeight: 1, presentWeight: 8)
        from error in Optional(Gen.Frequency((3, Gen.Elements(Documented)), (1, SoapValue)).Select(v => $"<a:error>{v}</a:error>"))
        from result in Optional(SoapResult(method))
        from extra in Gen.Frequency((4, Gen.Constant(string.Empty)), (1, Gen.Elements("<a:status>SUCCESS</a:status>", "<a:result/>", "<x:y xmlns:x=\"urn:x\"/>", "text", "<a:status xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:nil=\"true\"/>")))
        from order in Gen.Shuffle(new[] { status, error, result, extra }.OfType<string>())
        select $"<{open}>{string.Concat(order)}</{open.Split(' ')[0]}>";

    private static Gen<string> SoapValue => Gen.Frequency(
        (4, Gen.Elements("SUCCESS", "ERROR")),
        (2, Gen.Elements(XmlTexts)));

    private static Gen<string> SoapResult(string method)
    {
        var valid = ContractCases.Get(method).ResultJson is { } json
            ? SoapStyle.ResultElement(method, JsonDocument.Parse(json).RootElement).ToString(SaveOptions.DisableFormatting)
            : "<a:result/>";
        var shaped = method switch
        {
            "creategroup" => SoapValue.Select(v => $"<a:result><a:idgroup>{v}</a:idgroup></a:result>"),
            "addcontact" => SoapValue.Select(v => $"<a:result><a:idcontact>{v}</a:idcontact></a:result>"),
            "addcontactlist" => SoapValue.Select(v => $"<a:result><a:added>{v}</a:added><a:added>1</a:added></a:result>"),
            "getgroupcolumns" => SoapValue.Select(v => $"<a:field>{v}</a:field>").ListOf().Select(l => $"<a:result>{string.Concat(l.Take(10))}</a:result>"),
            "getcontacts" or "getcontact" => SoapContact.ListOf().Select(l => $"<a:result>{string.Concat(l.Take(4))}</a:result>"),
            _ => SoapValue.Select(v => $"<a:result>{v}</a:result>"),
        };
        return Gen.Frequency(
            (3, Gen.Constant(valid)),
            (4, shaped),
            (1, Gen.Choose(1, 100).Select(n => "<a:result>" + string.Concat(Enumerable.Repeat("<a:x>", n)) + string.Concat(Enumerable.Repeat("</a:x>", n)) + "</a:result>")));
    }

    private static Gen<string> SoapContact =>
        from id in Optional(SoapValue.Select(v => $"<a:idcontact>{v}</a:idcontact>"), absentWeight: 1, presentWeight: 6)
        from fields in Gen.Frequency(
            (3, Gen.Elements("<a:field name=\"mobile\">34600000000</a:field>", "<a:field name=\"name\">é</a:field>")),
            (2, SoapValue.Select(v => $"<a:field name=\"x\">{v}</a:field>")),
            (1, Gen.Elements("<a:field>no name</a:field>", "<a:field name=\"\">empty name</a:field>", "<a:field name=\"mobile\">1</a:field>", "<a:idcontact>2</a:idcontact>", "<a:other>x</a:other>", "<field name=\"n\">other ns</field>", "text")))
            .ListOf()
            .Select(l => l.Take(5))
        from order in Gen.Shuffle(new[] { id }.OfType<string>().Concat(fields))
        select $"<a:contact>{string.Concat(order)}</a:contact>";

    /// <summary>A token endpoint answer (RFC 6749 section 5.1/5.2 shapes) with hostile members, or not JSON at all.</summary>
    private static Gen<HostileAnswer> TokenAnswer
    {
        get
        {
            var accessToken = Gen.Elements(
                "\"tok-1\"", "\"tok\\r\\nX-Injected: 1\"", "\"tok\\nx\"", "\"\"", "null", "1", "{}", "[]", "\"a b\"", "\"Bearer tok\"",
                "\"" + new string('a', 70000) + "\"", "\"é\"", "\"tok\\u0000\"", "\"===\"", "\"tok=\"", "\"\\ud800\"");
            var tokenType = Gen.Elements("\"Bearer\"", "\"bearer\"", "\"mac\"", "\"\"", "null", "1", "\"Bearer\\r\\n\"", "[]");
            var expiresIn = Gen.Elements(
                "3600", "0", "-1", "-3600", "2147483647", "2147483648", "-2147483649", "9223372036854775808", "1e400", "1.5", "\"3600\"", "\"abc\"",
                "null", "[]", "99999999999999999999999", "315360000000");
            var members =
                from t in Optional(accessToken.Select(v => $"\"access_token\":{v}"), absentWeight: 1, presentWeight: 6)
                from k in Optional(tokenType.Select(v => $"\"token_type\":{v}"), absentWeight: 1, presentWeight: 4)
                from x in Optional(expiresIn.Select(v => $"\"expires_in\":{v}"))
                from e in Optional(Gen.Elements("\"invalid_client\"", "\"\"", "1", "{}", "\"x\\r\\ny\"", "\"" + new string('e', 3000) + "\"").Select(v => $"\"error\":{v}"), absentWeight: 4, presentWeight: 1)
                from d in Optional(Gen.Elements("\"bad secret\"", "1", "{}", "\"\\u0000\"").Select(v => $"\"error_description\":{v}"), absentWeight: 4, presentWeight: 1)
                from twice in Optional(Gen.Elements("\"access_token\":\"other\"", "\"expires_in\":1", "\"token_type\":\"mac\""), absentWeight: 5, presentWeight: 1)
                from extra in JsonMember.ListOf().Select(l => l.Take(2))
                from order in Gen.Shuffle(new[] { t, k, x, e, d, twice }.OfType<string>().Concat(extra))
                select "{" + string.Join(",", order) + "}";
            var body = Gen.Frequency(
                (6, members.Select(Utf8)),
                (3, members.SelectMany(m => ByteMutations(Utf8(m)))),
                (1, RandomBytes),
                (2, Gen.Elements(
                    "[]", "[{\"access_token\":\"x\",\"token_type\":\"Bearer\"}]", "\"tok\"", "1", "null", "true", "", "<html><body>login</body></html>",
                    "{", "{\"access_token\":", new string('[', 1000) + new string(']', 1000),
                    string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100)).Select(Utf8)));
            var status = Gen.Frequency((8, Gen.Constant(200)), (3, Gen.Elements(400, 401)), (2, Gen.Elements(OddStatuses)), (1, Gen.Choose(100, 999)));
            var contentType = Gen.Frequency((8, Gen.Constant<string?>("application/json")), (1, Gen.Elements(JsonContentTypes)));
            return from s in status from c in contentType from b in body from h in Headers select new HostileAnswer(s, c, b, h);
        }
    }

    /// <summary>One to three of: bytes flipped, cut short, a slice duplicated, random or invalid UTF-8 bytes inserted, a slice removed.</summary>
    private static Gen<byte[]> ByteMutations(byte[] bytes) =>
        Gen.Choose(1, 3).SelectMany(count => Mutate(bytes, count));

    private static Gen<byte[]> Mutate(byte[] bytes, int count) => count == 0
        ? Gen.Constant(bytes)
        : OneMutation(bytes).SelectMany(mutated => Mutate(mutated, count - 1));

    private static Gen<byte[]> OneMutation(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return Gen.Constant(bytes);
        }

        var position = Gen.Choose(0, bytes.Length - 1);
        return Gen.OneOf(
            from at in position from value in Gen.Choose(1, 255) select Replace(bytes, at, 1, [(byte)(bytes[at] ^ value)]),
            from at in Gen.Choose(0, bytes.Length) select bytes[..at],
            from at in position from length in Gen.Choose(1, Math.Min(64, bytes.Length - at)) from to in position
                select Replace(bytes, to, 0, bytes[at..(at + length)]),
            from at in position from inserted in Gen.Choose(0, 255).Select(b => (byte)b).ArrayOf() select Replace(bytes, at, 0, [.. inserted.Take(16)]),
            from at in QuotePositions(bytes) from invalid in Gen.Elements(InvalidUtf8) select Replace(bytes, at, 0, invalid),
            from at in position from length in Gen.Choose(1, Math.Min(32, bytes.Length - at)) select Replace(bytes, at, length, []));
    }

    /// <summary>Right after a quote (inside a string, or after one), else anywhere.</summary>
    private static Gen<int> QuotePositions(byte[] bytes)
    {
        var quotes = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] is (byte)'"' or (byte)'>').Select(i => i + 1).ToArray();
        return quotes.Length == 0 ? Gen.Choose(0, bytes.Length) : Gen.Elements(quotes);
    }

    private static byte[] Replace(byte[] bytes, int at, int length, byte[] with) => [.. bytes[..at], .. with, .. bytes[(at + length)..]];

    private static Gen<string?> Optional(Gen<string> present, int absentWeight = 1, int presentWeight = 5) =>
        Gen.Frequency((absentWeight, Gen.Constant<string?>(null)), (presentWeight, present.Select(p => (string?)p)));

    private static HostileAnswer Answer(int status, string? contentType, byte[] body) => new(status, contentType, body, []);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
