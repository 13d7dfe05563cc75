using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Secrets;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>
/// How HttpGet, HttpPost, BasicAuth and OAuth2Json finish a call once they have built its request: send it through
/// the pipeline with its <see cref="HttpCall"/>, and decode the JSON answer the policy read straight into the result.
/// </summary>
internal sealed class JsonExchange(HttpPipeline pipeline, HttpCallSettings settings)
{
    public HttpCallSettings Settings => settings;

    /// <summary>Sends <paramref name="message"/> (disposing it) and decodes its answer with <typeparamref name="TDecoder"/>.</summary>
    public async ValueTask<TResult> SendAsync<TDecoder, TResult>(HttpRequestMessage message, string method, ServerTextGate gate, CancellationToken cancellationToken)
        where TDecoder : IResultDecoder<TResult>
    {
        var call = new HttpCall(settings, method, HttpAnswerKind.Json, gate);
        message.Options.Set(HttpCall.Key, call);
        try
        {
            using (message)
            using (await pipeline.Invoker.SendAsync(message, cancellationToken).ConfigureAwait(false))
            {
                var body = (call.Answer ?? throw call.Foreign(new InvalidOperationException("no answer"))).Memory;
                return JsonAnswerReader.Decode<TDecoder, TResult>(body.Span, new AnswerContext(settings.Transport, method, gate, body));
            }
        }
        catch (Exception ex) when (ex is not (AfilnetException or OperationCanceledException))
        {
            // Only a handler registered around the policy can throw anything else; whether the request left is known.
            throw call.Foreign(ex);
        }
        finally
        {
            call.Answer?.Dispose();
        }
    }
}
