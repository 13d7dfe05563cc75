namespace Afilnet.Contacts;

/// <summary>The kind of a group, which decides its main field.</summary>
public enum GroupType
{
    /// <summary>A group of mobile numbers; its main field is <c>mobile</c>. Wire value <c>mobile</c>.</summary>
    Mobile,

    /// <summary>A group of e-mail addresses; its main field is <c>email</c>. Wire value <c>email</c>.</summary>
    Email,
}
