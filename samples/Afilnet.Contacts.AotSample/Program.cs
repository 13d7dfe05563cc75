using Afilnet.Contacts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// Settings as any host reads them: appsettings.json, environment variables (Afilnet__Transport=OAuth2Json) and the
// command line (--Afilnet:Transport=OAuth2Json, or --transport OAuth2Json). Without Afilnet:BaseAddress the client
// would call the real service: run-aot.sh passes the address and credentials the CLI sample's `fake` command prints.
// The content root is the binary's folder, so its appsettings.json is found from any working directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--transport"] = "Afilnet:Transport" });
var afilnet = builder.Services.AddAfilnetContacts(builder.Configuration.GetSection("Afilnet"));
#if AFILNET_SOAP
afilnet.AddSoapTransport();
#endif

using var host = builder.Build();
try
{
    // ValidateOnStart: wrong settings (or a transport whose package is missing) fail here, naming the key.
    await host.StartAsync();
}
catch (OptionsValidationException ex)
{
    await Console.Error.WriteLineAsync($"error: {string.Join(" ", ex.Failures)}");
    return 2;
}

try
{
    // The client is built on first use. Under native AOT the Soap transport fails here: WCF finds its contract's
    // operations by reflection, and the native binary has no such metadata (README.md beside this file).
    var api = host.Services.GetRequiredService<IContactsApi>();
    var settings = host.Services.GetRequiredService<IOptions<AfilnetOptions>>().Value;
    var client = api as ContactsClient;
    Console.WriteLine($"Afilnet Contacts over {client?.Transport} (security level {client?.SecurityLevel}) at {settings.BaseAddress}");

    var group = (await api.CreateGroupAsync("AOT sample", GroupType.Mobile, ["mobile", "name"])).GroupId
        ?? throw new InvalidOperationException("The server did not return the new group's id.");
    Console.WriteLine($"  creategroup     AOT sample (mobile, name)  -> group {group}");

    var ana = await api.AddContactAsync(group, new ContactFields { { "mobile", "34600000001" }, { "name", "Ana" } });
    Console.WriteLine($"  addcontact      Ana                        -> contact {ana.ContactId}");

    var list = await api.AddContactListAsync(group, [new ContactFields { { "mobile", "34600000002" }, { "name", "Bruno" } }, new ContactFields { { "mobile", "34600000003" }, { "name", "Chloé" } }]);
    Console.WriteLine($"  addcontactlist  Bruno, Chloé               -> {list.Added} added");

    var contacts = await api.GetContactsAsync(group);
    Console.WriteLine($"  getcontacts     group {group}                 -> {contacts.Count} contacts: {string.Join("; ", contacts.Select(c => $"{c.Id} {c.Fields}"))}");

    var streamed = 0;
    await foreach (var contact in api.StreamContactsAsync(group))
    {
        streamed++;
    }

    Console.WriteLine($"  getcontacts     group {group}, streamed       -> {streamed} contacts, read as they arrived");

    await api.DeleteGroupAsync(group);
    Console.WriteLine($"  deletegroup     group {group}                 -> ok");
}
catch (Exception ex) when (ex is AfilnetException or InvalidOperationException)
{
    // SDK messages are built free of secrets.
    await Console.Error.WriteLineAsync($"error: {ex.GetType().Name}: {ex.Message}");
    return 1;
}
finally
{
    await host.StopAsync();
}

return 0;
