using Afilnet.Contacts.Transports;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Configuration;

/// <summary>
/// Fails the host's start when the configured transport ships in a package that is not registered (Soap without
/// <c>AddSoapTransport()</c>), naming the package and the call, instead of failing on the first call.
/// </summary>
internal sealed class AfilnetTransportAvailability(string name, string sectionPath, IEnumerable<AfilnetTransportFactory> factories) : IValidateOptions<AfilnetOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, AfilnetOptions options) =>
        !string.Equals(optionsName ?? Options.DefaultName, name, StringComparison.Ordinal)
            ? ValidateOptionsResult.Skip
            : TransportCatalog.Unavailable(options.Transport, factories, sectionPath) is { } problem
                ? ValidateOptionsResult.Fail(problem)
                : ValidateOptionsResult.Success;
}
