using Afilnet.Contacts;
using Afilnet.Contacts.Import;
using Afilnet.Transports.Benchmarks.Baselines;
using Afilnet.Transports.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Afilnet.Transports.Benchmarks.Scaling;

/// <summary>
/// Bulk import of 1,000 / 10,000 / 100,000 contacts per transport over the in-memory handler (no sockets): time and
/// allocated bytes should grow linearly with the count, since the importer streams and holds one batch at a time.
/// Soap is absent: WCF cannot run over the in-memory handler, and the loopback server only knows creategroup and
/// getcontacts answers.
/// </summary>
public class BulkImportScaling
{
    private Rig _rig = null!;
    private IContactsApi _api = null!;

    /// <summary>Contacts imported per operation.</summary>
    [Params(1_000, 10_000, 100_000)]
    public int Contacts { get; set; }

    /// <summary>The transport.</summary>
    [Params(WireStyle.HttpGet, WireStyle.HttpPost, WireStyle.BasicAuth, WireStyle.OAuth2Json)]
    public WireStyle Transport { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _rig = await Rig.StartInMemoryAsync();

        // Every answer is a bare success: the importer then counts each batch as fully added.
        _rig.Answer(null);
        _api = _rig.Sdk(Transport);
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _rig.DisposeAsync();

    [Benchmark]
    public async Task<int> Import()
    {
        var result = await _api.ImportContactsAsync(new GroupId(1000), Generate(Contacts));
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
