using Microsoft.Extensions.Http;

namespace Afilnet.Contacts.Transports.Http;

/// <summary>The names of the HTTP clients AddAfilnetContacts registered: the ones whose chain gets the policy.</summary>
internal sealed class AfilnetHttpClientNames
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public void Add(string name)
    {
        lock (_names)
        {
            _names.Add(name);
        }
    }

    public bool Contains(string name)
    {
        lock (_names)
        {
            return _names.Contains(name);
        }
    }
}

/// <summary>
/// Puts <see cref="AfilnetHttpPolicy"/> into the SDK's IHttpClientFactory clients as their innermost handler, after
/// every other configuration ran (the host's <c>ConfigureHttpClientDefaults</c> included): registered first, this filter
/// wraps all others, so its handler is added last, next to the primary handler. Whatever the host registers around the
/// SDK's client then sits outside the policy, which sends each attempt once.
/// </summary>
internal sealed class AfilnetHttpPolicyFilter(AfilnetHttpClientNames names) : IHttpMessageHandlerBuilderFilter
{
    public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
    {
        next(builder);
        if (builder.Name is { } name && names.Contains(name))
        {
            builder.AdditionalHandlers.Add(new AfilnetHttpPolicy());
            HttpPipeline.Harden(builder.PrimaryHandler);
        }
    };
}
