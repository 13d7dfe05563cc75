using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Configuration;

/// <summary>
/// Checks <see cref="AfilnetOptions"/> when the host starts, with the same rules the client's constructor applies
/// (<see cref="ClientSettings.Validate"/>). Messages name the configuration key under the client's own section.
/// </summary>
internal sealed class AfilnetOptionsValidator(string name, string sectionPath) : IValidateOptions<AfilnetOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, AfilnetOptions options)
    {
        if (!string.Equals(optionsName ?? Options.DefaultName, name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = ClientSettings.Validate(options, sectionPath);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
