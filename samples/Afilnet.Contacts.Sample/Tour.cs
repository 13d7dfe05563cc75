using System.CommandLine;
using Spectre.Console;

namespace Afilnet.Contacts.Sample;

/// <summary>Walks all twelve methods in a sensible order and shows each call and its answer.</summary>
internal static class Tour
{
    public static async Task<int> RunAsync(CommandContext context, ParseResult parse, Session session, CancellationToken ct)
    {
        var console = context.Console;
        var api = session.Api;
        var client = (ContactsClient)api;
        console.MarkupLineInterpolated($"[bold]Afilnet Contacts tour[/] over [aqua]{client.Transport}[/] (security level {client.SecurityLevel}) against {session.Target}");
        console.WriteLine();
        var step = 0;

        void Show(string method, string sent, string received)
        {
            console.MarkupLineInterpolated($"[grey]{++step,2}[/] [bold]{method,-22}[/] {sent}");
            console.MarkupLineInterpolated($"   [green]->[/] {received}");
        }

        var group = (await api.CreateGroupAsync("Tour customers", GroupType.Mobile, ["mobile", "name", "city"], ct)).GroupId
            ?? throw new InvalidOperationException("The server did not return the new group's id.");
        Show("creategroup", "name=Tour customers, type=mobile, fields=mobile,name,city", $"group {group}");

        Show("getgroupcolumns", $"idgroup={group}", string.Join(", ", await api.GetGroupColumnsAsync(group, ct)));

        await api.AddColumnToGroupAsync(group, "birthday", ct);
        Show("addcolumntogroup", $"idgroup={group}, field=birthday", "ok");

        await api.DeleteColumnFromGroupAsync(group, "birthday", ct);
        Show("deletecolumnfromgroup", $"idgroup={group}, field=birthday", "ok");

        await api.AssignCountryToGroupAsync(group, "esp", ct);
        Show("assigncountrytogroup", $"idgroup={group}, countryiso3=esp", "ok");

        var ana = (await api.AddContactAsync(group, new ContactFields { { "mobile", "34600000001" }, { "name", "Ana" }, { "city", "Madrid" } }, ct)).ContactId
            ?? throw new InvalidOperationException("The server did not return the new contact's id.");
        Show("addcontact", "contact=mobile:34600000001,name:Ana,city:Madrid", $"contact {ana}");

        var list = await api.AddContactListAsync(
            group,
            [new ContactFields { { "mobile", "34600000002" }, { "name", "Bruno" }, { "city", "A Coruña" } }, new ContactFields { { "mobile", "34600000003" }, { "name", "Chloé, \"Cleo\"" }, { "city", "Sevilla" } }],
            ct);
        Show("addcontactlist", "contacts=[Bruno (A Coruña), Chloé, \"Cleo\" (Sevilla)]", $"{list.Added?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} added");

        var contacts = await api.GetContactsAsync(group, ct);
        Show("getcontacts", $"idgroup={group}", $"{contacts.Count} contacts: {string.Join("; ", contacts.Select(c => $"{c.Id} {c.Fields}"))}");

        var contact = await api.GetContactAsync(group, ana, ct);
        Show("getcontact", $"idgroup={group}, idcontact={ana}", $"{contact.Id} {contact.Fields}");

        await api.ModifyContactAsync(group, ana, new ContactFields { { "city", "Valencia" } }, ct);
        Show("modifycontact", $"idgroup={group}, idcontact={ana}, contact=city:Valencia", $"ok, now {(await api.GetContactAsync(group, ana, ct)).Fields}");

        await api.DeleteContactAsync(group, ana, ct);
        Show("deletecontact", $"idgroup={group}, idcontact={ana}", $"ok, {(await api.GetContactsAsync(group, ct)).Count} contacts left");

        await api.DeleteGroupAsync(group, ct);
        Show("deletegroup", $"idgroup={group}", "ok");

        try
        {
            await api.GetContactsAsync(group, ct);
            Show("getcontacts", $"idgroup={group} (deleted)", "unexpectedly succeeded");
            return SampleApp.Failed;
        }
        catch (AfilnetApiException expected)
        {
            Show("getcontacts", $"idgroup={group} (deleted)", $"error {expected.ErrorCode}, as documented");
        }

        console.WriteLine();
        console.MarkupLine("[green]All twelve methods answered.[/] Try [bold]--transport Soap[/] or [bold]--transport OAuth2Json[/].");
        return SampleApp.Ok;
    }
}
