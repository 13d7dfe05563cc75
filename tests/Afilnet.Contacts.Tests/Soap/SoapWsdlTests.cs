using System.Xml;
using System.Xml.Linq;
using Afilnet.Contacts.Tests.Infrastructure;
using Afilnet.Contacts.Transport;
using Afilnet.Contacts.Transport.Soap;

namespace Afilnet.Contacts.Tests.Soap;

/// <summary>The shipped WSDL agrees with protocol.md section 4 and with the operation catalog.</summary>
public sealed class SoapWsdlTests
{
    private static readonly XNamespace Wsdl = "http://schemas.xmlsoap.org/wsdl/";
    private static readonly XNamespace WsdlSoap = "http://schemas.xmlsoap.org/wsdl/soap/";
    private static readonly XNamespace Xs = "http://www.w3.org/2001/XMLSchema";
    private static readonly string Tns = SoapStyle.Api.NamespaceName;

    private static readonly Dictionary<ApiResultShape, string[]> ResultChildren = new()
    {
        [ApiResultShape.GroupId] = ["idgroup"],
        [ApiResultShape.Columns] = ["field"],
        [ApiResultShape.ContactList] = ["contact"],
        [ApiResultShape.Contact] = ["contact"],
        [ApiResultShape.ContactId] = ["idcontact"],
        [ApiResultShape.Added] = ["added"],
    };

    private static XDocument Load()
    {
        // Parsed with DTDs prohibited: the WSDL must need none.
        using var reader = XmlReader.Create(new StringReader(SoapTransport.GetWsdl()), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        return XDocument.Load(reader);
    }

    [Fact]
    public void Is_well_formed_document_literal_in_the_api_namespace()
    {
        var root = Load().Root!;

        Assert.Equal(Wsdl + "definitions", root.Name);
        Assert.Equal(Tns, (string?)root.Attribute("targetNamespace"));
        var schema = Assert.Single(root.Element(Wsdl + "types")!.Elements(Xs + "schema"));
        Assert.Equal(Tns, (string?)schema.Attribute("targetNamespace"));
        Assert.Equal("qualified", (string?)schema.Attribute("elementFormDefault"));
        var binding = Assert.Single(root.Elements(Wsdl + "binding"));
        var soapBinding = binding.Element(WsdlSoap + "binding")!;
        Assert.Equal("document", (string?)soapBinding.Attribute("style"));
        Assert.Equal("http://schemas.xmlsoap.org/soap/http", (string?)soapBinding.Attribute("transport"));
        Assert.All(binding.Descendants(WsdlSoap + "body"), b => Assert.Equal("literal", (string?)b.Attribute("use")));
        var address = root.Descendants(WsdlSoap + "address").Single();
        Assert.Equal("https://www.afilnet.com/api/soap/", (string?)address.Attribute("location"));
    }

    [Fact]
    public void Declares_exactly_the_twelve_operations_in_catalog_order()
    {
        var root = Load().Root!;
        var expected = ApiOperations.All.Select(o => o.Name).ToList();

        var portType = Assert.Single(root.Elements(Wsdl + "portType"));
        Assert.Equal(expected, portType.Elements(Wsdl + "operation").Select(o => (string)o.Attribute("name")!));
        var binding = Assert.Single(root.Elements(Wsdl + "binding"));
        Assert.Equal(expected, binding.Elements(Wsdl + "operation").Select(o => (string)o.Attribute("name")!));
        Assert.Equal(
            expected.Select(name => Tns + name),
            binding.Elements(Wsdl + "operation").Select(o => (string)o.Element(WsdlSoap + "operation")!.Attribute("soapAction")!));
    }

    public static TheoryData<string> Operations() => [.. ApiOperations.All.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Operations))]
    public void Declares_the_request_with_user_password_and_the_documented_parameters_in_order(string name)
    {
        var operation = ApiOperations.Find(name)!;
        var element = SchemaElement(name);

        Assert.Equal(["user", "password", .. operation.ParameterNames], SequenceOf(element).Select(e => (string)e.Attribute("name")!));
        Assert.All(SequenceOf(element), e => Assert.Equal("xs:string", (string?)e.Attribute("type")));
        Assert.All(SequenceOf(element), e => Assert.Null(e.Attribute("minOccurs")));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public void Declares_the_response_with_status_error_and_the_documented_result(string name)
    {
        var operation = ApiOperations.Find(name)!;
        var response = SequenceOf(SchemaElement(name + "Response")).ToList();
        var hasResult = operation.ResultShape != ApiResultShape.None;

        Assert.Equal(hasResult ? ["status", "error", "result"] : ["status", "error"], response.Select(e => (string)e.Attribute("name")!));
        if (hasResult)
        {
            var typeName = ((string)response[2].Attribute("type")!).Split(':')[1];
            var type = Load().Descendants(Xs + "complexType").Single(t => (string?)t.Attribute("name") == typeName);
            Assert.Equal(ResultChildren[operation.ResultShape], SequenceOf(type).Select(e => (string)e.Attribute("name")!));
        }

        // Messages and port type wire the elements together.
        var root = Load().Root!;
        var portOperation = root.Element(Wsdl + "portType")!.Elements(Wsdl + "operation").Single(o => (string?)o.Attribute("name") == name);
        Assert.Equal(PartElement(root, (string)portOperation.Element(Wsdl + "input")!.Attribute("message")!), "tns:" + name);
        Assert.Equal(PartElement(root, (string)portOperation.Element(Wsdl + "output")!.Attribute("message")!), "tns:" + name + "Response");
    }

    private static string PartElement(XElement root, string qualifiedMessage)
    {
        var message = root.Elements(Wsdl + "message").Single(m => "tns:" + (string?)m.Attribute("name") == qualifiedMessage);
        return (string)Assert.Single(message.Elements(Wsdl + "part")).Attribute("element")!;
    }

    private static XElement SchemaElement(string name) =>
        Load().Root!.Element(Wsdl + "types")!.Element(Xs + "schema")!.Elements(Xs + "element").Single(e => (string?)e.Attribute("name") == name);

    private static IEnumerable<XElement> SequenceOf(XElement elementOrType) =>
        elementOrType.DescendantsAndSelf(Xs + "sequence").First().Elements(Xs + "element");
}
