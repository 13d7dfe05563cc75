using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Reliability;

// One class per transport configuration of WireStyles.All: each shares one set of fake servers across its cases, and
// the classes run in parallel. MatrixCoverageTests fails when a style of the list has no class here.

public sealed class HttpGetFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>, IFaultMatrix
{
    public static string Style => "HttpGet";

    public static TheoryData<string> Cases() => FaultMatrix.NamesFor(Style);

    [Theory(Timeout = FaultMatrix.HangGuardMilliseconds)]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync(Style, @case, servers, TestContext.Current.CancellationToken);
}

public sealed class HttpPostFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>, IFaultMatrix
{
    public static string Style => "HttpPost";

    public static TheoryData<string> Cases() => FaultMatrix.NamesFor(Style);

    [Theory(Timeout = FaultMatrix.HangGuardMilliseconds)]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync(Style, @case, servers, TestContext.Current.CancellationToken);
}

public sealed class BasicAuthPostFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>, IFaultMatrix
{
    public static string Style => "BasicAuth-POST";

    public static TheoryData<string> Cases() => FaultMatrix.NamesFor(Style);

    [Theory(Timeout = FaultMatrix.HangGuardMilliseconds)]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync(Style, @case, servers, TestContext.Current.CancellationToken);
}

public sealed class BasicAuthGetFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>, IFaultMatrix
{
    public static string Style => "BasicAuth-GET";

    public static TheoryData<string> Cases() => FaultMatrix.NamesFor(Style);

    [Theory(Timeout = FaultMatrix.HangGuardMilliseconds)]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync(Style, @case, servers, TestContext.Current.CancellationToken);
}

public sealed class SoapFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>, IFaultMatrix
{
    public static string Style => "Soap";

    public static TheoryData<string> Cases() => FaultMatrix.NamesFor(Style);

    [Theory(Timeout = FaultMatrix.HangGuardMilliseconds)]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync(Style, @case, servers, TestContext.Current.CancellationToken);
}

public sealed class OAuth2JsonFaultMatrix(MatrixServers servers) : IClassFixture<MatrixServers>, IFaultMatrix
{
    public static string Style => "OAuth2Json";

    public static TheoryData<string> Cases() => FaultMatrix.NamesFor(Style);

    [Theory(Timeout = FaultMatrix.HangGuardMilliseconds)]
    [MemberData(nameof(Cases))]
    public Task Fault(string @case) => FaultMatrix.RunAsync(Style, @case, servers, TestContext.Current.CancellationToken);
}

/// <summary>A fault matrix class: the style it runs.</summary>
public interface IFaultMatrix
{
    static abstract string Style { get; }
}

/// <summary>Every style of the one list has its fault matrix, and every case applies to at least one style.</summary>
public sealed class MatrixCoverageTests
{
    [Fact]
    public void Every_style_of_the_one_list_runs_the_fault_matrix()
    {
        var covered = typeof(IFaultMatrix).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(IFaultMatrix).IsAssignableFrom(t))
            .Select(t => (string)t.GetProperty(nameof(IFaultMatrix.Style))!.GetValue(null)!)
            .Order();

        Assert.Equal(WireStyles.All.Select(s => s.Name).Order(), covered);
    }

    [Fact]
    public void Every_case_applies_to_a_style_and_names_are_unique()
    {
        Assert.Equal(FaultMatrix.All.Count, FaultMatrix.All.Select(c => c.Name).Distinct().Count());
        Assert.All(FaultMatrix.All, c => Assert.Contains(WireStyles.All, s => c.AppliesTo?.Invoke(s) ?? true));
        Assert.True(WireStyles.All.Min(s => FaultMatrix.NamesFor(s.Name).Count) >= 20, "reliability.md asks for at least 20 fault cases per transport");
    }
}
