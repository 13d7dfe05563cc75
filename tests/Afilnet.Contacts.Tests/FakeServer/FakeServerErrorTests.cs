using System.Text;
using System.Text.Json;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.FakeServer;

/// <summary>
/// Every documented error code, provoked on the fake. Through the real SDK clients where the SDK can send the
/// request; through a transport with a hand-made request where the SDK's own checks refuse it first; and as raw
/// HTTP only for what no transport can send (no user, no password, no or a wrong class or method).
/// </summary>
public sealed class FakeServerErrorTests : IDisposable
{
    private readonly AfilnetFakeServer _fake = AfilnetFakeServer.Start();
    private readonly HttpClient _http = new();

    public static TheoryData<string> DocumentedCodes => new(ApiErrorCode.Documented.Select(c => c.Value));

    /// <summary>Every style of <see cref="WireStyles.All"/> but OAuth2Json, whose calls carry a token instead.</summary>
    public static TheoryData<string> CredentialStyles => new(WireStyles.All.Where(s => s.Transport != AfilnetTransportKind.OAuth2Json).Select(s => s.Name));

    [Theory]
    [MemberData(nameof(DocumentedCodes))]
    public async Task Every_documented_code_is_answered(string code)
    {
        Assert.Equal(code, await ProvokeAsync(code));
    }

    [Theory]
    [MemberData(nameof(CredentialStyles))]
    public async Task Wrong_password_is_INCORRECT_USER_PASSWORD_in_every_style_that_carries_one(string style)
    {
        using var client = new FakeClient(_fake, style, o => o.Password = "not-the-password");

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => client.Api.GetGroupColumnsAsync(new GroupId(1000), TestContext.Current.CancellationToken));

        Assert.Equal(ApiErrorCode.IncorrectUserPassword, error.ErrorCode);
    }

    [Theory]
    [MemberData(nameof(FakeClient.Styles), MemberType = typeof(FakeClient))]
    public async Task Empty_parameter_is_MISSING_COMPULSORY_PARAM_in_every_style(string style)
    {
        using var client = new FakeClient(_fake, style);

        Assert.Equal(ApiErrorCode.MissingCompulsoryParam, await client.SendRawAsync(ApiOperations.AddColumnToGroup, "1000", ""));
    }

    [Fact]
    public async Task Soap_unknown_method_element_is_INCORRECT_METHOD_in_a_normal_response()
    {
        var envelope = $"""
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
            <frobnicate xmlns="{SoapStyle.Api.NamespaceName}"><user>{_fake.User}</user><password>{_fake.Password}</password></frobnicate>
            </soap:Body></soap:Envelope>
            """;
        using var content = new StringContent(envelope, Encoding.UTF8, "text/xml");
        content.Headers.Add("SOAPAction", $"\"{SoapStyle.Api.NamespaceName}frobnicate\"");

        using var response = await _http.PostAsync(new Uri(_fake.BaseAddress, "api/soap/"), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("<frobnicateResponse", body, StringComparison.Ordinal);
        Assert.Contains(">INCORRECT_METHOD</error>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soap_envelope_with_a_DTD_is_a_Fault_and_nothing_is_expanded()
    {
        var envelope = """
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]>
            <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body/></soap:Envelope>
            """;
        using var content = new StringContent(envelope, Encoding.UTF8, "text/xml");

        using var response = await _http.PostAsync(new Uri(_fake.BaseAddress, "api/soap/"), content, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(500, (int)response.StatusCode);
        Assert.Contains("<soap:Fault>", body, StringComparison.Ordinal);
        Assert.Contains("soap:Client", body, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _http.Dispose();
        _fake.Dispose();
    }

    private async Task<string> ProvokeAsync(string code)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new FakeClient(_fake, "HttpPost");
        var api = client.Api;
        var user = $"user={Uri.EscapeDataString(_fake.User)}";
        var password = $"password={Uri.EscapeDataString(_fake.Password)}";
        switch (code)
        {
            case "MISSING_USER":
                return await RawFormAsync($"class=group&method=getcontacts&{password}&idgroup=1000");
            case "MISSING_PASSWORD":
                return await RawFormAsync($"class=group&method=getcontacts&{user}&idgroup=1000");
            case "INCORRECT_USER_PASSWORD":
                using (var wrong = new FakeClient(_fake, "HttpPost", o => o.Password = "wrong"))
                {
                    return await ApiErrorAsync(() => wrong.Api.GetContactsAsync(new GroupId(1000), ct));
                }

            case "MISSING_CLASS":
                return await RawFormAsync($"method=getcontacts&{user}&{password}&idgroup=1000");
            case "INCORRECT_CLASS":
                return await RawFormAsync($"class=sms&method=getcontacts&{user}&{password}&idgroup=1000");
            case "MISSING_METHOD":
                return await RawFormAsync($"class=group&{user}&{password}&idgroup=1000");
            case "INCORRECT_METHOD":
                return await RawFormAsync($"class=group&method=sendsms&{user}&{password}&idgroup=1000");
            case "MISSING_COMPULSORY_PARAM":
                return (await client.SendRawAsync(ApiOperations.GetContacts, ""))!.Value.Value;
            case "INCORRECT_TYPE":
                return (await client.SendRawAsync(ApiOperations.CreateGroup, "g", "sms", "mobile"))!.Value.Value;
            case "MISSING_MAIN_FIELD":
                var group = (await api.CreateGroupAsync("g", GroupType.Email, ["email", "name"], ct)).GroupId!.Value;
                Assert.Equal(ApiErrorCode.MissingMainField, await client.SendRawAsync(ApiOperations.CreateGroup, "g", "mobile", "email,name"));
                return await ApiErrorAsync(() => api.AddContactAsync(group, new ContactFields { { "name", "no e-mail" } }, ct));
            case "NOT_ACCESS_TO_GROUP":
                return await ApiErrorAsync(() => api.GetGroupColumnsAsync(new GroupId(424242), ct));
            case "NOT_ACCESS_TO_CONTACT":
                var g = (await api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
                return await ApiErrorAsync(() => api.GetContactAsync(g, new ContactId(424242), ct));
            case "CONTACT_EXISTS":
                var h = (await api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
                await api.AddContactAsync(h, new ContactFields { { "mobile", "34600000000" } }, ct);
                return await ApiErrorAsync(() => api.AddContactAsync(h, new ContactFields { { "mobile", "34600000000" } }, ct));
            case "COUNTRY_NOT_FOUND":
                var k = (await api.CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct)).GroupId!.Value;
                return await ApiErrorAsync(() => api.AssignCountryToGroupAsync(k, "xyz", ct));
            default:
                Assert.Fail($"No way to provoke {code} is known to this test: add one.");
                return string.Empty;
        }
    }

    private static async Task<string> ApiErrorAsync(Func<Task> call) => (await Assert.ThrowsAsync<AfilnetApiException>(call)).ErrorCode.Value;

    private async Task<string> RawFormAsync(string form)
    {
        using var content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _http.PostAsync(new Uri(_fake.BaseAddress, "api/http/"), content, TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("ERROR", json.RootElement.GetProperty("status").GetString());
        return json.RootElement.GetProperty("error").GetString()!;
    }
}
