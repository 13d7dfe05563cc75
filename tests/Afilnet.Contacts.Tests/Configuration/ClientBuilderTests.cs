using System.Net;
using Afilnet.Contacts.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Afilnet.Contacts.Tests.Configuration;

/// <summary>
/// What <c>AddAfilnetContacts</c> returns and what an app's HTTP settings do to the SDK's client: an app-wide proxy and
/// the builder's handlers reach every transport (Soap and the token request included); Soap needs its package
/// registered and says so at start; a client is registered once.
/// </summary>
public sealed class ClientBuilderTests
{
    public static TheoryData<string> Styles() => WireStyles.Names();

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task An_app_wide_proxy_reaches_every_transport(string styleName)
    {
        // The API's host does not resolve: only the proxy (the fake, which serves absolute-form requests) can answer.
        var style = WireStyles.Get(styleName);
        using var proxy = FakeApi.Start();
        proxy.IsApiCall = style.IsApiCall;
        var (body, type) = style.RenderSuccess("getgroupcolumns", """["mobile","name"]""");
        proxy.Answer(body, type);
        style.Prepare(proxy);
        var settings = ConfiguredClient.For(style, new Uri("http://afilnet.invalid/"));
        settings["Afilnet:AllowInsecureHttp"] = "true";
        using var host = new ConfiguredClient(settings, extra: s => s.ConfigureHttpClientDefaults(b =>
            b.ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { Proxy = new WebProxy(proxy.BaseAddress), UseProxy = true })));
        host.Start();

        var columns = await host.Api.GetGroupColumnsAsync(new GroupId(1), TestContext.Current.CancellationToken);

        Assert.Equal(["mobile", "name"], columns);
        Assert.All(proxy.AllRequests, r => Assert.Equal("afilnet.invalid", Assert.Single(r.Headers!["Host"])));
        Assert.Single(proxy.Requests);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public async Task A_handler_added_on_the_builder_sees_every_request_of_every_transport(string styleName)
    {
        var style = WireStyles.Get(styleName);
        using var fake = FakeApi.Start();
        fake.IsApiCall = style.IsApiCall;
        var (body, type) = style.RenderSuccess("deletegroup", null);
        fake.Answer(body, type);
        style.Prepare(fake);
        var seen = new List<string>();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ConfiguredClient.For(style, fake.BaseAddress)).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(TestClients.NewClock());
        var builder = services.AddAfilnetContacts(configuration.GetSection("Afilnet")).AddSoapTransport();
        builder.HttpClient.AddHttpMessageHandler(() => new RecordingHandler(seen));
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();

        await provider.GetRequiredService<IContactsApi>().DeleteGroupAsync(new GroupId(1), TestContext.Current.CancellationToken);

        // Every request the server got passed the handler: the API call, and the token request first under OAuth2Json.
        Assert.Equal(fake.AllRequests.Select(r => r.Path), seen);
        Assert.Equal(style.Transport == AfilnetTransportKind.OAuth2Json ? 2 : 1, seen.Count);
        Assert.Equal(Options.DefaultName, builder.Name);
    }

    [Fact]
    public void Soap_without_its_package_registered_fails_at_start_naming_the_package_and_the_call()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ConfiguredClient.For("Soap", new Uri("https://www.afilnet.com/"))).Build();
        var services = new ServiceCollection();
        services.AddAfilnetContacts(configuration.GetSection("Afilnet"));
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var noHost = Assert.Throws<ArgumentException>(() => new ContactsClient(WireStyles.Get("Soap").Options(new Uri("https://www.afilnet.com/"))));

        foreach (var message in new[] { error.Message, noHost.Message })
        {
            Assert.Contains("Afilnet:Transport is Soap", message, StringComparison.Ordinal);
            Assert.Contains("Afilnet.Contacts.Soap", message, StringComparison.Ordinal);
            Assert.Contains("AddSoapTransport()", message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Registering_a_client_twice_is_an_error_that_says_so()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(ConfiguredClient.For("HttpPost", new Uri("https://www.afilnet.com/"))).Build();
        var services = new ServiceCollection();
        services.AddAfilnetContacts(configuration.GetSection("Afilnet"));
        services.AddAfilnetContacts("eu", configuration.GetSection("Afilnet"));

        var unkeyed = Assert.Throws<InvalidOperationException>(() => services.AddAfilnetContacts(o => o.Password = "other"));
        var named = Assert.Throws<InvalidOperationException>(() => services.AddAfilnetContacts("eu", configuration.GetSection("Afilnet")));

        Assert.Contains("called twice for the unkeyed client", unkeyed.Message, StringComparison.Ordinal);
        Assert.Contains("'eu'", named.Message, StringComparison.Ordinal);
    }

    private sealed class RecordingHandler(List<string> seen) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                seen.Add(request.RequestUri!.AbsolutePath);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
