using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Afilnet.Contacts.Tests.Soap;

/// <summary>
/// The SOAP rows of the fault matrix: each asserts the error kind, how many requests the server saw, and that no
/// password or raw WCF/XML exception escapes.
/// </summary>
public sealed class SoapFailureTests
{
    private static readonly XNamespace Env = SoapStyle.Env;
    private static readonly XNamespace Api = SoapStyle.Api;

    private static string FaultEnvelope(string code, string text) =>
        SoapStyle.Envelope(new XElement(Env + "Fault", new XElement("faultcode", "soap:" + code), new XElement("faultstring", text)));

    [Fact]
    public async Task A_fault_is_a_protocol_error_with_its_code_and_scrubbed_string()
    {
        using var rig = new SoapRig();
        rig.AnswerXml(FaultEnvelope("Client", $"Cannot process envelope for password {TestCredentials.Password}"), status: 500);

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal("Client", error.FaultCode);
        Assert.StartsWith("Cannot process envelope for password ***", error.FaultString, StringComparison.Ordinal);
        Assert.Contains("Client", error.Message, StringComparison.Ordinal);
        Assert.Contains("Cannot process envelope", error.Message, StringComparison.Ordinal);
        Assert.Equal("deletegroup", error.Method);
        Assert.Single(rig.Fake.Requests);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task A_call_after_a_fault_still_works()
    {
        using var rig = new SoapRig();
        rig.AnswerXml(FaultEnvelope("Server", "boom"), status: 500);
        await Assert.ThrowsAsync<AfilnetProtocolException>(() => rig.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        rig.AnswerSuccess(ApiOperations.GetGroupColumns, """["mobile"]""");
        var columns = await rig.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken);

        Assert.Equal(["mobile"], columns);
        Assert.Equal(2, rig.Fake.Requests.Count);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    [InlineData(500)]
    [InlineData(404)]
    public async Task An_html_error_page_is_an_http_status_error_with_a_scrubbed_excerpt(int status)
    {
        using var rig = new SoapRig();
        rig.Fake.Answer($"<html><body><h1>Bad gateway</h1><p>{TestCredentials.Password}</p></body></html>", "text/html", status);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.AddContactAsync(
            new GroupId(1), new ContactFields { { "mobile", "34600000000" } }, TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.HttpStatus, error.Reason);
        Assert.Equal(status, error.StatusCode);
        Assert.True(error.RequestMayHaveReachedServer);
        Assert.Contains("Bad gateway", error.Message, StringComparison.Ordinal);
        Assert.Single(rig.Fake.Requests);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task A_huge_error_page_is_still_reported_by_its_status()
    {
        using var rig = new SoapRig(o => o.MaxResponseBytes = 1024);
        rig.Fake.Answer("<html>" + new string('x', 100_000) + "</html>", "text/html", 502);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.HttpStatus, error.Reason);
        Assert.Equal(502, error.StatusCode);
        Assert.True(error.Message.Length < 1000, "the excerpt is short");
    }

    [Fact]
    public async Task An_html_page_with_200_is_a_protocol_error()
    {
        using var rig = new SoapRig();
        rig.Fake.Answer("<html><body>Welcome</body></html>", "text/html");

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => rig.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Contains("text/html", error.Message, StringComparison.Ordinal);
        Assert.Contains("Welcome", error.ResponseExcerpt, StringComparison.Ordinal);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task A_500_envelope_that_is_not_a_fault_is_an_http_status_error()
    {
        using var rig = new SoapRig();
        var (body, _) = new SoapStyle().RenderSuccess(ApiOperations.DeleteGroup, null);
        rig.AnswerXml(body, status: 500);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.HttpStatus, error.Reason);
        Assert.Equal(500, error.StatusCode);
    }

    [Fact]
    public async Task A_truncated_envelope_is_a_protocol_error_with_an_excerpt()
    {
        using var rig = new SoapRig();
        var (body, _) = new SoapStyle().RenderSuccess(ApiOperations.GetContacts, """[{"idcontact": 1000, "mobile": "34600000000"}]""");
        rig.AnswerXml(body[..(body.Length / 2)]);

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => rig.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.NotNull(error.ResponseExcerpt);
        Assert.StartsWith("<?xml", error.ResponseExcerpt, StringComparison.Ordinal);
        Assert.Null(error.FaultCode);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task Garbage_xml_is_a_protocol_error()
    {
        using var rig = new SoapRig();
        rig.AnswerXml("this is not xml at all");

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Contains("not a well-formed SOAP envelope", error.Message, StringComparison.Ordinal);
        Assert.Contains("not xml", error.ResponseExcerpt, StringComparison.Ordinal);
        Canary.AssertClean(error);
    }

    [Theory]
    [InlineData("text/xml; charset=utf-8")]
    [InlineData(null)]
    public async Task An_empty_200_is_a_protocol_error(string? contentType)
    {
        using var rig = new SoapRig();
        rig.Fake.Server.ResetMappings();
        var response = Response.Create().WithStatusCode(200).WithBody(string.Empty);
        rig.Fake.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(contentType is null ? response : response.WithHeader("Content-Type", contentType));

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task An_answer_in_another_namespace_is_a_protocol_error()
    {
        using var rig = new SoapRig();
        XNamespace other = "urn:other";
        rig.AnswerXml(SoapStyle.Envelope(new XElement(other + "deletegroupResponse", new XElement(other + "status", "SUCCESS"))));

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Contains("urn:other", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""<!DOCTYPE e [<!ENTITY xxe SYSTEM "{0}">]>""", "&xxe;")]
    [InlineData("""<!DOCTYPE e SYSTEM "{0}">""", "SUCCESS")]
    [InlineData("""<!DOCTYPE e [<!ENTITY % p SYSTEM "{0}"> %p;]>""", "SUCCESS")]
    public async Task A_reply_with_a_dtd_or_external_entity_is_refused_and_nothing_is_fetched(string doctype, string status)
    {
        using var entityHost = FakeApi.Start();
        entityHost.Answer("<!ENTITY leak 'SUCCESS'>", "application/xml-dtd");
        using var rig = new SoapRig();
        var envelope = SoapStyle.Envelope(new XElement(Api + "deletegroupResponse", new XElement(Api + "status", "STATUS-HERE")))
            .Replace("STATUS-HERE", status, StringComparison.Ordinal);
        var declarationEnd = envelope.IndexOf("?>", StringComparison.Ordinal) + 2;
        rig.AnswerXml(envelope.Insert(declarationEnd, string.Format(System.Globalization.CultureInfo.InvariantCulture, doctype, new Uri(entityHost.BaseAddress, "evil.dtd"))));

        var error = await Assert.ThrowsAsync<AfilnetProtocolException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
        Assert.Empty(entityHost.Requests);
        Assert.Single(rig.Fake.Requests);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task A_reply_over_the_size_limit_is_refused()
    {
        using var rig = new SoapRig(o => o.MaxResponseBytes = 2048);
        var contacts = string.Join(",", Enumerable.Range(1, 100).Select(i => $$"""{"idcontact": {{i}}, "mobile": "3460000{{i:0000}}"}"""));
        rig.AnswerSuccess(ApiOperations.GetContacts, $"[{contacts}]");

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.ResponseTooLarge, error.Reason);
        Assert.Contains("2048", error.Message, StringComparison.Ordinal);
        Assert.Single(rig.Fake.Requests);
    }

    [Fact]
    public async Task A_chunked_reply_over_the_size_limit_is_refused_without_reading_it_all()
    {
        using var server = new RawHttpServer(async stream =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray());
            var chunk = Encoding.ASCII.GetBytes(new string(' ', 1024));
            try
            {
                // Up to 1 MiB of chunks; the client must stop reading long before.
                for (var i = 0; i < 1024; i++)
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
                    await stream.WriteAsync(chunk);
                    await stream.WriteAsync("\r\n"u8.ToArray());
                }

                await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
            }
            catch (IOException)
            {
                // The client hung up: what it should do.
            }
        });
        using var rig = new SoapRig(o => o.MaxResponseBytes = 4096, server.BaseAddress);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.ResponseTooLarge, error.Reason);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_connection_cut_mid_answer_is_connection_lost_and_the_write_may_have_arrived()
    {
        using var server = new RawHttpServer(async stream =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: 5000\r\n\r\n<soap:Envelope"u8.ToArray());
        });
        using var rig = new SoapRig(baseAddress: server.BaseAddress);

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.AddContactAsync(
            new GroupId(1), new ContactFields { { "mobile", "34600000000" } }, TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.ConnectionLost, error.Reason);
        Assert.True(error.RequestMayHaveReachedServer);
        Assert.Equal(1, server.Requests);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task A_reply_above_wcfs_64_KiB_default_but_under_the_limit_is_read()
    {
        using var rig = new SoapRig();
        var contacts = string.Join(",", Enumerable.Range(1, 2000).Select(i => $$"""{"idcontact": {{i}}, "mobile": "3460000{{i:0000}}", "name": "{{new string('x', 40)}}"}"""));
        rig.AnswerSuccess(ApiOperations.GetContacts, $"[{contacts}]");

        var result = await rig.Api.GetContactsAsync(new GroupId(1), TestContext.Current.CancellationToken);

        Assert.Equal(2000, result.Count);
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        using var elsewhere = FakeApi.Start();
        elsewhere.Answer(new SoapStyle().RenderSuccess(ApiOperations.DeleteGroup, null).Body, "text/xml; charset=utf-8");
        using var rig = new SoapRig();
        rig.Fake.Server.ResetMappings();
        rig.Fake.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithStatusCode(307).WithHeader("Location", new Uri(elsewhere.BaseAddress, "api/soap/").ToString()));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Redirect, error.Reason);
        Assert.Equal(307, error.StatusCode);
        Assert.Empty(elsewhere.Requests);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task Connection_refused_says_the_request_never_left()
    {
        var closedPort = Canary.FreePort();
        using var rig = new SoapRig(baseAddress: new Uri($"http://127.0.0.1:{closedPort}/"));

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.AddContactAsync(
            new GroupId(1), new ContactFields { { "mobile", "34600000000" } }, TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.ConnectionFailed, error.Reason);
        Assert.False(error.RequestMayHaveReachedServer);
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task A_hanging_server_times_out()
    {
        using var rig = new SoapRig(o => o.Timeout = TimeSpan.FromMilliseconds(500));
        var (body, contentType) = new SoapStyle().RenderSuccess(ApiOperations.DeleteGroup, null);
        rig.Fake.Server.ResetMappings();
        rig.Fake.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithHeader("Content-Type", contentType).WithBody(body).WithDelay(TimeSpan.FromSeconds(3)));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<AfilnetTransportException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));

        Assert.Equal(TransportFailureReason.Timeout, error.Reason);
        Assert.True(error.RequestMayHaveReachedServer);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Canary.AssertClean(error);
    }

    [Fact]
    public async Task Cancelling_aborts_the_exchange_promptly_and_the_next_call_works()
    {
        using var rig = new SoapRig();
        var (body, contentType) = new SoapStyle().RenderSuccess(ApiOperations.DeleteGroup, null);
        rig.Fake.Server.ResetMappings();
        rig.Fake.Server.Given(Request.Create().UsingAnyMethod())
            .RespondWith(Response.Create().WithHeader("Content-Type", contentType).WithBody(body).WithDelay(TimeSpan.FromSeconds(3)));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(200 + 500), $"took {clock.Elapsed}");

        rig.AnswerSuccess(ApiOperations.GetGroupColumns, """["email"]""");
        Assert.Equal(["email"], await rig.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_token_already_cancelled_sends_nothing()
    {
        using var rig = new SoapRig();
        rig.AnswerSuccess(ApiOperations.DeleteGroup, null);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), new CancellationToken(canceled: true)));

        Assert.Empty(rig.Fake.Requests);
    }

    [Fact]
    public async Task Concurrent_calls_share_the_factory()
    {
        using var rig = new SoapRig();
        rig.AnswerSuccess(ApiOperations.GetGroupColumns, """["mobile","name"]""");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => rig.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken)));

        Assert.All(results, r => Assert.Equal(["mobile", "name"], r));
        Assert.Equal(20, rig.Fake.Requests.Count);
    }

    [Fact]
    public async Task A_disposed_transport_refuses_calls()
    {
        var rig = new SoapRig();
        rig.AnswerSuccess(ApiOperations.DeleteGroup, null);
        await rig.Transport.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => rig.Api.DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken));
        rig.Dispose();
    }
}
