using System.Net;
using System.Net.Sockets;
using System.Security;
using System.Text;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Soap;

namespace Afilnet.Contacts.Tests.Soap;

/// <summary>A loopback fake plus a Soap transport and client pointed at it, with options the test may adjust.</summary>
public sealed class SoapRig : IDisposable
{
    public SoapRig(Action<SoapTransportOptions>? configure = null, Uri? baseAddress = null)
    {
        Fake = FakeApi.Start();
        var options = new SoapTransportOptions { BaseAddress = baseAddress ?? Fake.BaseAddress, Credentials = TestCredentials.Create() };
        configure?.Invoke(options);
        Transport = new SoapTransport(options);
        Api = new ContactsClient(Transport);
    }

    public FakeApi Fake { get; }

    public SoapTransport Transport { get; }

    public ContactsClient Api { get; }

    public void AnswerSuccess(ApiOperation operation, string? resultJson)
    {
        var (body, contentType) = new SoapStyle().RenderSuccess(operation, resultJson);
        Fake.Answer(body, contentType);
    }

    public void AnswerXml(string body, int status = 200) => Fake.Answer(body, "text/xml; charset=utf-8", status);

    public void Dispose()
    {
        Transport.Dispose();
        Fake.Dispose();
    }
}

public static class Canary
{
    /// <summary>Asserts the password appears in no form (raw, URL-encoded, XML-escaped, base64) in the exception, inner ones included.</summary>
    public static void AssertClean(Exception error)
    {
        var text = string.Join(
            "\n",
            error.ToString(),
            (error as AfilnetProtocolException)?.ResponseExcerpt,
            (error as AfilnetProtocolException)?.FaultString);
        var password = TestCredentials.Password;
        foreach (var form in new[]
        {
            password, "Pw-CANARY", Uri.EscapeDataString(password), SecurityElement.Escape(password), Convert.ToBase64String(Encoding.UTF8.GetBytes(password)),
        })
        {
            Assert.DoesNotContain(form, text, StringComparison.Ordinal);
        }

        // Neither thrown nor kept as an inner exception: WCF and XML messages may quote the body unscrubbed.
        Assert.False(error.GetType().Namespace!.StartsWith("System", StringComparison.Ordinal), error.GetType().FullName);
        foreach (var raw in new[] { "---> System.ServiceModel.", "---> System.Xml.", "---> System.NullReferenceException" })
        {
            Assert.DoesNotContain(raw, text, StringComparison.Ordinal);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
