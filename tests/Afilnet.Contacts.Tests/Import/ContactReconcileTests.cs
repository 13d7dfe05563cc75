using Afilnet.Contacts.Import;
using Afilnet.Contacts.Tests.Infrastructure;

namespace Afilnet.Contacts.Tests.Import;

/// <summary>
/// Reconciliation of batches whose outcome is unknown, through a real client over a scripted group: a server that
/// rewrites main fields, commits late or already holds some contacts gets each contact once. The settle delay runs on
/// the test's clock, moved only once the importer waits on it.
/// </summary>
public sealed class ContactReconcileTests
{
    private static readonly GroupId Group = new(10);
    private static readonly TimeSpan Settle = ContactImportOptions.DefaultReconcileSettleDelay;

    private readonly TestClock _clock = TestClients.NewClock();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Answers after which the server may or may not have added the batch.</summary>
    public static TheoryData<string> LostAnswers() => new("an answer cut off", "HTTP 503");

    private static HttpResponseMessage Lost(string kind) =>
        kind == "HTTP 503" ? ScriptedHandler.Status(503) : ScriptedHandler.Json("""{"status":"SUCC""");

    private static ContactFields Person(string mobile) => new() { { "mobile", mobile }, { "name", $"Person {mobile}" } };

    private static List<ContactFields> People(int count) => [.. Enumerable.Range(0, count).Select(i => Person($"3460{i:0000000}"))];

    private static List<string> Mobiles(IEnumerable<ContactFields> contacts) => [.. contacts.Select(c => c["mobile"])];

    private static ContactsClient Client(ScriptedHandler handler) =>
        TestClients.Create(WireStyles.Get("HttpPost"), ScriptedHandler.BaseAddress, handler: handler);

    private ContactImportOptions Reconciling(TimeSpan? settle = null) =>
        new() { ReconcileUnknownOutcomes = true, TimeProvider = _clock, ReconcileSettleDelay = settle ?? Settle };

    /// <summary>An import with one batch of unknown outcome: the clock goes through its settle delay once the importer waits.</summary>
    private async Task<ContactImportResult> ImportAcrossOneSettleAsync(ScriptedGroup group, IEnumerable<ContactFields> contacts, ContactImportOptions? options = null)
    {
        using var api = Client(group.Handler);
        var import = api.ImportContactsAsync(Group, contacts, options ?? Reconciling(), cancellationToken: Ct);
        await _clock.ElapseAsync(Settle, import, "the settle delay");
        return await import;
    }

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task Unknown_outcome_is_reconciled_by_main_field_without_duplicates(string lost)
    {
        // The lost batch did reach the server: the first two of its three contacts are in the group.
        var group = new ScriptedGroup(_clock) { LosesAnswerTo = batch => batch == 0, LostAnswer = () => Lost(lost), StoresOfALostBatch = 2 };

        var result = await ImportAcrossOneSettleAsync(group, People(3));

        Assert.Equal(3, result.Added);
        Assert.Empty(result.Failed);
        Assert.Equal(["getcontacts", "addcontactlist", "getcontacts", "addcontactlist"], group.Methods);
        Assert.Equal(["34600000002"], Mobiles(group.Batches[1]));
        Assert.Equal(Mobiles(People(3)), group.Stored("mobile"));
    }

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task Without_reconciliation_an_unknown_outcome_is_reported_as_such(string lost)
    {
        var group = new ScriptedGroup(_clock) { LosesAnswerTo = _ => true, LostAnswer = () => Lost(lost) };
        using var api = Client(group.Handler);

        var result = await api.ImportContactsAsync(Group, People(2), cancellationToken: Ct);

        Assert.Equal(0, result.Added);
        Assert.Equal(2, result.Failed.Count);
        Assert.All(result.Failed, f => Assert.True(f.OutcomeUnknown));
        Assert.Equal(["addcontactlist"], group.Methods);
    }

