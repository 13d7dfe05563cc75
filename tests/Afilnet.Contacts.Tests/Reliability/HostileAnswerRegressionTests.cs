using System.Text;
using Afilnet.Contacts.Tests.Contract;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Reliability;

/// <summary>
/// The answers <see cref="HostileAnswerProperties"/> found that made a framework exception escape (WCF's
/// ArgumentException family, which the SDK then reported as a lost connection), replayed exactly: each is an unreadable
/// answer, with the method, and passes the check of the property.
/// </summary>
public sealed class HostileAnswerRegressionTests
{
    private const string Envelope = "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:a=\"https://www.afilnet.com/api/soap/\">";

    public static TheoryData<string, string, string> SoapAnswers() => new()
    {
        // MessageFault.CreateFault: FaultCode's constructor refuses an empty name (ArgumentOutOfRangeException).
        { "deletegroup", Envelope + "<soap:Body><soap:Fault><faultcode></faultcode><faultstring></faultstring></soap:Fault></soap:Body></soap:Envelope>", "is a SOAP Fault that cannot be read" },

        // WCF's text reader: an element with an empty local name fails XmlConvert.VerifyNCName (ArgumentException).
        { "deletecolumnfromgroup", "<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:", "is not a SOAP 1.1 envelope" },

        // MessageFault.CreateFault copying <detail>: a cut UTF-8 sequence (F0 9F 98) fails decoding (DecoderFallbackException).
        { "assigncountrytogroup", Envelope + "<soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring xml:lang=\"zz\">x</faultstring><detail><a:x><a:x>\\xF0\\x9F\\x98<a:x/></a:x></a:x></detail></soap:Fault></soap:Body></soap:Envelope>", "is a SOAP Fault that cannot be read" },
    };

    [Theory]
    [MemberData(nameof(SoapAnswers))]
    public async Task A_soap_answer_WCF_refuses_with_an_ArgumentException_is_an_unreadable_answer(string method, string body, string problem)
    {
        var answer = new HostileAnswer(200, "text/xml; charset=utf-8", Bytes(body), []);
        var handler = new ScriptedHandler(_ => answer.ToResponse());
        using var api = TestClients.Create(WireStyles.Get("Soap"), ScriptedHandler.BaseAddress, handler: handler);

        var failure = await PublicFailures.CallAsync(ct => ContractCases.Get(method).Invoke(api, ct), ChangeSignal.HangGuard);

        var error = Assert.IsType<AfilnetProtocolException>(failure);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        PublicFailures.AssertAllowed(failure, method, apiCallReceived: true);
    }

    /// <summary>The text as UTF-8, with <c>\xNN</c> standing for a raw byte (as the property prints a failing answer).</summary>
    private static byte[] Bytes(string text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length && text[i + 1] == 'x')
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 2, 2), 16));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return [.. bytes];
    }
}
