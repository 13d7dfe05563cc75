using System.Globalization;
using Afilnet.Testing.Protocol;

namespace Afilnet.Testing.State;

/// <summary>
/// The one stateful implementation of the twelve methods, shared by every style. Groups and contacts live in memory;
/// group ids and contact ids each start at 1000. One lock guards everything, so calls are atomic and thread-safe.
/// </summary>
/// <remarks>
/// Rules where the provider's documentation is silent:
/// <list type="bullet">
/// <item>A contact keeps only the fields that are columns of its group; any other field is ignored.</item>
/// <item>A contact needs a non-empty main field (<c>mobile</c> or <c>email</c>, after the group type): MISSING_MAIN_FIELD.</item>
/// <item>Two contacts of a group never share a main-field value: CONTACT_EXISTS on addcontact and modifycontact.</item>
/// <item>addcontactlist skips contacts without the main field or whose main field is already in the group (or earlier
/// in the same list) and counts only those added; <c>contacts</c> that is not a JSON array is MISSING_COMPULSORY_PARAM.</item>
/// <item>addcolumntogroup of an existing column and deletecolumnfromgroup of a missing one succeed and change nothing;
/// deleting the main column is MISSING_MAIN_FIELD. Deleting a column deletes its values.</item>
/// <item>A non-numeric or unknown id is NOT_ACCESS_TO_GROUP or NOT_ACCESS_TO_CONTACT.</item>
/// </list>
/// </remarks>
internal sealed class ContactsState
{
    public const long FirstId = 1000;

    private readonly object _gate = new();
    private readonly SortedDictionary<long, Group> _groups = [];
    private long _nextGroupId = FirstId;
    private long _nextContactId = FirstId;

    /// <summary>Carries out <paramref name="method"/>; <paramref name="args"/> are its parameters in documented order, all present.</summary>
    public Outcome Invoke(string method, IReadOnlyList<string> args)
    {
        lock (_gate)
        {
            return method switch
            {
                "creategroup" => CreateGroup(args[0], args[1], args[2]),
                "getgroupcolumns" => WithGroup(args[0], g => Outcome.Ok(new ColumnsResult([.. g.Columns]))),
                "addcolumntogroup" => WithGroup(args[0], g => AddColumn(g, args[1])),
                "deletecolumnfromgroup" => WithGroup(args[0], g => DeleteColumn(g, args[1])),
                "deletegroup" => WithGroup(args[0], DeleteGroup),
                "assigncountrytogroup" => WithGroup(args[0], g => AssignCountry(g, args[1])),
                "getcontacts" => WithGroup(args[0], g => Outcome.Ok(new ContactListResult([.. g.Contacts.Keys.Select(g.View)]))),
                "getcontact" => WithContact(args[0], args[1], (g, id) => Outcome.Ok(new ContactResult(g.View(id)))),
                "addcontact" => WithGroup(args[0], g => AddContact(g, args[1])),
                "addcontactlist" => WithGroup(args[0], g => AddContactList(g, args[1])),
                "modifycontact" => WithContact(args[0], args[1], (g, id) => ModifyContact(g, id, args[2])),
                "deletecontact" => WithContact(args[0], args[1], DeleteContact),
                _ => Outcome.Fail(ErrorCodes.IncorrectMethod),
            };
        }
    }