    [Fact]
    public async Task A_server_that_stores_plus_34_600_as_34600_does_not_get_the_batch_twice()
    {
        var group = new ScriptedGroup(_clock)
        {
            LosesAnswerTo = _ => true,
            Stores = (field, value) => field == "mobile" ? string.Concat(value.Where(char.IsAsciiDigit)) : value,
        };

        var result = await ImportAcrossOneSettleAsync(group, [Person("+34 600 000 000"), Person("+34 600 001 001"), Person("+34600002002")]);

        Assert.Equal(["getcontacts", "addcontactlist", "getcontacts"], group.Methods);
        Assert.Equal(["34600000000", "34600001001", "34600002002"], group.Stored("mobile"));
        Assert.Equal(3, result.Added);
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task A_server_that_changes_the_case_of_emails_does_not_get_the_batch_twice()
    {
        var group = new ScriptedGroup(_clock)
        {
            LosesAnswerTo = _ => true,
            Stores = (field, value) => field == "email" ? value.Trim().ToLowerInvariant() : value,
        };
        ContactFields[] people = [new() { { "email", "Ana.Garcia@Example.COM" } }, new() { { "email", " LUIS@example.com " } }];

        var result = await ImportAcrossOneSettleAsync(group, people);

        Assert.Equal(["getcontacts", "addcontactlist", "getcontacts"], group.Methods);
        Assert.Equal(["ana.garcia@example.com", "luis@example.com"], group.Stored("email"));
        Assert.Equal(2, result.Added);
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task A_default_region_matches_national_numbers_the_server_stores_with_their_country_code()
    {
        // A group with a country: the server completes a national number with the country code.
        var group = new ScriptedGroup(_clock) { LosesAnswerTo = _ => true, Stores = (field, value) => field == "mobile" ? "34" + value : value };
        var options = Reconciling();
        options.DefaultRegion = "ES";

        var result = await ImportAcrossOneSettleAsync(group, [Person("600000001"), Person("600000002")], options);

        Assert.Equal(["getcontacts", "addcontactlist", "getcontacts"], group.Methods);
        Assert.Equal(["34600000001", "34600000002"], group.Stored("mobile"));
        Assert.Equal(2, result.Added);
    }

    [Fact]
    public async Task A_server_that_commits_within_the_settle_delay_does_not_get_the_batch_twice()
    {
        var group = new ScriptedGroup(_clock) { LosesAnswerTo = _ => true, CommitLag = Settle };
        using var api = Client(group.Handler);

        var import = api.ImportContactsAsync(Group, People(3), Reconciling(), cancellationToken: Ct);
        var settling = await _clock.WaitForTimerAsync(Settle);

        // Stored but not yet committed: a read now would find the batch missing and send it again.
        Assert.Equal(3, group.Stored("mobile").Count);
        Assert.Empty(group.Visible("mobile"));
        _clock.Elapse(settling, import, "the settle delay");
        var result = await import;

        Assert.Equal(["getcontacts", "addcontactlist", "getcontacts"], group.Methods);
        Assert.Equal(Mobiles(People(3)), group.Stored("mobile"));
        Assert.Equal(3, result.Added);
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task Without_a_settle_delay_a_late_commit_is_sent_twice()
    {
        // The window the delay narrows, shown open: a read at once misses the batch, so it goes again.
        var group = new ScriptedGroup(_clock) { LosesAnswerTo = batch => batch == 0, CommitLag = Settle };
        using var api = Client(group.Handler);

        var result = await api.ImportContactsAsync(Group, People(3), Reconciling(TimeSpan.Zero), cancellationToken: Ct);

        Assert.Equal(["getcontacts", "addcontactlist", "getcontacts", "addcontactlist"], group.Methods);
        Assert.Equal([.. Mobiles(People(3)), .. Mobiles(People(3))], group.Stored("mobile"));
        Assert.Equal(3, result.Added);
    }

    [Fact]
    public async Task Nothing_is_read_before_the_settle_delay_has_passed_on_the_clock()
    {
        var settle = TimeSpan.FromSeconds(7);
        var group = new ScriptedGroup(_clock) { LosesAnswerTo = _ => true };
        using var api = Client(group.Handler);

        var import = api.ImportContactsAsync(Group, People(3), Reconciling(settle), cancellationToken: Ct);
        await _clock.WaitForTimerAsync(settle);
        _clock.Advance(settle - TimeSpan.FromTicks(1));

        Assert.Equal(["getcontacts", "addcontactlist"], group.Methods);
        Assert.False(import.IsCompleted, "the import ended before its settle delay was over");
        _clock.Advance(TimeSpan.FromTicks(1));
        var result = await import;

        Assert.Equal(["getcontacts", "addcontactlist", "getcontacts"], group.Methods);
        Assert.Equal(3, result.Added);
    }

    [Fact]
    public async Task Cancelling_during_the_settle_delay_ends_the_import_and_reports_the_batch_as_of_unknown_outcome()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var group = new ScriptedGroup(_clock) { LosesAnswerTo = _ => true };
        using var api = Client(group.Handler);

        var import = api.ImportContactsAsync(Group, People(3), Reconciling(), cancellationToken: cts.Token);
        await _clock.WaitForTimerAsync(Settle);
        await cts.CancelAsync();
        var error = await Assert.ThrowsAsync<ContactImportCanceledException>(() => import);

        Assert.Equal(["getcontacts", "addcontactlist"], group.Methods);
        Assert.Equal(0, error.Result.Added);
        Assert.Equal([0, 1, 2], error.Result.Failed.Select(f => f.Index));
        Assert.All(error.Result.Failed, f => Assert.True(f.OutcomeUnknown));
    }

    [Fact]
    public async Task Contacts_already_in_the_group_are_skipped_not_sent_and_not_counted_as_added()
    {
        // Before the import the group holds two of the five, in the server's spelling.
        var group = new ScriptedGroup(_clock, Person("34600000001"), Person("34600000003"));
        using var api = Client(group.Handler);

        var result = await api.ImportContactsAsync(Group, Enumerable.Range(0, 5).Select(i => Person($"+3460000000{i}")), Reconciling(), cancellationToken: Ct);

        Assert.Equal(["getcontacts", "addcontactlist"], group.Methods);
        Assert.Equal(["+34600000000", "+34600000002", "+34600000004"], Mobiles(Assert.Single(group.Batches)));
        Assert.Equal((5, 3, 2, 0), (result.Read, result.Added, result.AlreadyInGroup, result.ServerSkipped));
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task Reconciliation_does_not_count_a_contact_that_was_in_the_group_before_as_added()
    {
        // The group had the first contact; the batch of the other two is stored, but its answer is lost.
        var group = new ScriptedGroup(_clock, Person("34600000000")) { LosesAnswerTo = _ => true };

        var result = await ImportAcrossOneSettleAsync(group, People(3));

        Assert.Equal(["getcontacts", "addcontactlist", "getcontacts"], group.Methods);
        Assert.Equal(["34600000001", "34600000002"], Mobiles(Assert.Single(group.Batches)));
        Assert.Equal((2, 1), (result.Added, result.AlreadyInGroup));
        Assert.Empty(result.Failed);
    }

    [Fact]
    public async Task A_group_that_cannot_be_read_before_the_import_stops_it_before_anything_is_sent()
    {
        var scripted = new ScriptedHandler(_ => ScriptedHandler.Json("""{"status":"ERROR","error":"NOT_ACCESS_TO_GROUP"}"""));
        using var api = Client(scripted);

        var error = await Assert.ThrowsAsync<AfilnetApiException>(() => api.ImportContactsAsync(Group, People(3), Reconciling(), cancellationToken: Ct));

        Assert.Equal(ApiErrorCode.NotAccessToGroup, error.ErrorCode);
        Assert.Equal(["getcontacts"], scripted.Calls.Select(c => c.Field("method")));
    }

    /// <summary>Each breaks one reconciliation option.</summary>
    private static readonly Dictionary<string, Action<ContactImportOptions>> Invalid = new()
    {
        ["a negative settle delay"] = o => o.ReconcileSettleDelay = TimeSpan.FromTicks(-1),
        ["a settle delay past what a timer takes"] = o => o.ReconcileSettleDelay = TimeSpan.FromDays(30),
        ["no clock"] = o => o.TimeProvider = null!,
        ["an unknown region"] = o => o.DefaultRegion = "XX",
    };

    public static TheoryData<string> InvalidOptions() => new(Invalid.Keys);

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public async Task Invalid_reconciliation_options_are_refused_before_anything_is_sent(string invalid)
    {
        var group = new ScriptedGroup(_clock);
        using var api = Client(group.Handler);
        var options = Reconciling();
        Invalid[invalid](options);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => api.ImportContactsAsync(Group, People(1), options, cancellationToken: Ct));

        Assert.Empty(group.Methods);
    }

    [Fact]
    public void The_settle_delay_defaults_to_two_seconds_on_the_system_clock()
    {
        var options = new ContactImportOptions();

        Assert.Equal(TimeSpan.FromSeconds(2), options.ReconcileSettleDelay);
        Assert.Same(TimeProvider.System, options.TimeProvider);
        Assert.Null(options.DefaultRegion);
        Assert.False(options.ReconcileUnknownOutcomes);
    }
}
