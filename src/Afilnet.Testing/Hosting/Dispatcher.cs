using Afilnet.Testing.Decoding;
using Afilnet.Testing.Protocol;
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
                return Outcome.Fail(ErrorCodes.MissingUser);
            }

            if (string.IsNullOrEmpty(call.Password))
            {
                return Outcome.Fail(ErrorCodes.MissingPassword);
            }

            if (!string.Equals(call.User, options.User, StringComparison.Ordinal) || !string.Equals(call.Password, options.Password, StringComparison.Ordinal))
            {
                return Outcome.Fail(ErrorCodes.IncorrectUserPassword);
            }
        }

        if (string.IsNullOrEmpty(call.Class))
        {
            return Outcome.Fail(ErrorCodes.MissingClass);
        }

        if (!string.Equals(call.Class, FakeProtocol.ClassName, StringComparison.OrdinalIgnoreCase))
        {
            return Outcome.Fail(ErrorCodes.IncorrectClass);
        }

        if (string.IsNullOrEmpty(call.Method))
        {
            return Outcome.Fail(ErrorCodes.MissingMethod);
        }

        if (FakeProtocol.Find(call.Method) is not { } method)
        {
            return Outcome.Fail(ErrorCodes.IncorrectMethod);
        }

        var parameterNames = FakeProtocol.Methods[method];
        var args = new List<string>(parameterNames.Length);
        foreach (var name in parameterNames)
        {
            if (call.Get(name) is not { } value || string.IsNullOrWhiteSpace(value))
            {
                return Outcome.Fail(ErrorCodes.MissingCompulsoryParam);
            }

            args.Add(value);
        }

        return state.Invoke(method, args);
    }
}
