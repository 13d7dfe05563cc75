using Microsoft.Extensions.Options;

namespace Afilnet.Contacts;

/// <summary>
/// Checks <see cref="AfilnetOptions"/> at start: required keys by name, then whether the configured transport can be
/// built at all (its own checks: clear-text http, limits, minimum security level). Messages name the configuration key
/// (for example <c>Afilnet:Password</c>) and never a secret value.
/// </summary>
internal sealed class AfilnetOptionsValidator(string name, string sectionPath) : IValidateOptions<AfilnetOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, AfilnetOptions options)
    {
        if (!string.Equals(optionsName ?? Options.DefaultName, name, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        if (!Enum.IsDefined(options.Transport))
        {
            failures.Add($"{sectionPath}:Transport must be HttpGet, HttpPost, BasicAuth, Soap or OAuth2Json.");
            return ValidateOptionsResult.Fail(failures);
        }

        var oauthClientConfigured = options.Transport == AfilnetTransportKind.OAuth2Json
            && !string.IsNullOrWhiteSpace(options.ClientId) && !string.IsNullOrEmpty(options.ClientSecret);
        if (!oauthClientConfigured)
        {
            var needs = options.Transport == AfilnetTransportKind.OAuth2Json ? $" (or {sectionPath}:ClientId and {sectionPath}:ClientSecret)" : string.Empty;
            if (string.IsNullOrWhiteSpace(options.User))
            {
                failures.Add($"{sectionPath}:User is required by the {options.Transport} transport{needs}.");
            }

            if (string.IsNullOrEmpty(options.Password))
            {
                failures.Add($"{sectionPath}:Password is required by the {options.Transport} transport{needs}.");
            }
        }

        var level = AfilnetClientFactory.SecurityLevelOf(options.Transport);
        if (level < options.MinimumSecurityLevel)
        {
            failures.Add(
                $"{sectionPath}:Transport {options.Transport} has security level {level}, below {sectionPath}:MinimumSecurityLevel {options.MinimumSecurityLevel}.");
        }

        if (options.BaseAddress is null)
        {
            failures.Add($"{sectionPath}:BaseAddress is required.");
        }

        if (options.Retry is null)
        {
            failures.Add($"{sectionPath}:Retry must not be empty.");
        }

        if (failures.Count == 0)
        {
            TryBuild(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The transports hold the rules for addresses and limits; asking them keeps those rules in one place.</summary>
    private void TryBuild(AfilnetOptions options, List<string> failures)
    {
        try
        {
            using var probe = new HttpClient();
            var (_, transport) = AfilnetClientFactory.Create(options, probe);
            (transport as IDisposable)?.Dispose();
        }
        catch (ArgumentException ex)
        {
            // The transports' messages name the setting (BaseAddress, AllowInsecureHttp, TokenEndpoint, MaxUrlLength, …)
            // and carry no secret; drop the ArgumentException's "(Parameter 'x')" suffix, which names a C# parameter.
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            failures.Add($"{sectionPath}: {message}");
        }
    }
}
