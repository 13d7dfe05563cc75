namespace Afilnet.Contacts.Answers;

/// <summary>Decodes one operation's <c>result</c>, written once against <see cref="IAnswerReader"/> for every transport.</summary>
/// <typeparam name="TResult">The typed result the caller gets.</typeparam>
internal interface IResultDecoder<TResult>
{
    /// <summary>Reads the result the reader stands on.</summary>
    static abstract TResult Read<TReader>(ref TReader reader, in AnswerContext context)
        where TReader : IAnswerReader, allows ref struct;

    /// <summary>The result of a SUCCESS answer without one (absent or null), as protocol.md allows.</summary>
    static abstract TResult Absent(in AnswerContext context);
}

/// <summary>The result of the operations that return none.</summary>
internal readonly struct NoResult;

/// <summary>
/// The decoders of the twelve operations (protocol.md sections 2 and 4). Ids are positive and counts non-negative whole
/// numbers that fit the SDK's types; a result of another shape is an unreadable answer, never a framework exception.
/// Server text (field names, values) is never put into messages: the scrubbed excerpt shows the answer.
/// </summary>
internal static class Decoders
{
    /// <summary>addcolumntogroup, deletecolumnfromgroup, deletegroup, assigncountrytogroup, modifycontact, deletecontact.</summary>
    public sealed class None : IResultDecoder<NoResult>
    {
        public static NoResult Read<TReader>(ref TReader reader, in AnswerContext context)
            where TReader : IAnswerReader, allows ref struct
        {
            // The method has no result: whatever the server put there is ignored.
            reader.Skip();
            return default;
        }

        public static NoResult Absent(in AnswerContext context) => default;
    }

    /// <summary>creategroup: <c>{"idgroup": 1000}</c>, SOAP <c>&lt;idgroup&gt;</c>.</summary>
    public sealed class CreateGroup : IResultDecoder<CreateGroupResult>
    {
        public static CreateGroupResult Read<TReader>(ref TReader reader, in AnswerContext context)
            where TReader : IAnswerReader, allows ref struct =>
            new(OnlyMember(ref reader, "idgroup", minimum: 1, long.MaxValue, context) is { } id ? new GroupId(id) : null);

        public static CreateGroupResult Absent(in AnswerContext context) => new(null);
    }

    /// <summary>addcontact: <c>{"idcontact": 1001}</c>, SOAP <c>&lt;idcontact&gt;</c>.</summary>
    public sealed class AddContact : IResultDecoder<AddContactResult>
    {
        public static AddContactResult Read<TReader>(ref TReader reader, in AnswerContext context)
            where TReader : IAnswerReader, allows ref struct =>
            new(OnlyMember(ref reader, "idcontact", minimum: 1, long.MaxValue, context) is { } id ? new ContactId(id) : null);

        public static AddContactResult Absent(in AnswerContext context) => new(null);
    }

    /// <summary>addcontactlist: <c>{"added": 2}</c>, SOAP <c>&lt;added&gt;</c>.</summary>
    public sealed class AddContactList : IResultDecoder<AddContactListResult>
    {
        public static AddContactListResult Read<TReader>(ref TReader reader, in AnswerContext context)
            where TReader : IAnswerReader, allows ref struct =>
            new((int?)OnlyMember(ref reader, "added", minimum: 0, int.MaxValue, context));

        public static AddContactListResult Absent(in AnswerContext context) => new(null);
    }

    /// <summary>getgroupcolumns: <c>["mobile","name"]</c>, SOAP <c>&lt;field&gt;</c> repeated.</summary>
    public sealed class Columns : IResultDecoder<IReadOnlyList<string>>
    {
        public static IReadOnlyList<string> Read<TReader>(ref TReader reader, in AnswerContext context)
            where TReader : IAnswerReader, allows ref struct
        {
            if (!reader.TryEnterList("field"))
            {
                throw context.Unreadable("has a result that is not a list of column names");
            }

            var columns = new List<string>();
            while (reader.NextItem())
            {
                if (reader.IsNull)
                {
                    reader.Skip();
                    continue;
                }

                columns.Add(reader.ReadText());
            }

            return columns;
        }

        public static IReadOnlyList<string> Absent(in AnswerContext context) => [];
    }

