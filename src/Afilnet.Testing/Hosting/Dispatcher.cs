using Afilnet.Contacts;
using Afilnet.Contacts.Transport;
using Afilnet.Testing.Decoding;
using Afilnet.Testing.State;

namespace Afilnet.Testing.Hosting;

/// <summary>
/// The checks every method shares, in the order the API documents them (credentials, class, method, compulsory
/// parameters), then the one stateful implementation. The same for all five styles.
/// </summary>
internal sealed class Dispatcher(AfilnetFakeServerOptions options, ContactsState state)
{
    public Outcome Dispatch(ApiCall call)
    {
        if (!call.IsBearer)
        {
            if (string.IsNullOrEmpty(call.User))
            {
                return Outcome.Fail(ApiErrorCode.MissingUser);
            }

            if (string.IsNullOrEmpty(call.Password))
            {
                return Outcome.Fail(ApiErrorCode.MissingPassword);
            }

            if (!string.Equals(call.User, options.User, StringComparison.Ordinal) || !string.Equals(call.Password, options.Password, StringComparison.Ordinal))
            {
                return Outcome.Fail(ApiErrorCode.IncorrectUserPassword);
            }
        }

        if (string.IsNullOrEmpty(call.Class))
        {
            return Outcome.Fail(ApiErrorCode.MissingClass);
        }

        if (!string.Equals(call.Class, ApiOperation.ClassName, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome.Fail(ApiErrorCode.IncorrectClass);
        }

        if (string.IsNullOrEmpty(call.Method))
        {
            return Outcome.Fail(ApiErrorCode.MissingMethod);
        }

        if (ApiOperations.Find(call.Method) is not { } operation)
        {
            return Outcome.Fail(ApiErrorCode.IncorrectMethod);
        }

        var args = new List<string>(operation.ParameterNames.Count);
        foreach (var name in operation.ParameterNames)
        {
            if (call.Get(name) is not { } value || string.IsNullOrWhiteSpace(value))
            {
                return Outcome.Fail(ApiErrorCode.MissingCompulsoryParam);
            }

            args.Add(value);
        }

        return state.Invoke(operation.Name, args);
    }
}
