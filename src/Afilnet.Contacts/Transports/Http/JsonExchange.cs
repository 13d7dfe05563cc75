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
        HttpResponseMessage response;
        try
        {
            using (message)
            {
                response = await pipeline.Invoker.SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not (AfilnetException or OperationCanceledException))
        {
            // Only a handler registered around the policy can throw anything else; whether the request left is known.
            call.Answer?.Dispose();
            throw call.Foreign(ex);
        }

        using (response)
        using (call.Answer)
        {
            var body = (call.Answer ?? throw call.Foreign(new InvalidOperationException("no answer"))).Memory;
            var context = new AnswerContext(settings.Transport, method, gate, body);
            try
            {
                return JsonAnswerReader.Decode<TDecoder, TResult>(body.Span, context);
            }
            catch (Exception ex) when (ex is not AfilnetException)
            {
                // A defect of the SDK's decoding, not a fault of the exchange: still an SDK error, naming the type only
                // (a framework message may quote the answer).
                throw context.Unreadable($"could not be decoded ({ex.GetType().Name})");
            }
        }
    }
}
