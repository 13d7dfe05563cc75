namespace Afilnet.Contacts.Tests.Reliability;

// One class per transport: each shares one set of fake servers across its cases, and the six run in parallel.

public sealed class HttpGetFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>
{
    public static TheoryData<string> Cases() => FaultMatrix.NamesFor("HttpGet");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync("HttpGet", @case, servers);
}

public sealed class HttpPostFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>
{
    public static TheoryData<string> Cases() => FaultMatrix.NamesFor("HttpPost");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync("HttpPost", @case, servers);
}

public sealed class BasicAuthFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>
{
    public static TheoryData<string> Cases() => FaultMatrix.NamesFor("BasicAuth");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync("BasicAuth", @case, servers);
}

public sealed class BasicAuthGetFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>
{
    public static TheoryData<string> Cases() => FaultMatrix.NamesFor("BasicAuth-GET");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync("BasicAuth-GET", @case, servers);
}

public sealed class SoapFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>
{
    public static TheoryData<string> Cases() => FaultMatrix.NamesFor("Soap");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync("Soap", @case, servers);
}

public sealed class OAuth2JsonFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>
{
    public static TheoryData<string> Cases() => FaultMatrix.NamesFor("OAuth2Json");

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync("OAuth2Json", @case, servers);
}
