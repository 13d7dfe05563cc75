using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Contract;

/// <summary>
/// The contract of protocol.md, run for every method against every transport: the exact call on the wire,
/// the parsing of the documented success answer, and every documented error code as a typed error.
/// </summary>
public sealed class ContractTests
{
    public static TheoryData<string, string> StylesAndMethods()
    {
        var data = new TheoryData<string, string>();
        foreach (var style in WireStyles.All)
        {
            foreach (var @case in ContractCases.All)
            {
                data.Add(style.Name, @case.Operation.Name);
            }
        }

        return data;
    }

    /// <summary>Each method's own documented codes, one code all methods share, and a code the SDK does not know.</summary>
    public static TheoryData<string, string, string> StylesMethodsAndErrors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var style in WireStyles.All)
        {
            foreach (var @case in ContractCases.All)
            {
                foreach (var code in @case.MethodErrors.Append(ApiErrorCode.IncorrectUserPassword).Append(new ApiErrorCode("SOME_FUTURE_CODE")))
                {
                    data.Add(style.Name, @case.Operation.Name, code.Value);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, string> StylesAndDocumentedCodes()
    {
        var data = new TheoryData<string, string>();
        foreach (var style in WireStyles.All)
        {
            foreach (var code in ApiErrorCode.Documented)
            {
                data.Add(style.Name, code.Value);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(StylesAndMethods))]
    public async Task Sends_the_documented_method_and_parameters_in_order(string style, string method)
    {
        var @case = ContractCases.Get(method);
        using var harness = new Harness(style);
        harness.AnswerSuccess(@case.Operation, @case.ResultJson);

        await @case.Invoke(harness.Api, TestContext.Current.CancellationToken);

        var call = harness.SingleCall();
        Assert.Equal("group", call.Class);
        Assert.Equal(method, call.Method);
        Assert.Equal(@case.ExpectedParameters, call.Parameters);
    }

    [Theory]
    [MemberData(nameof(StylesAndMethods))]
    public async Task Maps_the_documented_success_answer(string style, string method)
    {
        var @case = ContractCases.Get(method);
        using var harness = new Harness(style);
        harness.AnswerSuccess(@case.Operation, @case.ResultJson);

        var result = await @case.Invoke(harness.Api, TestContext.Current.CancellationToken);

        @case.AssertResult(result);
    }

    [Theory]
    [MemberData(nameof(StylesMethodsAndErrors))]
    public async Task Surfaces_an_error_code_as_AfilnetApiException(string style, string method, string code)
    {
        var @case = ContractCases.Get(method);
        using var harness = new Harness(style);
        harness.AnswerError(@case.Operation, code);

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => @case.Invoke(harness.Api, TestContext.Current.CancellationToken));

        Assert.Equal(new ApiErrorCode(code), error.ErrorCode);
        Assert.Equal(method, error.Method);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.Single(harness.Fake.Requests);
    }

    [Theory]
    [MemberData(nameof(StylesAndDocumentedCodes))]
    public async Task Knows_all_fourteen_documented_codes(string style, string code)
    {
        using var harness = new Harness(style);
        harness.AnswerError(Transport.ApiOperations.GetContacts, code);

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => harness.Api.GetContactsAsync(new GroupId(7), TestContext.Current.CancellationToken));

        Assert.True(error.ErrorCode.IsDocumented);
        Assert.Equal(code, error.ErrorCode.ToString());
    }
}
