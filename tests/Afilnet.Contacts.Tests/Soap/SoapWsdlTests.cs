using System.Xml;
using System.Xml.Linq;
using Afilnet.Contacts.Requests;
using Afilnet.Contacts.Tests.Contract;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Testing;

namespace Afilnet.Contacts.Tests.Soap;

/// <summary>
/// The project's WSDL, as the fake serves it at <c>GET /api/soap/?wsdl</c>, agrees with protocol.md section 4 and with
/// the SDK's operation catalog.
/// </summary>
public sealed class SoapWsdlTests
{
    private static readonly XNamespace Wsdl = "http://schemas.xmlsoap.org/wsdl/";
    private static readonly XNamespace WsdlSoap = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";
    private static readonly string Tns = SoapStyle.Api.NamespaceName;

    /// <summary>The children of each method's <c>&lt;result&gt;</c>, as protocol.md section 4 lists them; the other methods have none.</summary>
    private static readonly Dictionary<string, string[]> ResultChildren = new()
    {
        ["creategroup"] = ["idgroup"],
        ["getgroupcolumns"] = ["field"],
        ["getcontacts"] = ["contact"],
        ["getcontact"] = ["contact"],
        ["addcontact"] = ["idcontact"],
        ["addcontactlist"] = ["added"],
    };

    private static readonly Lazy<Task<string>> Served = new(FetchAsync);

    public static TheoryData<string> Operations() => [.. ApiOperations.All.Select(o => o.Name)];

    [Fact]
    public async Task The_fake_serves_the_file_the_project_ships()
    {
        var shipped = Path.Combine(RepositoryRoot(), "src", "Afilnet.Contacts.Soap", "contacts.wsdl");

        Assert.Equal(await File.ReadAllTextAsync(shipped, TestContext.Current.CancellationToken), await Served.Value);
    }

    [Fact]
    public async Task Is_well_formed_document_literal_in_the_api_namespace()
    {
        var root = await LoadAsync();

        Assert.Equal(Wsdl + "definitions", root.Name);
        Assert.Equal(Tns, (string?)root.Attribute("targetNamespace"));
        var schema = Assert.Single(root.Element(Wsdl + "types")!.Elements(Xs + "schema"));
        Assert.Equal(Tns, (string?)schema.Attribute("targetNamespace"));
        Assert.Equal("qualified", (string?)schema.Attribute("elementFormDefault"));
        var binding = Assert.Single(root.Elements(Wsdl + "binding"));
        var soapBinding = binding.Element(WsdlSoap + "binding")!;
        Assert.Equal("document", (string?)soapBinding.Attribute("style"));
        Assert.Equal("http://schemas.xmlsoap.org/soap/http", (string?)soapBinding.Attribute("transport"));
        Assert.NotEmpty(binding.Descendants(WsdlSoap + "body"));
        Assert.All(binding.Descendants(WsdlSoap + "body"), b => Assert.Equal("literal", (string?)b.Attribute("use")));
        var address = root.Descendants(WsdlSoap + "address").Single();
        Assert.Equal("https://www.afilnet.com/api/soap/", (string?)address.Attribute("location"));
    }

    [Fact]
    public async Task Declares_exactly_the_twelve_operations_in_catalog_order()
    {
        var root = await LoadAsync();
        var expected = ApiOperations.All.Select(o => o.Name).ToList();

        // The catalog itself holds the twelve methods protocol.md section 1 lists.
        Assert.Equal(ContractCases.All.Select(c => c.Method), expected);
        var portType = Assert.Single(root.Elements(Wsdl + "portType"));
        Assert.Equal(expected, portType.Elements(Wsdl + "operation").Select(o => (string)o.Attribute("name")!));
        var binding = Assert.Single(root.Elements(Wsdl + "binding"));
        Assert.Equal(expected, binding.Elements(Wsdl + "operation").Select(o => (string)o.Attribute("name")!));
        Assert.Equal(
            expected.Select(name => Tns + name),
            binding.Elements(Wsdl + "operation").Select(o => (string)o.Element(WsdlSoap + "operation")!.Attribute("soapAction")!));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Declares_the_request_with_user_password_and_the_documented_parameters_in_order(string name)
    {
        var operation = ApiOperations.Find(name)!;
        var sequence = SequenceOf(SchemaElement(await LoadAsync(), name)).ToList();
        var names = sequence.Select(e => (string)e.Attribute("name")!).ToList();

        Assert.Equal(["user", "password", .. operation.ParameterNames], names);
        Assert.Equal(["user", "password", .. ContractCases.Get(name).ExpectedParameters.Select(p => p.Key)], names);
        Assert.All(sequence, e => Assert.Equal("xs:string", (string?)e.Attribute("type")));
        Assert.All(sequence, e => Assert.Null(e.Attribute("minOccurs")));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Declares_the_response_with_status_error_and_the_documented_result(string name)
    {
        var root = await LoadAsync();
        var response = SequenceOf(SchemaElement(root, name + "Response")).ToList();
        var hasResult = ResultChildren.TryGetValue(name, out var children);

        Assert.Equal(hasResult ? ["status", "error", "result"] : ["status", "error"], response.Select(e => (string)e.Attribute("name")!));
        if (hasResult)
        {
            var typeName = ((string)response[2].Attribute("type")!).Split(':')[1];
            var type = root.Descendants(Xs + "complexType").Single(t => (string?)t.Attribute("name") == typeName);
            Assert.Equal(children, SequenceOf(type).Select(e => (string)e.Attribute("name")!));
        }

        // Messages and port type wire the elements together.
        var portOperation = root.Element(Wsdl + "portType")!.Elements(Wsdl + "operation").Single(o => (string?)o.Attribute("name") == name);
        Assert.Equal("tns:" + name, PartElement(root, (string)portOperation.Element(Wsdl + "input")!.Attribute("message")!));
        Assert.Equal("tns:" + name + "Response", PartElement(root, (string)portOperation.Element(Wsdl + "output")!.Attribute("message")!));
    }

    /// <summary>The WSDL as a client fetches it from the fake, over the in-memory handler.</summary>
    private static async Task<string> FetchAsync()
    {
        using var fake = AfilnetFakeServer.CreateInMemory();
        using var http = new HttpClient(fake.CreateHandler()) { BaseAddress = fake.BaseAddress };
        using var response = await http.GetAsync(new Uri("api/soap/?wsdl", UriKind.Relative), CancellationToken.None);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync(CancellationToken.None);
    }

    private static async Task<XElement> LoadAsync()
    {
        // Parsed with DTDs prohibited: the WSDL must need none.
        using var reader = XmlReader.Create(new StringReader(await Served.Value), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader).Root!;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Afilnet.Transports.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Afilnet.Transports.sln above {AppContext.BaseDirectory}.");
    }

    private static string PartElement(XElement root, string qualifiedMessage)
    {
        var message = root.Elements(Wsdl + "message").Single(m => "tns:" + (string?)m.Attribute("name") == qualifiedMessage);
        return (string)Assert.Single(message.Elements(Wsdl + "part")).Attribute("element")!;
    }

    private static XElement SchemaElement(XElement root, string name) =>
        root.Element(Wsdl + "types")!.Element(Xs + "schema")!.Elements(Xs + "element").Single(e => (string?)e.Attribute("name") == name);

    private static IEnumerable<XElement> SequenceOf(XElement elementOrType) =>
        elementOrType.DescendantsAndSelf(Xs + "sequence").First().Elements(Xs + "element");
}