    /// <summary>Forgets every group and contact and restarts the ids at 1000.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _groups.Clear();
            _nextGroupId = FirstId;
            _nextContactId = FirstId;
        }
    }

    private Outcome CreateGroup(string name, string type, string fields)
    {
        var main = type.Trim().ToLowerInvariant();
        if (main is not ("mobile" or "email"))
        {
            return Outcome.Fail(ErrorCodes.IncorrectType);
        }

        var columns = fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (!columns.Contains(main, StringComparer.Ordinal))
        {
            return Outcome.Fail(ErrorCodes.MissingMainField);
        }

        var group = new Group(_nextGroupId++, name, main, columns);
        _groups.Add(group.Id, group);
        return Outcome.Ok(new IdResult("idgroup", group.Id));
    }

    private Outcome DeleteGroup(Group group)
    {
        _groups.Remove(group.Id);
        return Outcome.Ok();
    }

    private static Outcome DeleteContact(Group group, long id)
    {
        group.Remove(id);
        return Outcome.Ok();
    }

    private static Outcome AddColumn(Group group, string field)
    {
        field = field.Trim();
        if (!group.Columns.Contains(field, StringComparer.Ordinal))
        {
            group.Columns.Add(field);
        }

        return Outcome.Ok();
    }

    private static Outcome DeleteColumn(Group group, string field)
    {
        field = field.Trim();
        if (string.Equals(field, group.MainField, StringComparison.Ordinal))
        {
            return Outcome.Fail(ErrorCodes.MissingMainField);
        }

        if (group.Columns.Remove(field))
        {
            foreach (var contact in group.Contacts.Values)
            {
                contact.Remove(field);
            }
        }

        return Outcome.Ok();
    }

    private static Outcome AssignCountry(Group group, string countryIso3)
    {
        if (!Countries.IsKnown(countryIso3))
        {
            return Outcome.Fail(ErrorCodes.CountryNotFound);
        }

        group.Country = countryIso3.Trim().ToUpperInvariant();
        return Outcome.Ok();
    }

    private Outcome AddContact(Group group, string contact)
    {
        var fields = group.Keep(ContactText.ParsePairs(contact));
        if (!fields.TryGetValue(group.MainField, out var main) || main.Length == 0)
        {
            return Outcome.Fail(ErrorCodes.MissingMainField);
        }

        if (group.FindByMain(main) is not null)
        {
            return Outcome.Fail(ErrorCodes.ContactExists);
        }

        var id = _nextContactId++;
        group.Add(id, fields);
        return Outcome.Ok(new IdResult("idcontact", id));
    }

    private Outcome AddContactList(Group group, string contacts)
    {
        var list = ContactText.ParseList(contacts);
        if (list is null)
        {
            return Outcome.Fail(ErrorCodes.MissingCompulsoryParam);
        }

        var added = 0;
        foreach (var item in list)
        {
            var fields = group.Keep(item);
            if (fields.TryGetValue(group.MainField, out var main) && main.Length > 0 && group.FindByMain(main) is null)
            {
                group.Add(_nextContactId++, fields);
                added++;
            }
        }

        return Outcome.Ok(new AddedResult(added));
    }

    private static Outcome ModifyContact(Group group, long id, string contact)
    {
        var changes = group.Keep(ContactText.ParsePairs(contact));
        if (changes.TryGetValue(group.MainField, out var main))
        {
            if (main.Length == 0)
            {
                return Outcome.Fail(ErrorCodes.MissingMainField);
            }

            if (group.FindByMain(main) is { } other && other != id)
            {
                return Outcome.Fail(ErrorCodes.ContactExists);
            }
        }

        group.Modify(id, changes);
        return Outcome.Ok();
    }

    private Outcome WithGroup(string idgroup, Func<Group, Outcome> action) =>
        long.TryParse(idgroup, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && _groups.TryGetValue(id, out var group)
            ? action(group)
            : Outcome.Fail(ErrorCodes.NotAccessToGroup);

    private Outcome WithContact(string idgroup, string idcontact, Func<Group, long, Outcome> action) =>
        WithGroup(idgroup, group =>
            long.TryParse(idcontact, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && group.Contacts.ContainsKey(id)
                ? action(group, id)
                : Outcome.Fail(ErrorCodes.NotAccessToContact));

    /// <summary>A group: its columns in order, and its contacts by id (each a map of column to value).</summary>
    private sealed class Group(long id, string name, string mainField, List<string> columns)
    {
        public long Id { get; } = id;

        public string Name { get; } = name;

        public string MainField { get; } = mainField;

        public List<string> Columns { get; } = columns;

        public string? Country { get; set; }

        /// <summary>The contacts by id, in id order (the order getcontacts answers in).</summary>
        public SortedDictionary<long, Dictionary<string, string>> Contacts { get; } = [];

        /// <summary>Contact ids by main-field value: duplicate checks in O(1), so an import of 100,000 stays linear.</summary>
        private Dictionary<string, long> ByMain { get; } = new(StringComparer.Ordinal);

        public void Add(long id, Dictionary<string, string> fields)
        {
            Contacts.Add(id, fields);
            ByMain[fields[MainField]] = id;
        }

        public void Remove(long id)
        {
            if (Contacts.Remove(id, out var fields) && fields.TryGetValue(MainField, out var main))
            {
                ByMain.Remove(main);
            }
        }

        public void Modify(long id, Dictionary<string, string> changes)
        {
            var fields = Contacts[id];
            if (changes.TryGetValue(MainField, out var main) && fields.TryGetValue(MainField, out var old) && old != main)
            {
                ByMain.Remove(old);
                ByMain[main] = id;
            }

            foreach (var (name, value) in changes)
            {
                fields[name] = value;
            }
        }

        /// <summary>The values of <paramref name="fields"/> that are columns of the group; the others are ignored.</summary>
        public Dictionary<string, string> Keep(List<KeyValuePair<string, string>> fields)
        {
            var kept = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (field, value) in fields)
            {
                if (Columns.Contains(field, StringComparer.Ordinal))
                {
                    kept[field] = value;
                }
            }

            return kept;
        }

        public long? FindByMain(string value) => ByMain.TryGetValue(value, out var id) ? id : null;

        /// <summary>The contact as answered: the values it has, in column order.</summary>
        public ContactView View(long id)
        {
            var fields = Contacts[id];
            return new ContactView(id, [.. Columns.Where(fields.ContainsKey).Select(c => new KeyValuePair<string, string>(c, fields[c]))]);
        }
    }
}
