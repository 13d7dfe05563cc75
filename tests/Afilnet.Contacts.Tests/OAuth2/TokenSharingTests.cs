using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transports.OAuth2Json;
using Afilnet.Testing;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Tests.OAuth2;

/// <summary>
/// One token per credential set: the clients of a container share it, and with <c>ShareTokensThroughHybridCache()</c>
/// so do the containers of a fleet (each a "worker process" with its own HybridCache over one distributed cache). A
/// refused token leaves the shared cache; a cache that fails means asking the endpoint, never a call without a token.
/// </summary>
public sealed class TokenSharingTests
{
    private const string OtherSecret = "another-client-secret-77";

    /// <summary>A worker: one container with a default and a keyed client, optionally sharing tokens through HybridCache.</summary>
    private sealed class Worker : IDisposable
    {
        public Worker(AfilnetFakeServer fake, IDistributedCache? fleet, string? keyedSecret = null, RedisServer? redis = null, int? redisConnectTimeoutMs = null)
        {
            var services = new ServiceCollection();
            services.AddSingleton<TimeProvider>(TestClients.NewClock());
            if (redis is not null)
            {
                // A worker process's own connection to the fleet's Redis, as an app registers it.
                services.AddStackExchangeRedisCache(o =>
                {
                    o.ConfigurationOptions = redis.ClientOptions();
                    o.ConfigurationOptions.ConnectTimeout = redisConnectTimeoutMs ?? o.ConfigurationOptions.ConnectTimeout;
                });
                services.AddHybridCache();
            }
            else if (fleet is not null)
            {
                services.AddSingleton(fleet);
                services.AddHybridCache();
            }

            var shared = redis is not null || fleet is not null;

            foreach (var (name, secret) in new[] { (Options.DefaultName, fake.ClientSecret), ("second", keyedSecret ?? fake.ClientSecret) })
            {
                void Configure(AfilnetOptions o)
                {
                    o.Transport = AfilnetTransportKind.OAuth2Json;
                    o.BaseAddress = fake.BaseAddress;
                    o.ClientId = fake.ClientId;
                    o.ClientSecret = secret;
                    o.Retry.MaxRetries = 0;
                }

                var builder = name == Options.DefaultName ? services.AddAfilnetContacts(Configure) : services.AddAfilnetContacts(name, Configure);
                builder.HttpClient.ConfigurePrimaryHttpMessageHandler(fake.CreateHandler);
                if (shared)
                {
                    builder.ShareTokensThroughHybridCache();
                }
            }

            Provider = services.BuildServiceProvider();
            Provider.GetRequiredService<IStartupValidator>().Validate();
        }

        public ServiceProvider Provider { get; }

