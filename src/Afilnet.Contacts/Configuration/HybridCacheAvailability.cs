using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Configuration;

/// <summary>Fails the host's start when a client shares tokens through HybridCache but the app registered none.</summary>
internal sealed class HybridCacheAvailability(string name, bool registered) : IValidateOptions<AfilnetOptions>
{
    public ValidateOptionsResult Validate(string? optionsName, AfilnetOptions options) =>
        !string.Equals(optionsName ?? Options.DefaultName, name, StringComparison.Ordinal) || registered
            ? ValidateOptionsResult.Skip
            : ValidateOptionsResult.Fail(
                "ShareTokensThroughHybridCache() needs a HybridCache: call services.AddHybridCache() (package Microsoft.Extensions.Caching.Hybrid) " +
                "and register the distributed cache the fleet shares, for example services.AddStackExchangeRedisCache(…).");
}
