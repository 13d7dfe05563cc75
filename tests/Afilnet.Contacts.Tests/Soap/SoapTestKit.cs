using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Soap;

/// <summary>A loopback fake and a Soap client pointed at it (a <see cref="Harness"/> of the Soap style), with options the test may adjust.</summary>
public sealed class SoapRig : IDisposable
{
    private readonly Harness _harness;

    public SoapRig(Action<AfilnetOptions>? configure = null) => _harness = new Harness("Soap", configure);

    public FakeApi Fake => _harness.Fake;

    public ContactsClient Api => _harness.Api;

    public void AnswerSuccess(string method, string? resultJson) => _harness.AnswerSuccess(method, resultJson);

    public void AnswerXml(string body, int status = 200) => _harness.Answer(body, "text/xml; charset=utf-8", status);

    public void Dispose() => _harness.Dispose();
}