        public async Task CallBothAsync()
        {
            var ct = TestContext.Current.CancellationToken;
            await Provider.GetRequiredService<IContactsApi>().CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct);
            await Provider.GetRequiredKeyedService<IContactsApi>("second").CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct);
        }

        public void Dispose() => Provider.Dispose();
    }

    private static Recording NewFleetCache() => new(new MemoryDistributedCache(Microsoft.Extensions.Options.Options.Create(new MemoryDistributedCacheOptions())));

    [Fact]
    public async Task The_clients_of_one_container_with_the_same_credentials_take_one_token()
    {
        using var fake = AfilnetFakeServer.CreateInMemory();
        using var worker = new Worker(fake, fleet: null);

        await worker.CallBothAsync();
        await worker.CallBothAsync();

        Assert.Equal(1, fake.TokensIssued);
    }

    [Fact]
    public async Task Clients_with_different_credentials_never_share_a_token()
    {
        using var fake = AfilnetFakeServer.CreateInMemory(new AfilnetFakeServerOptions());
        using var worker = new Worker(fake, fleet: null, keyedSecret: OtherSecret);

        // The fake accepts one client secret: the second client's token request is refused, so it cannot have
        // borrowed the first one's token.
        var ct = TestContext.Current.CancellationToken;
        await worker.Provider.GetRequiredService<IContactsApi>().CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct);
        await Assert.ThrowsAsync<AfilnetAuthenticationException>(() => worker.Provider.GetRequiredKeyedService<IContactsApi>("second").CreateGroupAsync("g", GroupType.Mobile, ["mobile"], ct));

        Assert.Equal(1, fake.TokensIssued);
    }

    [Theory]
    [InlineData(false, 4)]
    [InlineData(true, 1)]
    public async Task Four_workers_with_two_clients_each_take_one_token_when_they_share_through_HybridCache(bool shared, int tokens)
    {
        // Before tokens were shared at all this took 8: two per worker. Within a worker its two clients share now.
        using var fake = AfilnetFakeServer.CreateInMemory();
        var fleet = NewFleetCache();
        for (var i = 0; i < 4; i++)
        {
            using var worker = new Worker(fake, shared ? fleet : null);
            await worker.CallBothAsync();
        }

        Assert.Equal(tokens, fake.TokensIssued);
        Assert.Equal(8, fake.Requests.Count(r => r.Method == "creategroup"));
    }

    [Fact]
    public async Task A_refused_token_leaves_the_shared_cache_and_the_next_worker_gets_the_new_one()
    {
        using var fake = AfilnetFakeServer.CreateInMemory();
        var fleet = NewFleetCache();
        using (var first = new Worker(fake, fleet))
        {
            await first.CallBothAsync();

            // The API refuses the token once (revoked, say): one refresh, one replay, and the new token is published.
            fake.InjectFault(FakeFault.Status(401));
            await first.CallBothAsync();
        }

        using var second = new Worker(fake, fleet);
        await second.CallBothAsync();

        Assert.Equal(2, fake.TokensIssued);
    }

    [Fact]
    public async Task A_shared_cache_that_fails_means_asking_the_endpoint_never_a_call_without_a_token()
    {
        using var fake = AfilnetFakeServer.CreateInMemory();
        using var worker = new Worker(fake, new FailingCache());

        await worker.CallBothAsync();

        // Both calls went through (the fake refuses a call without a valid token), on one token from the endpoint.
        Assert.Equal(1, fake.TokensIssued);
        Assert.Equal(2, fake.Requests.Count(r => r.Method == "creategroup"));
    }

    [Fact]
    public void The_cache_key_covers_every_token_request_parameter_and_does_not_reveal_the_secret()
    {
        var endpoint = new Uri("https://www.afilnet.com/api/oauth2/token");
        Afilnet.Contacts.Configuration.CredentialSet Set(string id, string secret) => new(null, id, secret, Afilnet.Contacts.Secrets.ServerTextGate.None);
        var key = TokenCaching.KeyOf(endpoint, Set("client", TestCredentials.Password), OAuth2ClientAuthentication.ClientSecretBasic);

        Assert.NotEqual(key, TokenCaching.KeyOf(new Uri("https://other.example/token"), Set("client", TestCredentials.Password), OAuth2ClientAuthentication.ClientSecretBasic));
        Assert.NotEqual(key, TokenCaching.KeyOf(endpoint, Set("other", TestCredentials.Password), OAuth2ClientAuthentication.ClientSecretBasic));
        Assert.NotEqual(key, TokenCaching.KeyOf(endpoint, Set("client", TestCredentials.Password + "x"), OAuth2ClientAuthentication.ClientSecretBasic));
        Assert.NotEqual(key, TokenCaching.KeyOf(endpoint, Set("client", TestCredentials.Password), OAuth2ClientAuthentication.ClientSecretPost));
        Assert.Equal(key, TokenCaching.KeyOf(endpoint, Set("client", TestCredentials.Password), OAuth2ClientAuthentication.ClientSecretBasic));
        SecretAssert.CleanText(key, TestCredentials.Password);
        Assert.Matches("^afilnet:token:v1:[0-9a-f]{64}$", key);
    }

    [Fact]
    public async Task Four_workers_with_two_clients_each_over_a_real_Redis_take_one_token_per_credential_set()
    {
        using var redis = RedisServer.StartOrSkip();
        using var fake = AfilnetFakeServer.CreateInMemory();
        using var other = AfilnetFakeServer.CreateInMemory(new AfilnetFakeServerOptions { ClientSecret = OtherSecret });
        for (var i = 0; i < 4; i++)
        {
            foreach (var server in new[] { fake, other })
            {
                using var worker = new Worker(server, fleet: null, redis: redis);
                await worker.CallBothAsync();
            }
        }

        // Two credential sets (the second fake's client secret differs): one token each, for 4 x 2 clients of each.
        Assert.Equal([1, 1], new[] { fake.TokensIssued, other.TokensIssued });
    }

    [Fact]
    public async Task With_Redis_stopped_mid_run_calls_go_on_and_none_is_sent_without_a_token()
    {
        using var redis = RedisServer.StartOrSkip();
        using var fake = AfilnetFakeServer.CreateInMemory();
        using var running = new Worker(fake, fleet: null, redis: redis);
        await running.CallBothAsync();

        await redis.StopAsync();
        await running.CallBothAsync();
        // Its connection attempt to the stopped server is cut short (the client library waits on the real clock).
        using var started = new Worker(fake, fleet: null, redis: redis, redisConnectTimeoutMs: 200);
        await started.CallBothAsync();

        // The running worker kept its token; the one started after the stop asked the endpoint once for its two clients.
        Assert.Equal(2, fake.TokensIssued);
        Assert.Equal(6, fake.Requests.Count(r => r.Method == "creategroup"));
    }

    /// <summary>
    /// An IDistributedCache and nothing more: MemoryDistributedCache also implements IBufferDistributedCache, through
    /// which HybridCache did not find what another instance had stored (the fleet then took a token per worker).
    /// </summary>
    private sealed class Recording(IDistributedCache inner) : IDistributedCache
    {
        public List<string> Ops { get; } = [];

        public byte[]? Get(string key) { Ops.Add("get " + key); return inner.Get(key); }

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) { Ops.Add("getasync " + key); return inner.GetAsync(key, token); }

        public void Refresh(string key) => inner.Refresh(key);

        public Task RefreshAsync(string key, CancellationToken token = default) => inner.RefreshAsync(key, token);

        public void Remove(string key) { Ops.Add("remove"); inner.Remove(key); }

        public Task RemoveAsync(string key, CancellationToken token = default) { Ops.Add("removeasync"); return inner.RemoveAsync(key, token); }

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) { Ops.Add("set " + key); inner.Set(key, value, options); }

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) { Ops.Add("setasync " + key); return inner.SetAsync(key, value, options, token); }
    }

    /// <summary>A distributed cache that is down.</summary>
    private sealed class FailingCache : IDistributedCache
    {
        public byte[]? Get(string key) => throw new InvalidOperationException("cache down");

        public Task<byte[]?> GetAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("cache down");

        public void Refresh(string key) => throw new InvalidOperationException("cache down");

        public Task RefreshAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("cache down");

        public void Remove(string key) => throw new InvalidOperationException("cache down");

        public Task RemoveAsync(string key, CancellationToken token = default) => throw new InvalidOperationException("cache down");

        public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => throw new InvalidOperationException("cache down");

        public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) => throw new InvalidOperationException("cache down");
    }
}
