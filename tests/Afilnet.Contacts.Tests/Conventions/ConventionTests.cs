using System.Reflection;
using System.Text.RegularExpressions;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Tests.Contract;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Conventions;

/// <summary>Rules of the public API and of the source tree, checked by reflection and by reading the files, so a new member or file cannot forget them.</summary>
public sealed partial class ConventionTests
{
    private static readonly Assembly Sdk = typeof(IContactsApi).Assembly;

    /// <summary>The twelve methods of protocol.md section 1, spelled out here.</summary>
    private static readonly string[] DocumentedMethods =
    [
        "creategroup", "getgroupcolumns", "addcolumntogroup", "deletecolumnfromgroup", "deletegroup", "assigncountrytogroup",
        "getcontacts", "getcontact", "addcontact", "addcontactlist", "modifycontact", "deletecontact",
    ];

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
        Assert.True(methods.Count >= 24, "the interface's and the client's twelve methods, at least");
        foreach (var method in methods)
        {
            var name = $"{method.DeclaringType!.Name}.{method.Name}";
            Assert.True(method.Name.EndsWith("Async", StringComparison.Ordinal), $"{name} returns a task but is not named *Async");
            var last = method.GetParameters().LastOrDefault();
            Assert.True(last?.ParameterType == typeof(CancellationToken), $"{name} must take a CancellationToken as its last parameter");
        }
    }

    [Fact]
    public void The_interface_and_the_catalog_have_the_twelve_documented_methods()
    {
        // Each wire name is the method's name without "Async", lower-cased (getgroupcolumns <- GetGroupColumnsAsync); the
        // one more member is the streaming form of getcontacts, which sends the same call.
        var methods = typeof(IContactsApi).GetMethods().Select(m => m.Name.ToLowerInvariant()).Order();

        Assert.Equal(DocumentedMethods.Select(m => m + "async").Append("streamcontactsasync").Order(), methods);
        Assert.Equal(DocumentedMethods, ApiOperations.All.Select(o => o.Name));
    }

    [Fact]
    public void Every_transport_and_BasicAuth_verb_is_in_the_one_list_every_suite_runs_over()
    {
        foreach (var kind in Enum.GetValues<AfilnetTransportKind>())
        {
            Assert.True(WireStyles.All.Any(s => s.Transport == kind), $"{kind} has no wire style in WireStyles.All, so no suite runs against it");
        }

        foreach (var verb in Enum.GetValues<BasicAuthVerb>())
        {
            Assert.True(WireStyles.All.Any(s => s.Transport == AfilnetTransportKind.BasicAuth && s.Verb == verb), $"BasicAuth {verb} has no wire style in WireStyles.All");
        }

        Assert.Equal(WireStyles.All.Count, WireStyles.All.Select(s => s.Name).Distinct().Count());
    }

    [Fact]
    public void Every_documented_error_code_has_a_named_value_and_no_other_does()
    {
        var named = typeof(ApiErrorCode).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(ApiErrorCode))
            .Select(p => ((ApiErrorCode)p.GetValue(null)!).Value)
            .Order();

        Assert.Equal(ContractCases.DocumentedCodes.Order(), named);
    }

    [Fact]
    public void Every_public_type_that_holds_a_secret_prints_a_placeholder()
    {
        const string Secret = "Pw-CANARY-convention-31";
        var options = new AfilnetOptions { Transport = AfilnetTransportKind.OAuth2Json, User = "u@example.com", Password = Secret, ClientSecret = Secret };
        using var client = new ContactsClient(options);
        object[] instances = [options, client, options.Retry];

        foreach (var instance in instances)
        {
            var text = instance.ToString()!;
            Assert.DoesNotContain("CANARY", text, StringComparison.Ordinal);
            Assert.NotEqual(instance.GetType().FullName, text);
        }

        // Every exported type with a secret-bearing member is in the list above.
        var holders = Sdk.GetExportedTypes().Where(t => t.GetProperties().Any(p => p.Name is "Password" or "ClientSecret" or "Credentials"));
        Assert.All(holders, h => Assert.True(instances.Any(i => i.GetType() == h), $"{h.Name} holds a secret; add it to this test"));
    }

    [Fact]
    public void The_types_a_user_catches_and_configures_are_in_the_root_namespace()
    {
        var exported = Sdk.GetExportedTypes();
        // The bulk features' cancellations carry their own results, so they live with them.
        foreach (var type in exported.Where(t => typeof(Exception).IsAssignableFrom(t) && t.Namespace is not ("Afilnet.Contacts.Import" or "Afilnet.Contacts.Sync")))
        {
            Assert.Equal("Afilnet.Contacts", type.Namespace);
        }

        foreach (var type in new[] { typeof(AfilnetOptions), typeof(AfilnetRetryOptions), typeof(AfilnetTransportKind), typeof(SecurityLevel), typeof(BasicAuthVerb), typeof(OAuth2ClientAuthentication), typeof(ContactsClient), typeof(IContactsApi) })
        {
            Assert.Equal("Afilnet.Contacts", type.Namespace);
        }

        // Plumbing is internal: the public surface is the root, the importer, group sync, the telemetry names and the DI extensions.
        string[] allowed = ["Afilnet.Contacts", "Afilnet.Contacts.Import", "Afilnet.Contacts.Sync", "Afilnet.Contacts.Diagnostics", "Microsoft.Extensions.DependencyInjection"];
        Assert.All(exported, t => Assert.Contains(t.Namespace, allowed));
    }

    /// <summary>
    /// The written rule: a file's namespace is its project's root namespace followed by its folder path, so the folder
    /// tree is the architecture (IContactsApi at the root, then Requests, Transports, Answers, …). One exception:
    /// DependencyInjection/ holds the DI extension methods in Microsoft.Extensions.DependencyInjection, as the platform
    /// convention asks, so they are found without a using.
    /// </summary>
    [Theory]
    [InlineData("src/Afilnet.Contacts", "Afilnet.Contacts")]
    [InlineData("src/Afilnet.Contacts.Soap", "Afilnet.Contacts.Soap")]
    [InlineData("src/Afilnet.Testing", "Afilnet.Testing")]
    [InlineData("tests/Afilnet.Contacts.Tests", "Afilnet.Contacts.Tests")]
    public void Namespaces_follow_folders(string project, string rootNamespace)
    {
        var root = Path.Combine(RepositoryRoot(), project);
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count >= 5, $"expected the sources of {project}");
        foreach (var file in files)
        {
            var folder = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
            var expected = folder == "."
                ? rootNamespace
                : folder == "DependencyInjection" ? "Microsoft.Extensions.DependencyInjection" : rootNamespace + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
            var declared = NamespaceDeclaration().Match(File.ReadAllText(file));
            Assert.True(declared.Success, $"{file} declares no file-scoped namespace");
            Assert.True(declared.Groups[1].Value == expected, $"{Path.GetRelativePath(root, file)} declares {declared.Groups[1].Value}, but its folder says {expected}");
        }
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Afilnet.Transports.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Afilnet.Transports.sln) is not above the test assembly.");
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();
}
