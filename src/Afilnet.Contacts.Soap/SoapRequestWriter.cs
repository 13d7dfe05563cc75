using System.ServiceModel.Channels;
using System.Xml;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// The one place that writes a request body: <c>&lt;method&gt;</c> in the API namespace holding <c>user</c>,
/// <c>password</c>, then the parameters in documented order, every value escaped by the XML writer.
/// </summary>
internal sealed class SoapRequestWriter : BodyWriter
{
    private readonly ApiRequest _request;
    private readonly Credentials _credentials;

    // Buffered: the body is built from immutable data, so WCF may write it more than once.
    private SoapRequestWriter(ApiRequest request, Credentials credentials)
        : base(isBuffered: true)
    {
        _request = request;
        _credentials = credentials;
    }

    /// <summary>Creates the SOAP 1.1 request message for <paramref name="request"/>, whose SOAP names are <paramref name="operation"/>.</summary>
    /// <exception cref="ArgumentException">A value holds a character XML 1.0 cannot carry.</exception>
    public static Message CreateMessage(ApiRequest request, SoapOperation operation, Credentials credentials)
    {
        // The credentials were checked when the settings were validated; the values are checked per call.
        foreach (var parameter in request.Parameters)
        {
            RequireXmlText(parameter.Value, parameter.Name, request);
        }

        return Message.CreateMessage(MessageVersion.Soap11, operation.Action, new SoapRequestWriter(request, credentials));
    }

    /// <inheritdoc />
    protected override void OnWriteBodyContents(XmlDictionaryWriter writer)
    {
        // document/literal wrapped, elements qualified: every element in the API namespace, declared once on the wrapper.
        writer.WriteStartElement(_request.Operation.Name, SoapTransport.Namespace);
        writer.WriteElementString("user", SoapTransport.Namespace, _credentials.User);
        writer.WriteElementString("password", SoapTransport.Namespace, _credentials.Password);
        foreach (var parameter in _request.Parameters)
        {
            writer.WriteElementString(parameter.Name, SoapTransport.Namespace, parameter.Value);
        }

        writer.WriteEndElement();
    }

    private static void RequireXmlText(string value, string name, ApiRequest request)
    {
        if (!IsXmlText(value))
        {
            throw new ArgumentException(
                $"'{request.Operation.Name}': the value of '{name}' holds a character that XML 1.0 cannot carry (a control character or a lone surrogate).");
        }
    }

    // Control characters and lone surrogates would make the envelope malformed; refuse them before sending.
    private static bool IsXmlText(string value) => ClientSettings.IsXmlText(value);
}
