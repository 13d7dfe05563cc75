using System.Reflection;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;

namespace Afilnet.Contacts.Tests.Conventions;

/// <summary>Rules of the public API, checked by reflection so a new member cannot forget them.</summary>
public sealed class ConventionTests
{
    private static readonly Assembly Sdk = typeof(IContactsApi).Assembly;

    private static IEnumerable<MethodInfo> PublicAsyncMethods() =>
        Sdk.GetExportedTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => typeof(Task).IsAssignableFrom(m.ReturnType) || m.ReturnType.IsGenericType && m.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>) || m.ReturnType == typeof(ValueTask))
            .Where(m => !m.IsSpecialName && m.DeclaringType != typeof(object))

            // IAsyncDisposable.DisposeAsync takes no token by the platform's design.
            .Where(m => m.Name != nameof(IAsyncDisposable.DisposeAsync));

    [Fact]
    public void Every_public_async_method_ends_in_Async_and_takes_a_CancellationToken_last()
    {
        var methods = PublicAsyncMethods().ToList();
        Assert.NotEmpty(methods);
        foreach (var method in methods)
        {
            var name = $"{method.DeclaringType!.Name}.{method.Name}";
            Assert.True(method.Name.EndsWith("Async", StringComparison.Ordinal), $"{name} returns a task but is not named *Async");
            var last = method.GetParameters().LastOrDefault();
            Assert.True(last?.ParameterType == typeof(CancellationToken), $"{name} must take a CancellationToken as its last parameter");
        }
    }

    [Fact]
    public void The_interface_has_the_twelve_documented_methods()
    {
        var methods = typeof(IContactsApi).GetMethods().Select(m => m.Name.ToLowerInvariant()).ToHashSet();

        // Each wire name is the method's name without "Async", lower-cased (getgroupcolumns <- GetGroupColumnsAsync).
        Assert.Equal(ApiOperations.All.Select(o => o.Name + "async").Order(), methods.Order());
    }

    [Fact]
    public void Every_transport_is_in_the_contract_suite()
    {
        var transports = Sdk.GetExportedTypes().Where(t => typeof(ITransport).IsAssignableFrom(t) && !t.IsInterface && t.Namespace!.StartsWith("Afilnet.Contacts.Transport", StringComparison.Ordinal)).ToList();
        var covered = WireStyles.All.Select(s =>
        {
            using var http = new HttpClient();
            var transport = s.CreateTransport(http, new Uri("http://127.0.0.1:9/"), TestCredentials.Create());
            (transport as IDisposable)?.Dispose();
            return transport.GetType();
        }).ToHashSet();

        Assert.Equal(5, transports.Count);
        foreach (var transport in transports)
        {
            Assert.True(covered.Contains(transport), $"{transport.Name} has no wire style in WireStyles.All, so the contract suite does not run against it");
        }
    }

    [Fact]
    public void Every_transport_kind_builds_a_transport_whose_name_is_the_kind()
    {
        using var http = new HttpClient();
        foreach (var kind in Enum.GetValues<AfilnetTransportKind>())
        {
            var transport = AfilnetClientFactory.CreateTransport(new AfilnetOptions { Transport = kind, User = "u", Password = "Pw-CANARY-conv" }, http);
            try
            {
                Assert.Equal(kind.ToString(), transport.Name);
                Assert.DoesNotContain("CANARY", transport.ToString(), StringComparison.Ordinal);
            }
            finally
            {
                (transport as IDisposable)?.Dispose();
            }
        }
    }

    [Fact]
    public void Every_public_type_with_a_secret_prints_a_placeholder()
    {
        const string Secret = "Pw-CANARY-convention-31";
        using var http = new HttpClient();
        var credentials = new AfilnetCredentials("u@example.com", Secret);
        object[] instances =
        [
            credentials,
            new AfilnetOptions { Password = Secret, ClientSecret = Secret },
            new Transport.Http.HttpGetTransportOptions { Credentials = credentials },
            new Transport.Http.OAuth2JsonTransportOptions { Credentials = credentials, ClientSecret = Secret },
            new Transport.Soap.SoapTransportOptions { Credentials = credentials },
            AfilnetClientFactory.Create(new AfilnetOptions { Transport = AfilnetTransportKind.OAuth2Json, User = "u", Password = Secret, ClientSecret = Secret }, http).Client,
        ];

        foreach (var instance in instances)
        {
            Assert.DoesNotContain("CANARY", instance.ToString(), StringComparison.Ordinal);
        }

        // Every exported type that holds a secret-bearing member is in the list above.
        var holders = Sdk.GetExportedTypes()
            .Where(t => t.GetProperties().Any(p => p.Name is "Password" or "ClientSecret" or "Credentials"))
            .Select(t => t.Name)
            .Order()
            .ToList();
        Assert.All(holders, h => Assert.True(
            instances.Any(i => i.GetType().Name == h) || h is "BasicAuthTransportOptions" or "HttpPostTransportOptions" or "AfilnetHttpTransportOptions",
            $"{h} holds a secret; add it to this test"));
    }
}
