using System.Globalization;
using System.Text.Json;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Import;

/// <summary>
/// One group on a scripted in-memory server (HttpPost), with the behaviours reconciliation has to survive: it stores
/// field values in its own spelling, loses the answer to a batch it did store, and shows a batch to <c>getcontacts</c>
/// only some time later on the test's clock. It never refuses a duplicate, like a server whose own duplicate check
/// cannot see a batch not yet committed: every contact sent twice is stored twice, so a test counts double adds.
/// </summary>
public sealed class ScriptedGroup
{
    private readonly TimeProvider _clock;
    private readonly List<(ContactFields Contact, DateTimeOffset VisibleFrom)> _stored = [];
    private int _batches;

    /// <param name="clock">The clock <see cref="CommitLag"/> runs on: the importer's.</param>
    /// <param name="before">The contacts the group holds before the import, stored as given.</param>
    public ScriptedGroup(TimeProvider clock, params ContactFields[] before)
    {
        _clock = clock;
        _stored.AddRange(before.Select(c => (c, clock.GetUtcNow())));
        Handler = new ScriptedHandler(Answer);
    }

    /// <summary>Give it to the client as its handler.</summary>
    public ScriptedHandler Handler { get; }

    /// <summary>How the server stores a value it receives, given the field's name; verbatim unless a test says otherwise.</summary>
    public Func<string, string, string> Stores { get; init; } = (_, value) => value;

    /// <summary>Which <c>addcontactlist</c> calls (counted from 0) it stores but answers with <see cref="LostAnswer"/>.</summary>
    public Func<int, bool> LosesAnswerTo { get; init; } = _ => false;

    /// <summary>What it answers instead of the lost answers: an HTTP 503 unless said.</summary>
    public Func<HttpResponseMessage> LostAnswer { get; init; } = () => ScriptedHandler.Status(503);

    /// <summary>How many contacts of a batch whose answer is lost it had stored when it failed; all when null.</summary>
    public int? StoresOfALostBatch { get; init; }

    /// <summary>How long after an <c>addcontactlist</c> arrives its contacts show in <c>getcontacts</c>.</summary>
    public TimeSpan CommitLag { get; init; }

    /// <summary>The wire methods received, in order.</summary>
    public IReadOnlyList<string> Methods => [.. Handler.Calls.Select(c => c.Field("method"))];

    /// <summary>Each <c>addcontactlist</c> call's contacts, as the SDK sent them.</summary>
    public IReadOnlyList<IReadOnlyList<ContactFields>> Batches =>
        [.. Handler.Calls.Where(c => c.Field("method") == "addcontactlist").Select(c => ContactsIn(c.Field("contacts")))];

    /// <summary>Every value of <paramref name="field"/> the group holds, committed or not, as stored; a double add shows twice.</summary>
    public IReadOnlyList<string> Stored(string field)
    {
        lock (_stored)
        {
            return [.. _stored.Select(s => s.Contact[field])];
        }
    }

    /// <summary>The values of <paramref name="field"/> a <c>getcontacts</c> now would return.</summary>
    public IReadOnlyList<string> Visible(string field) => [.. VisibleNow().Select(c => c[field])];

    /// <summary>A successful <c>addcontactlist</c> answer.</summary>
    public static HttpResponseMessage Added(int count) =>
        ScriptedHandler.Json($$$"""{"status":"SUCCESS","result":{"added":{{{count.ToString(CultureInfo.InvariantCulture)}}}}}""");

    /// <summary>The contacts of an <c>addcontactlist</c> <c>contacts</c> parameter.</summary>
    public static List<ContactFields> ContactsIn(string contactsJson)
    {
        using var json = JsonDocument.Parse(contactsJson);
        return [.. json.RootElement.EnumerateArray().Select(c => new ContactFields(c.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!))))];
    }

    private HttpResponseMessage Answer(ScriptedHandler.Received call) => call.Field("method") switch
    {
        "getcontacts" => GetContacts(),
        "addcontactlist" => AddContactList(ContactsIn(call.Field("contacts"))),
        var method => throw new InvalidOperationException($"The scripted group does not answer {method}."),
    };

    private HttpResponseMessage AddContactList(List<ContactFields> sent)
    {
        var lost = LosesAnswerTo(_batches++);
        var kept = lost && StoresOfALostBatch is { } count ? sent.Take(count) : sent;
        var visibleFrom = _clock.GetUtcNow() + CommitLag;
        lock (_stored)
        {
            _stored.AddRange(kept.Select(c => (new ContactFields(c.Select(f => KeyValuePair.Create(f.Key, Stores(f.Key, f.Value)))), visibleFrom)));
        }

        return lost ? LostAnswer() : Added(sent.Count);
    }

    private HttpResponseMessage GetContacts()
    {
        var result = VisibleNow().Select((contact, i) =>
            new Dictionary<string, object>(contact.Select(f => KeyValuePair.Create(f.Key, (object)f.Value))) { ["idcontact"] = i + 1 });
        return ScriptedHandler.Json(JsonSerializer.Serialize(new { status = "SUCCESS", result }));
    }

    private List<ContactFields> VisibleNow()
    {
        var now = _clock.GetUtcNow();
        lock (_stored)
        {
            return [.. _stored.Where(s => s.VisibleFrom <= now).Select(s => s.Contact)];
        }
    }
}