    /// <summary>getcontacts: <c>[{"idcontact": 1000, "mobile": "…"}, …]</c>, SOAP <c>&lt;contact&gt;</c> repeated.</summary>
    public sealed class Contacts : IResultDecoder<IReadOnlyList<Contact>>
    {
        public static IReadOnlyList<Contact> Read<TReader>(ref TReader reader, in AnswerContext context)
            where TReader : IAnswerReader, allows ref struct
        {
            if (!reader.TryEnterList("contact"))
            {
                throw context.Unreadable("has a result that is not a list of contacts");
            }

            var contacts = new List<Contact>();
            var fieldsBefore = 0;
            while (reader.NextItem())
            {
                // The records of one group have the same fields: room for as many as the record before held.
                var contact = ReadContact(ref reader, context, fieldsBefore);
                fieldsBefore = contact.Fields.Count;
                contacts.Add(contact);
            }

            return contacts;
        }

        public static IReadOnlyList<Contact> Absent(in AnswerContext context) => [];
    }

    /// <summary>
    /// getcontact: <c>{"idcontact": 1001, …}</c>, SOAP one <c>&lt;contact&gt;</c>. A JSON list of exactly one contact is
    /// read too: that is the SOAP shape, and some servers send it.
    /// </summary>
    public sealed class SingleContact : IResultDecoder<Contact>
    {
        public static Contact Read<TReader>(ref TReader reader, in AnswerContext context)
            where TReader : IAnswerReader, allows ref struct
        {
            if (!reader.TryEnterList("contact"))
            {
                return ReadContact(ref reader, context);
            }

            Contact? contact = null;
            while (reader.NextItem())
            {
                if (contact is not null)
                {
                    throw context.Unreadable("has more than one contact");
                }

                contact = ReadContact(ref reader, context);
            }

            return contact ?? Absent(context);
        }

        public static Contact Absent(in AnswerContext context) => throw context.Unreadable("says SUCCESS but holds no contact");
    }

    /// <summary>A contact: <c>idcontact</c> and the group's fields, in the order sent (a streamed list reads each with it too).</summary>
    internal static Contact ReadContact<TReader>(ref TReader reader, in AnswerContext context, int expectedFields = 0)
        where TReader : IAnswerReader, allows ref struct
    {
        if (!reader.TryEnterRecord())
        {
            throw context.Unreadable("has a contact that is not a record");
        }

        long? id = null;
        var fields = expectedFields > 0 ? new ContactFields(expectedFields) : new ContactFields();
        while (reader.NextMember(out var name))
        {
            if (string.Equals(name, "idcontact", StringComparison.OrdinalIgnoreCase))
            {
                if (id is not null)
                {
                    throw context.Unreadable("has a contact with 'idcontact' more than once");
                }

                id = Integer(ref reader, "idcontact", 1, long.MaxValue, context);
            }
            else if (reader.IsNull)
            {
                reader.Skip();
            }
            else
            {
                var value = reader.ReadText();
                if (fields.Contains(name))
                {
                    throw context.Unreadable("has a contact with the same field twice");
                }

                fields.Add(name, value);
            }
        }

        return id is { } contactId
            ? new Contact(new ContactId(contactId), fields)
            : throw context.Unreadable("has a contact without 'idcontact'");
    }

    /// <summary>A record whose member <paramref name="name"/> (any case) is a whole number in range; null when absent.</summary>
    private static long? OnlyMember<TReader>(ref TReader reader, string name, long minimum, long maximum, in AnswerContext context)
        where TReader : IAnswerReader, allows ref struct
    {
        if (!reader.TryEnterRecord())
        {
            throw context.Unreadable($"has a result that is not a record with '{name}'");
        }

        long? value = null;
        while (reader.NextMember(out var member))
        {
            if (!string.Equals(member, name, StringComparison.OrdinalIgnoreCase))
            {
                reader.Skip();
                continue;
            }

            if (value is not null)
            {
                throw context.Unreadable($"has '{name}' more than once");
            }

            value = Integer(ref reader, name, minimum, maximum, context);
        }

        return value;
    }

    private static long Integer<TReader>(ref TReader reader, string name, long minimum, long maximum, in AnswerContext context)
        where TReader : IAnswerReader, allows ref struct =>
        reader.TryReadInteger(out var value) && value >= minimum && value <= maximum
            ? value
            : throw context.Unreadable(minimum > 0
                ? $"has an '{name}' that is not a positive whole number the SDK can hold"
                : $"has an '{name}' that is not a whole number from 0 to {maximum}");
}
