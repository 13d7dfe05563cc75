using System.CommandLine;
using Spectre.Console;

namespace Afilnet.Contacts.Sample;

/// <summary>One command per API method: <c>group …</c> and <c>contact …</c>.</summary>
internal static class MethodCommands
{
    public static Command Group(CommandContext context)
    {
        var group = new Command("group", SampleApp.Describe("Group methods: create, columns, add-column, delete-column, delete, country.", "afilnet group create Customers --fields mobile,name,city"));
        var id = new Argument<long>("group") { Description = "The group id." };
        var field = new Argument<string>("field") { Description = "The column name." };

        var name = new Argument<string>("name") { Description = "The group's name." };
        var type = new Option<GroupType>("--type") { Description = "mobile or email.", DefaultValueFactory = _ => GroupType.Mobile };
        var fields = new Option<string>("--fields") { Description = "Comma-separated columns; must include the main field.", DefaultValueFactory = _ => "mobile,name" };
        var create = new Command("create", SampleApp.Describe("creategroup: create a group.", "afilnet group create Customers --type Mobile --fields mobile,name,city")) { name, type, fields };
        create.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            var result = await s.Api.CreateGroupAsync(p.GetValue(name)!, p.GetValue(type), p.GetValue(fields)!.Split(','), ct);
            return Done(c, "creategroup", s, $"group {result.GroupId?.ToString() ?? "(no id returned)"}");
        }, ct));

        var columns = new Command("columns", SampleApp.Describe("getgroupcolumns: list a group's columns.", "afilnet group columns 1000")) { id };
        columns.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
            Done(c, "getgroupcolumns", s, string.Join(", ", await s.Api.GetGroupColumnsAsync(new GroupId(p.GetValue(id)), ct))), ct));

        var addColumn = new Command("add-column", SampleApp.Describe("addcolumntogroup: add a column.", "afilnet group add-column 1000 birthday")) { id, field };
        addColumn.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            await s.Api.AddColumnToGroupAsync(new GroupId(p.GetValue(id)), p.GetValue(field)!, ct);
            return Done(c, "addcolumntogroup", s, "ok");
        }, ct));

        var deleteColumn = new Command("delete-column", SampleApp.Describe("deletecolumnfromgroup: remove a column.", "afilnet group delete-column 1000 birthday")) { id, field };
        deleteColumn.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            await s.Api.DeleteColumnFromGroupAsync(new GroupId(p.GetValue(id)), p.GetValue(field)!, ct);
            return Done(c, "deletecolumnfromgroup", s, "ok");
        }, ct));

        var delete = new Command("delete", SampleApp.Describe("deletegroup: delete a group.", "afilnet group delete 1000")) { id };
        delete.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            await s.Api.DeleteGroupAsync(new GroupId(p.GetValue(id)), ct);
            return Done(c, "deletegroup", s, "ok");
        }, ct));

        var iso3 = new Argument<string>("country") { Description = "ISO 3166-1 alpha-3 code, for example esp." };
        var country = new Command("country", SampleApp.Describe("assigncountrytogroup: set the group's country.", "afilnet group country 1000 esp")) { id, iso3 };
        country.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            await s.Api.AssignCountryToGroupAsync(new GroupId(p.GetValue(id)), p.GetValue(iso3)!, ct);
            return Done(c, "assigncountrytogroup", s, "ok");
        }, ct));

        group.Add(create);
        group.Add(columns);
        group.Add(addColumn);
        group.Add(deleteColumn);
        group.Add(delete);
        group.Add(country);
        return group;
    }

    public static Command Contact(CommandContext context)
    {
        var contact = new Command("contact", SampleApp.Describe("Contact methods: list, get, add, add-list, modify, delete.", "afilnet contact list 1000"));
        var group = new Argument<long>("group") { Description = "The group id." };
        var id = new Argument<long>("contact") { Description = "The contact id." };
        var values = new Argument<string[]>("field=value") { Description = "The contact's fields, for example mobile=34600000000 name=Ana.", Arity = ArgumentArity.OneOrMore };
        var contacts = new Argument<string[]>("contacts") { Description = "One argument per contact: field=value;field=value.", Arity = ArgumentArity.OneOrMore };

        var list = new Command("list", SampleApp.Describe("getcontacts: list a group's contacts.", "afilnet contact list 1000")) { group };
        list.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            var all = await s.Api.GetContactsAsync(new GroupId(p.GetValue(group)), ct);
            return Done(c, "getcontacts", s, $"{all.Count} contacts{string.Concat(all.Select(x => $"{Environment.NewLine}  {x.Id} {x.Fields}"))}");
        }, ct));

        var get = new Command("get", SampleApp.Describe("getcontact: show one contact.", "afilnet contact get 1000 1001")) { group, id };
        get.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            var one = await s.Api.GetContactAsync(new GroupId(p.GetValue(group)), new ContactId(p.GetValue(id)), ct);
            return Done(c, "getcontact", s, $"{one.Id} {one.Fields}");
        }, ct));

        var add = new Command("add", SampleApp.Describe("addcontact: add one contact.", "afilnet contact add 1000 mobile=34600000001 name=Ana")) { group, values };
        add.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            var result = await s.Api.AddContactAsync(new GroupId(p.GetValue(group)), Fields(p.GetValue(values)!), ct);
            return Done(c, "addcontact", s, $"contact {result.ContactId?.ToString() ?? "(no id returned)"}");
        }, ct));

        var addList = new Command("add-list", SampleApp.Describe("addcontactlist: add several contacts in one call.", "afilnet contact add-list 1000 \"mobile=34600000001;name=Ana\" \"mobile=34600000002;name=Bruno\"")) { group, contacts };
        addList.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            var result = await s.Api.AddContactListAsync(new GroupId(p.GetValue(group)), p.GetValue(contacts)!.Select(x => Fields(x.Split(';'))).ToList(), ct);
            return Done(c, "addcontactlist", s, $"{result.Added?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} added");
        }, ct));

        var modify = new Command("modify", SampleApp.Describe("modifycontact: change a contact's fields.", "afilnet contact modify 1000 1001 city=Valencia")) { group, id, values };
        modify.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            await s.Api.ModifyContactAsync(new GroupId(p.GetValue(group)), new ContactId(p.GetValue(id)), Fields(p.GetValue(values)!), ct);
            return Done(c, "modifycontact", s, "ok");
        }, ct));

        var delete = new Command("delete", SampleApp.Describe("deletecontact: delete a contact.", "afilnet contact delete 1000 1001")) { group, id };
        delete.SetAction((p, ct) => context.RunAsync(p, async (c, p, s, ct) =>
        {
            await s.Api.DeleteContactAsync(new GroupId(p.GetValue(group)), new ContactId(p.GetValue(id)), ct);
            return Done(c, "deletecontact", s, "ok");
        }, ct));

        contact.Add(list);
        contact.Add(get);
        contact.Add(add);
        contact.Add(addList);
        contact.Add(modify);
        contact.Add(delete);
        return contact;
    }

    private static ContactFields Fields(IEnumerable<string> pairs)
    {
        var fields = new ContactFields();
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"'{pair}' is not field=value.");
            }

            fields[pair[..equals]] = pair[(equals + 1)..];
        }

        return fields;
    }

    private static int Done(CommandContext context, string method, Session session, string result)
    {
        context.Console.MarkupLineInterpolated($"[bold]{method}[/] over [aqua]{session.Options.Transport}[/] -> {result}");
        return SampleApp.Ok;
    }
}
