using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Afilnet.Contacts.Sample;

/// <summary>
/// <c>check [--transport T]… [--rounds N] [--keep] [--format table|json]</c>: which transports work on this account, and
/// how fast. Each transport gets its own client from the same configuration and runs a safe round trip N times
/// (creategroup, addcontact, getcontact, modifycontact, getcontacts, deletecontact, deletegroup), deleting what it created
/// whatever happens (a failure, Ctrl+C) unless <c>--keep</c>. Then one row per transport and a recommendation: the
/// strongest transport that passed, and whether it meets <c>Afilnet:MinimumSecurityLevel</c>.
/// </summary>
internal static class CheckCommand
{
    /// <summary>The methods of a round, in order: the latency columns.</summary>
    internal static readonly string[] Methods = ["creategroup", "addcontact", "getcontact", "modifycontact", "getcontacts", "deletecontact", "deletegroup"];

    /// <summary>How long cleanup may take after a failure or Ctrl+C before the check gives up and names what is left.</summary>
    private static readonly TimeSpan CleanupLimit = TimeSpan.FromSeconds(30);

    public static Command Create(CommandContext context)
    {
        var transports = new Option<AfilnetTransportKind[]>("--transport", "-t")
        {
            Description = "A transport to check (repeatable): HttpGet, HttpPost, BasicAuth, Soap or OAuth2Json; all five when not given.",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var rounds = new Option<int>("--rounds", "-n") { Description = "Round trips per transport (the latency is their median and worst).", DefaultValueFactory = _ => 3 };
        rounds.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 100)
            {
                r.AddError("--rounds must be between 1 and 100.");
            }
        });
        var keep = new Option<bool>("--keep") { Description = "Leave the temporary groups in place (their ids are printed) instead of deleting them." };
        var format = new Option<string>("--format", "-f") { Description = "table (the default) or json, for scripts and CI.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command(
            "check",
            SampleApp.Describe(
                "Check which transports work on the configured account, and how fast: a temporary group and contact per round, always deleted. " +
                "Exit 0 when every checked transport passed, 1 when one failed, 2 when settings are wrong or none could run, 130 when cancelled.",
                "afilnet check --Afilnet:BaseAddress=https://www.afilnet.com/ --Afilnet:User=me@example.com --Afilnet:Password=…",
                "afilnet check --transport Soap --transport OAuth2Json --rounds 5 --format json"))
        {
            transports, rounds, keep, format,
        };
        command.SetAction((p, ct) =>
        {
            var chosen = p.GetValue(transports) is { Length: > 0 } given ? given.Distinct().ToArray() : Enum.GetValues<AfilnetTransportKind>();
            return context.GuardAsync(() => RunAsync(context, chosen, p.GetValue(rounds), p.GetValue(keep), p.GetValue(format) == "json", ct), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, AfilnetTransportKind[] transports, int rounds, bool keep, bool json, CancellationToken ct)
    {
        var results = new List<TransportResult>();
        var minimum = SecurityLevel.Low;
        string? target = null;
        var cancelled = false;
        if (!json)
        {
            context.Console.MarkupLineInterpolated($"Checking {string.Join(", ", transports)} with {rounds} round trip{(rounds == 1 ? string.Empty : "s")} each{(keep ? " (keeping the groups)" : string.Empty)}");
        }

        foreach (var transport in transports)
        {
            Session session;
            try
            {
                session = Session.Open(context.Settings, transport.ToString(), anySecurityLevel: true);
            }
            catch (OptionsValidationException ex)
            {
                // This transport's credentials are not configured: say which setting it needs, and go on.
                results.Add(new TransportResult(transport, LevelOf(transport)) { Skipped = string.Join(" ", ex.Failures) });
                continue;
            }
            catch (ArgumentException ex)
            {
                results.Add(new TransportResult(transport, LevelOf(transport)) { Skipped = ex.Message });
                continue;
            }

            await using (session)
            {
                minimum = session.ConfiguredMinimum;
                target ??= session.Target;
                var client = (ContactsClient)session.Api;
                var result = new TransportResult(transport, client.SecurityLevel);
                results.Add(result);
                cancelled = !await CheckAsync(client, result, rounds, keep, ct);
                if (cancelled)
                {
                    break;
                }
            }
        }

        var report = new Report(results, rounds, minimum, target, cancelled);
        if (json)
        {
            WriteJson(context.Console.Profile.Out.Writer, report);
        }
        else
        {
            Print(context.Console, report);
        }

        if (cancelled)
        {
            var left = results.SelectMany(r => r.LeftBehind).ToArray();
            return context.Fail((SampleApp.Cancelled, left.Length == 0
                ? "cancelled; the check's temporary groups were deleted."
                : $"cancelled; groups left behind: {string.Join(", ", left)}."));
        }

        var ran = results.Where(r => r.Skipped is null).ToArray();
        if (ran.Length == 0)
        {
            return context.Fail((SampleApp.Invalid, "no transport could be checked: configure the settings the rows name."));
        }

        var failed = ran.Where(r => !r.Passed).ToArray();
        return failed.Length == 0
            ? SampleApp.Ok
            : context.Fail((SampleApp.Failed, $"{string.Join(", ", failed.Select(r => r.Transport))} failed; the {(json ? "report" : "table")} says what to check."));
    }

    /// <summary>Runs the rounds on one client; returns <see langword="false"/> when cancelled (after cleanup).</summary>
    private static async Task<bool> CheckAsync(ContactsClient client, TransportResult result, int rounds, bool keep, CancellationToken ct)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        for (var round = 1; round <= rounds; round++)
        {
            GroupId? group = null;
            ContactId? contact = null;
            var method = "creategroup";
            try
            {
                group = (await Timed(result, method, () => client.CreateGroupAsync($"afilnet-check {stamp} {client.Transport} {round}", GroupType.Mobile, ["mobile", "name"], ct))).GroupId
                    ?? throw new CheckException(method, "the server returned no group id");

                method = "addcontact";
                var fields = new ContactFields { { "mobile", "34600000001" }, { "name", "Check" } };
                contact = (await Timed(result, method, () => client.AddContactAsync(group.Value, fields, ct))).ContactId
                    ?? throw new CheckException(method, "the server returned no contact id");

                method = "getcontact";
                var read = await Timed(result, method, () => client.GetContactAsync(group.Value, contact.Value, ct));
                Expect(method, read.Fields, "name", "Check");

                method = "modifycontact";
                await Timed(result, method, async () => { await client.ModifyContactAsync(group.Value, contact.Value, new ContactFields { { "name", "Checked" } }, ct); return true; });

                method = "getcontacts";
                var all = await Timed(result, method, () => client.GetContactsAsync(group.Value, ct));
                Expect(method, all.FirstOrDefault(c => c.Id == contact.Value)?.Fields, "name", "Checked");

                if (keep)
                {
                    result.Kept.Add(group.Value);
                    continue;
                }

                method = "deletecontact";
                await Timed(result, method, async () => { await client.DeleteContactAsync(group.Value, contact.Value, ct); return true; });
                contact = null;

                method = "deletegroup";
                await Timed(result, method, async () => { await client.DeleteGroupAsync(group.Value, ct); return true; });
                group = null;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                result.Failure = new Failure("cancelled", method, "cancelled", "run the check again");
                await CleanUpAsync(client, result, group, contact, keep);
                return false;
            }
            catch (Exception ex) when (ex is AfilnetException or CheckException)
            {
                result.Failure = Describe(ex, method);
                await CleanUpAsync(client, result, group, contact, keep);
                return true;
            }
        }

        result.Passed = true;
        return true;
    }

    /// <summary>Deletes what a failed or cancelled round created, not cancellable but bounded; a group it cannot delete is named.</summary>
    private static async Task CleanUpAsync(ContactsClient client, TransportResult result, GroupId? group, ContactId? contact, bool keep)
    {
        if (group is not { } id)
        {
            return;
        }

        if (keep)
        {
            result.Kept.Add(id);
            return;
        }

        using var limit = new CancellationTokenSource(CleanupLimit);
        try
        {
            if (contact is { } c)
            {
                await client.DeleteContactAsync(id, c, limit.Token);
            }

            await client.DeleteGroupAsync(id, limit.Token);
        }
        catch (Exception ex) when (ex is AfilnetException or OperationCanceledException)
        {
            result.LeftBehind.Add(id);
            result.CleanupError = ex is AfilnetException ? ex.Message : $"cleanup did not finish within {CleanupLimit.TotalSeconds:0} s";
        }
    }

    private static async Task<T> Timed<T>(TransportResult result, string method, Func<Task<T>> call)
    {
        // A real measurement: wall-clock time of the call as the application sees it, retries included.
        var started = Stopwatch.GetTimestamp();
        var value = await call();
        result.Latencies[method].Add(Stopwatch.GetElapsedTime(started));
        return value;
    }

    private static void Expect(string method, ContactFields? fields, string field, string expected)
    {
        if (fields is null || !fields.TryGetValue(field, out var actual) || actual != expected)
        {
            throw new CheckException(method, $"the contact read back does not have {field}={expected}");
        }
    }

    /// <summary>The SDK's typed error as a row: its type, the wire method, its message (free of secrets) and what to check.</summary>
    internal static Failure Describe(Exception ex, string method) => ex switch
    {
        AfilnetAuthenticationException a => new(nameof(AfilnetAuthenticationException), a.Method ?? method, a.Message, "check ClientId/ClientSecret (and TokenEndpoint)"),
        AfilnetTransportException { Reason: TransportFailureReason.Redirect or TransportFailureReason.ConnectionFailed } t =>
            new(nameof(AfilnetTransportException), t.Method ?? method, t.Message, "check BaseAddress"),
        AfilnetTransportException { Reason: TransportFailureReason.Timeout } t =>
            new(nameof(AfilnetTransportException), t.Method ?? method, t.Message, "check the network, or raise Timeout"),
        AfilnetTransportException { Reason: TransportFailureReason.HttpStatus, StatusCode: 401 or 403 } t =>
            new(nameof(AfilnetTransportException), t.Method ?? method, t.Message, "check User/Password"),
        AfilnetTransportException t => new(nameof(AfilnetTransportException), t.Method ?? method, t.Message, "check BaseAddress and whether this transport is enabled for the account"),
        AfilnetApiException { ErrorCode.Value: "INCORRECT_USER_PASSWORD" or "MISSING_USER" or "MISSING_PASSWORD" } a =>
            new(nameof(AfilnetApiException), a.Method ?? method, a.Message, "check User/Password"),
        AfilnetApiException a => new(nameof(AfilnetApiException), a.Method ?? method, a.Message, "the API refused the call: see the error code"),
        AfilnetProtocolException p => new(nameof(AfilnetProtocolException), p.Method ?? method, p.Message, "check that BaseAddress points at the Afilnet API"),
        CheckException c => new("mismatch", c.Method, c.Message, "the server did not keep what was written"),
        _ => new(ex.GetType().Name, method, ex.Message, "see the message"),
    };

    private static SecurityLevel LevelOf(AfilnetTransportKind transport) => transport switch
    {
        AfilnetTransportKind.HttpGet => SecurityLevel.Low,
        AfilnetTransportKind.Soap => SecurityLevel.MediumHigh,
        AfilnetTransportKind.OAuth2Json => SecurityLevel.High,
        _ => SecurityLevel.Medium,
    };

    private static void Print(IAnsiConsole console, Report report)
    {
        var table = new Table().AddColumns("transport", "security", "result", "what to check");
        foreach (var r in report.Results)
        {
            var (outcome, hint) = r switch
            {
                { Skipped: { } why } => ("skipped", why),
                { Passed: true } => ("passed", r.Kept.Count > 0 ? $"kept groups {string.Join(", ", r.Kept)}" : string.Empty),
                { Failure: { } f } => ($"{f.Type} in {f.Method}: {f.Message}", f.Hint),
                _ => ("not run", string.Empty),
            };
            if (r.LeftBehind.Count > 0)
            {
                hint += $"{(hint.Length > 0 ? "; " : string.Empty)}cleanup failed, group {string.Join(", ", r.LeftBehind)} left behind: {r.CleanupError}";
            }

            table.AddRow(Markup.Escape(r.Transport.ToString()), Markup.Escape(r.Level.ToString()), Markup.Escape(outcome), Markup.Escape(hint));
        }

        if (report.Target is not null)
        {
            console.WriteLine($"Against {report.Target}:");
        }

        console.Write(table);

        var latency = new Table().AddColumns(["latency ms (median / worst)", .. Methods]);
        foreach (var r in report.Results.Where(r => r.Skipped is null))
        {
            latency.AddRow([r.Transport.ToString(), .. Methods.Select(m => r.Latencies[m] is { Count: > 0 } times ? $"{Ms(Median(times))} / {Ms(times.Max())}" : "-")]);
        }

        console.Write(latency);
        console.WriteLine(Recommendation(report));
    }

    internal static string Recommendation(Report report)
    {
        if (report.Best is not { } best)
        {
            return "Recommendation: none; no transport passed.";
        }

        return best.Level >= report.Minimum
            ? $"Recommendation: {best.Transport} (security level {best.Level}), the strongest that passed; it satisfies Afilnet:MinimumSecurityLevel={report.Minimum}."
            : $"Recommendation: {best.Transport} (security level {best.Level}), the strongest that passed; it does NOT satisfy Afilnet:MinimumSecurityLevel={report.Minimum}.";
    }

    private static void WriteJson(TextWriter output, Report report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("rounds", report.Rounds);
            json.WriteString("target", report.Target);
            json.WriteString("minimumSecurityLevel", report.Minimum.ToString());
            json.WriteBoolean("cancelled", report.Cancelled);
            json.WriteStartArray("transports");
            foreach (var r in report.Results)
            {
                json.WriteStartObject();
                json.WriteString("transport", r.Transport.ToString());
                json.WriteString("securityLevel", r.Level.ToString());
                json.WriteString("outcome", r.Skipped is not null ? "skipped" : r.Passed ? "passed" : r.Failure?.Type == "cancelled" ? "cancelled" : "failed");
                if (r.Skipped is not null)
                {
                    json.WriteString("skipped", r.Skipped);
                }

                if (r.Failure is { } f)
                {
                    json.WriteStartObject("failure");
                    json.WriteString("type", f.Type);
                    json.WriteString("method", f.Method);
                    json.WriteString("message", f.Message);
                    json.WriteString("hint", f.Hint);
                    json.WriteEndObject();
                }

                json.WriteStartObject("latencyMs");
                foreach (var m in Methods.Where(m => r.Latencies[m].Count > 0))
                {
                    json.WriteStartObject(m);
                    json.WriteNumber("median", Math.Round(Median(r.Latencies[m]).TotalMilliseconds, 3));
                    json.WriteNumber("worst", Math.Round(r.Latencies[m].Max().TotalMilliseconds, 3));
                    json.WriteNumber("samples", r.Latencies[m].Count);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                WriteIds(json, "keptGroups", r.Kept);
                WriteIds(json, "groupsLeftBehind", r.LeftBehind);
                if (r.CleanupError is not null)
                {
                    json.WriteString("cleanupError", r.CleanupError);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("recommendation");
            if (report.Best is { } best)
            {
                json.WriteString("transport", best.Transport.ToString());
                json.WriteString("securityLevel", best.Level.ToString());
                json.WriteBoolean("satisfiesMinimum", best.Level >= report.Minimum);
            }
            else
            {
                json.WriteNull("transport");
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Flush();
    }

    private static void WriteIds(Utf8JsonWriter json, string name, List<GroupId> ids)
    {
        json.WriteStartArray(name);
        foreach (var id in ids)
        {
            json.WriteNumberValue(id.Value);
        }

        json.WriteEndArray();
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    internal sealed record Failure(string Type, string Method, string Message, string Hint);

    internal sealed class TransportResult(AfilnetTransportKind transport, SecurityLevel level)
    {
        public AfilnetTransportKind Transport => transport;

        public SecurityLevel Level => level;

        public string? Skipped { get; init; }

        public bool Passed { get; set; }

        public Failure? Failure { get; set; }

        public Dictionary<string, List<TimeSpan>> Latencies { get; } = Methods.ToDictionary(m => m, _ => new List<TimeSpan>(), StringComparer.Ordinal);

        public List<GroupId> Kept { get; } = [];

        public List<GroupId> LeftBehind { get; } = [];

        public string? CleanupError { get; set; }
    }

    internal sealed record Report(List<TransportResult> Results, int Rounds, SecurityLevel Minimum, string? Target, bool Cancelled)
    {
        public TransportResult? Best => Results.Where(r => r.Passed).OrderByDescending(r => r.Level).FirstOrDefault();
    }

    /// <summary>The server answered, but not with what was written.</summary>
    private sealed class CheckException(string method, string message) : Exception(message)
    {
        public string Method => method;
    }
}
