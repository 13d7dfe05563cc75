using System.Text;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>The fixture really starts and stops a Redis: a cache over it works, and fails once the fixture stops it.</summary>
public sealed class RedisServerTests
{
    [Fact]
    public async Task A_distributed_cache_over_the_server_works_until_the_server_is_stopped()
    {
        using var redis = RedisServer.StartOrSkip();
        var services = new ServiceCollection();
        services.AddStackExchangeRedisCache(o => o.ConfigurationOptions = redis.ClientOptions());
        await using var provider = services.BuildServiceProvider();
        var cache = provider.GetRequiredService<IDistributedCache>();
        var token = TestContext.Current.CancellationToken;

        await cache.SetAsync("fixture", Encoding.UTF8.GetBytes("up"), token);
        Assert.Equal("up", Encoding.UTF8.GetString(await cache.GetAsync("fixture", token) ?? []));
        Assert.Equal(redis.ConnectionString, $"127.0.0.1:{redis.Port}");

        await redis.StopAsync();

        Assert.False(redis.IsRunning);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => cache.GetAsync("fixture", token));
        TestContext.Current.TestOutputHelper?.WriteLine($"with the server stopped: {error.GetType().Name}: {error.Message}");
        Assert.True(error is RedisConnectionException or RedisTimeoutException, error.ToString());
    }
}
