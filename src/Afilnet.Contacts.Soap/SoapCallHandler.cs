using System.ServiceModel.Channels;
using System.ServiceModel.Description;
using System.ServiceModel.Dispatcher;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// What WCF's HTTP channel sends through, installed with its supported hook (the binding parameter
/// <c>Func&lt;HttpClientHandler, HttpMessageHandler&gt;</c>): it gives each request the <see cref="HttpCall"/> the policy
/// needs (the method, read off the request's SOAPAction) and passes it to the SDK's pipeline, the same the HTTP styles
/// use. WCF's own HttpClientHandler is not used.
/// </summary>
internal sealed class SoapCallHandler(HttpMessageHandler pipeline, HttpCallSettings settings, RotatingCredentials credentials) : HttpMessageHandler
{
    private readonly HttpMessageInvoker _pipeline = new(pipeline, disposeHandler: false);

    /// <summary>The endpoint behavior that installs the handler on the HttpClient WCF creates for the channel factory.</summary>
    public static IEndpointBehavior Install(HttpMessageHandler pipeline, HttpCallSettings settings, RotatingCredentials credentials) =>
        new Hook(() => new SoapCallHandler(pipeline, settings, credentials));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(HttpCall.Key, new HttpCall(settings, MethodOf(request), HttpAnswerKind.Soap, credentials.Current.Gate));
        return _pipeline.SendAsync(request, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Only the invoker: the pipeline belongs to the client.
            _pipeline.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The wire method of a request: its SOAPAction is the API namespace followed by the method.</summary>
    private static string MethodOf(HttpRequestMessage request)
    {
        // Read as sent, without parsing or copying: the action is matched against the twelve operations' cached ones.
        if (request.Headers.NonValidated.TryGetValues("SOAPAction", out var values))
        {
            foreach (var value in values)
            {
                if (SoapOperation.FindByAction(value) is { } operation)
                {
                    return operation.Operation.Name;
                }
            }
        }

        return "unknown";
    }

    private sealed class Hook(Func<HttpMessageHandler> create) : IEndpointBehavior
    {
        public void AddBindingParameters(ServiceEndpoint endpoint, BindingParameterCollection bindingParameters) =>
            bindingParameters.Add(new Func<HttpClientHandler, HttpMessageHandler>(wcfHandler =>
            {
                // Replaced by the SDK's pipeline: its policy refuses redirects, which WCF's handler would follow (re-POSTing
                // the password), and owns timeouts and limits.
                wcfHandler.Dispose();
                return create();
            }));

        public void ApplyClientBehavior(ServiceEndpoint endpoint, ClientRuntime clientRuntime)
        {
        }

        public void ApplyDispatchBehavior(ServiceEndpoint endpoint, EndpointDispatcher endpointDispatcher)
        {
        }

        public void Validate(ServiceEndpoint endpoint)
        {
        }
    }
}
