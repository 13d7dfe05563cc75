using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Afilnet.Transports.Benchmarks.Infrastructure;

/// <summary>
/// The one way the benchmark servers start Kestrel: no routing, logging or middleware, 127.0.0.1 and a free port only
/// (it refuses to run otherwise), every request to <paramref name="handle"/>.
/// </summary>
internal static class LoopbackHost
{
    public static async Task<(WebApplication App, Uri BaseAddress)> StartAsync(RequestDelegate handle, Action<KestrelServerLimits>? limits = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Listen(IPAddress.Loopback, 0);
            limits?.Invoke(options.Limits);
        });
        var app = builder.Build();
        app.Run(handle);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var uri = new Uri(address.EndsWith('/') ? address : address + "/");
        if (!IPAddress.IsLoopback(IPAddress.Parse(uri.Host)))
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"The benchmark server must listen on loopback only, not {uri.Host}.");
        }

        return (app, uri);
    }
}
