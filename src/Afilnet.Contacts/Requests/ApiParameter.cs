namespace Afilnet.Contacts.Requests;

/// <summary>One named parameter of an <see cref="ApiRequest"/>, already in its wire text form.</summary>
/// <param name="Name">The parameter name, for example <c>idgroup</c>.</param>
/// <param name="Value">The value as the HTTP API expects it, before any transport encoding.</param>
/// <param name="IsJson">
/// Whether <paramref name="Value"/> is JSON text (only <c>contacts</c>): the JSON transport embeds it as JSON,
/// the others send it as a string.
/// </param>
internal readonly record struct ApiParameter(string Name, string Value, bool IsJson = false);
