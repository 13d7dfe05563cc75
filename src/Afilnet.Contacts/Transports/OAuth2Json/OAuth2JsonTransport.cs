using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using Afilnet.Contacts.Answers;
using Afilnet.Contacts.Configuration;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Transports.Http;

namespace Afilnet.Contacts.Transports.OAuth2Json;

/// <summary>
/// Security level High: a bearer token from the token endpoint (OAuth 2.0 client credentials, via Duende.IdentityModel),
/// then <c>POST /api/json/</c> with <c>{"class":"group","method":"M",…}</c> and <c>Authorization: Bearer …</c>.
/// The token is cached until shortly before it expires and shared by concurrent callers; an API 401 gets one fresh
/// token and one replay. No API call is ever sent without a token.
/// </summary>
internal sealed class OAuth2JsonTransport : JsonTransport
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly OAuth2TokenSource _tokens;

    public OAuth2JsonTransport(ClientSettings settings, HttpPipeline pipeline, TokenCaching tokens)
        : base(AfilnetTransportKind.OAuth2Json, settings, pipeline)
    {
        _tokens = new OAuth2TokenSource(settings, pipeline, CallSettings, tokens);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected override async ValueTask<TResult> ExchangeAsync<TAnswer, TResult>(ApiRequest request, CancellationToken cancellationToken)
    {
        var method = request.Operation.Name;
        var token = await _tokens.GetAsync(null, method, cancellationToken).ConfigureAwait(false);
        try
        {
            return await SendWithAsync<TAnswer, TResult>(request, token, cancellationToken).ConfigureAwait(false);
        }
        catch (AfilnetTransportException rejected) when (rejected.StatusCode == 401)
        {
            // A 401 means the server did not act on the call (token revoked or expired early), so even a write may be
            // replayed: once, with a token newer than the refused one.
            AccessToken fresh;
            try
            {
                fresh = await _tokens.GetAsync(token, method, cancellationToken).ConfigureAwait(false);
            }
            catch (AfilnetAuthenticationException noToken)
            {
                // The refused attempt did reach the server: the error must not say the call provably never left.
                throw new AfilnetAuthenticationException(
                    $"OAuth2Json '{method}': the API refused the access token (HTTP 401) and no fresh one could be had, so the call was not replayed. {noToken.Message}",
                    method, noToken.OAuthError, noToken.StatusCode, requestMayHaveReachedServer: true, noToken);
            }

            try
            {
                return await SendWithAsync<TAnswer, TResult>(request, fresh, cancellationToken).ConfigureAwait(false);
            }
            catch (AfilnetTransportException again) when (again.StatusCode == 401)
            {
                throw new AfilnetAuthenticationException(
                    $"OAuth2Json '{method}': the API refused a freshly issued access token too (HTTP 401 twice).",
                    method, oauthError: null, statusCode: 401, requestMayHaveReachedServer: true, again);
            }
        }
    }

    public override string ToString() => $"OAuth2Json {Endpoint} (token: {_tokens.Endpoint})";

    /// <summary>The JSON body; the bearer header is added per attempt, since a replay carries a newer token.</summary>
    protected override SdkRequestMessage CreateMessage(ApiRequest request, CredentialSet credentials)
    {
        var content = new ByteArrayContent(JsonRequestBody.Write(request));
        content.Headers.ContentType = JsonContentType;
        return new SdkRequestMessage(HttpMethod.Post, Endpoint) { Content = content };
    }

    private ValueTask<TResult> SendWithAsync<TAnswer, TResult>(ApiRequest request, AccessToken token, CancellationToken cancellationToken)
        where TAnswer : IJsonAnswer<TResult>
    {
        var message = CreateMessage(request, token.IssuedFor);
        message.Headers.Authorization = token.Header;
        return Exchange.SendAsync<TAnswer, TResult>(message, request.Operation.Name, token.Gate, cancellationToken);
    }
}
