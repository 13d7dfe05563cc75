using System.Runtime.CompilerServices;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Secrets;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>What one JSON call makes of the answer the policy accepted: a result decoded whole, or a stream.</summary>
/// <typeparam name="TResult">What the call returns.</typeparam>
internal interface IJsonAnswer<TResult>
{
    /// <summary>Whether the policy hands the answer on unread (<see cref="HttpCall.Streamed"/>) rather than read whole.</summary>
    static abstract bool Streamed { get; }

    /// <summary>Makes the result of <paramref name="response"/>, which it then owns.</summary>
    static abstract ValueTask<TResult> ReadAsync(HttpResponseMessage response, HttpCall call, CancellationToken cancellationToken);
}

/// <summary>
/// How HttpGet, HttpPost, BasicAuth and OAuth2Json finish a call once they have built its request: send it through
/// the pipeline with its <see cref="HttpCall"/>, and make the result of the answer the policy accepted: decoded whole
/// (<see cref="Whole{TDecoder, TResult}"/>) or read a contact at a time (<see cref="ContactStream"/>).
/// </summary>
internal sealed class JsonExchange(HttpPipeline pipeline, HttpCallSettings settings)
{
    public HttpCallSettings Settings => settings;

    /// <summary>Sends <paramref name="message"/> (disposing it) and makes the result with <typeparamref name="TAnswer"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TResult> SendAsync<TAnswer, TResult>(SdkRequestMessage message, string method, ServerTextGate gate, CancellationToken cancellationToken)
        where TAnswer : IJsonAnswer<TResult>
    {
        var call = new HttpCall(settings, method, HttpAnswerKind.Json, gate) { Streamed = TAnswer.Streamed };
        message.Call = call;
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

        return await TAnswer.ReadAsync(response, call, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The answer read whole by the policy, decoded straight into the result with <typeparamref name="TDecoder"/>.</summary>
    public sealed class Whole<TDecoder, TResult> : IJsonAnswer<TResult>
        where TDecoder : IResultDecoder<TResult>
    {
        public static bool Streamed => false;

        public static ValueTask<TResult> ReadAsync(HttpResponseMessage response, HttpCall call, CancellationToken cancellationToken)
        {
            using (response)
            using (call.Answer)
            {
                var body = (call.Answer ?? throw call.Foreign(new InvalidOperationException("no answer"))).Memory;
                var context = new AnswerContext(call.Settings.Transport, call.Method, call.Gate, body);
                try
                {
                    return ValueTask.FromResult(JsonAnswerReader.Decode<TDecoder, TResult>(body.Span, context));
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

    /// <summary>The <c>getcontacts</c> answer read as it arrives, a record at a time (<see cref="JsonContactStream"/>).</summary>
    public sealed class ContactStream : IJsonAnswer<IContactStream>
    {
        public static bool Streamed => true;

        public static ValueTask<IContactStream> ReadAsync(HttpResponseMessage response, HttpCall call, CancellationToken cancellationToken)
        {
            if (call.Stream is not { } body)
            {
                response.Dispose();
                throw call.Foreign(new InvalidOperationException("no answer"));
            }

            var status = (int)response.StatusCode;
            return JsonContactStream.OpenAsync(
                body, response, call.Settings.Transport, call.Method, call.Gate, call.Settings.MaxResponseBytes,
                () => call.RecordTooLarge(status), () => call.TooLarge(status), cancellationToken);
        }
    }
}
