using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Contract;

/// <summary>
/// The contract of protocol.md, run for every method against every transport of <see cref="WireStyles.All"/>: the exact
/// call on the wire, the parsing of the documented success answer, and every documented error code as a typed error.
/// </summary>
public sealed class ContractTests
{
    public static TheoryData<string, string> StylesAndMethods() => WireStyles.Times(ContractCases.Calls.Select(c => c.Name));

    /// <summary>Each method's own documented codes, one code all methods share, and a code the SDK does not know.</summary>
    public static TheoryData<string, string, string> StylesMethodsAndErrors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var style in WireStyles.All)
        {
            foreach (var @case in ContractCases.Calls)
            {
                foreach (var code in @case.MethodErrors.Select(c => c.Value).Append("INCORRECT_USER_PASSWORD").Append("SOME_FUTURE_CODE"))
                {
                    data.Add(style.Name, @case.Name, code);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, string> StylesAndDocumentedCodes() => WireStyles.Times(ContractCases.DocumentedCodes);

    [Theory]
    [MemberData(nameof(StylesAndMethods))]
    public async Task Sends_the_documented_method_and_parameters_in_order(string style, string name)
    {
        var @case = ContractCases.Named(name);
        var method = @case.Method;
        using var harness = new Harness(style);
        harness.AnswerSuccess(method, @case.ResultJson);

        await @case.Invoke(harness.Api, TestContext.Current.CancellationToken);

        var call = harness.SingleCall();
        Assert.Equal("group", call.Class);
        Assert.Equal(method, call.Method);
        Assert.Equal(@case.ExpectedParameters, call.Parameters);
    }

    [Theory]
    [MemberData(nameof(StylesAndMethods))]
    public async Task Maps_the_documented_success_answer(string style, string name)
    {
        var @case = ContractCases.Named(name);
        var method = @case.Method;
        using var harness = new Harness(style);
        harness.AnswerSuccess(method, @case.ResultJson);

        var result = await @case.Invoke(harness.Api, TestContext.Current.CancellationToken);

        @case.AssertResult(result);
    }

    [Theory]
    [MemberData(nameof(StylesMethodsAndErrors))]
    public async Task Surfaces_an_error_code_as_AfilnetApiException(string style, string name, string code)
    {
        var @case = ContractCases.Named(name);
        var method = @case.Method;
        using var harness = new Harness(style);
        harness.AnswerError(method, code);

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => @case.Invoke(harness.Api, TestContext.Current.CancellationToken));

        Assert.Equal(code, error.ErrorCode.Value);
        Assert.Equal(method, error.Method);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
        Assert.Single(harness.Fake.Requests);
    }

    [Theory]
    [MemberData(nameof(StylesAndDocumentedCodes))]
    public async Task Knows_each_of_the_fourteen_documented_codes(string style, string code)
    {
        using var harness = new Harness(style);
        harness.AnswerError("getcontacts", code);

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => harness.Api.GetContactsAsync(new GroupId(7), TestContext.Current.CancellationToken));

        // The list comes from protocol.md, not from the SDK: a code the SDK forgot fails here.
        Assert.True(error.ErrorCode.IsDocumented, $"{code} is documented but the SDK does not know it");
        Assert.Equal(code, error.ErrorCode.ToString());
        Assert.DoesNotContain("failed with error " + code + ".", error.Message, StringComparison.Ordinal);
    }
}
