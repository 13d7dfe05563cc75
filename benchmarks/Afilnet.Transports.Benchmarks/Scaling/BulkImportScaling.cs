using Afilnet.Contacts;
using Afilnet.Contacts.Import;
using Afilnet.Contacts.Soap;
using Afilnet.Testing;
using BenchmarkDotNet.Attributes;

namespace Afilnet.Transports.Benchmarks.Scaling;

/// <summary>
/// Bulk import of 1,000 / 10,000 / 100,000 contacts per transport, all five (Soap included: the SDK puts WCF over the
/// handler it is given), over the stateful fake's in-memory handler (<see cref="AfilnetFakeServer.CreateHandler"/>, no
/// sockets). Every contact is really added: the fake is reset and a fresh group created before each iteration, and an
/// operation that does not add them all fails. The time includes the fake's own work (decoding each batch, storing its
/// contacts, its duplicate check by main field in O(1)); time and allocated bytes should grow linearly with the count,
/// since the importer streams and holds one batch at a time.
/// </summary>
public class BulkImportScaling
{
    private AfilnetFakeServer _fake = null!;
    private HttpMessageHandler _handler = null!;
    private ContactsClient _api = null!;
    private GroupId _group;

    /// <summary>Contacts imported per operation.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Contacts { get; set; }

    /// <summary>The transport.</summary>
    [ParamsAllValues]
    public AfilnetTransportKind Transport { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _fake = AfilnetFakeServer.CreateInMemory();
        _handler = _fake.CreateHandler();
        var options = _fake.CreateClientOptions(Transport);

        // The bare client, as the other suites' Sdk rows: one attempt, no overall time limit.
        options.Retry.MaxRetries = 0;
        options.Retry.TotalTimeout = Timeout.InfiniteTimeSpan;
        _api = new ContactsClient(options, _handler, transports: [AfilnetSoap.Transport]);
    }

    /// <summary>An empty fake and a new group, so every contact of the operation is new to the server.</summary>
    [IterationSetup]
    public void CreateGroup()
    {
        // Reset keeps issued tokens valid: the OAuth2Json client goes on with the token it has.
        _fake.Reset();
        _group = _api.CreateGroupAsync("Import", GroupType.Mobile, ["mobile", "name"]).GetAwaiter().GetResult().GroupId
            ?? throw new InvalidOperationException("The fake did not return the new group's id.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _api.Dispose();
        _handler.Dispose();
        _fake.Dispose();
    }

    [Benchmark]
    public async Task<int> Import()
    {
        var result = await _api.ImportContactsAsync(_group, Generate(Contacts));
        return result.Added == Contacts ? result.Batches : throw new InvalidOperationException($"imported {result.Added} of {Contacts}: {result}");
    }

    private static IEnumerable<ContactFields> Generate(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new ContactFields { { "mobile", (34600000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture) }, { "name", "Contact" } };
        }
    }
}
