using Afilnet.Contacts.Sample;
using Spectre.Console;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C stops the current call (an import stops between batches and prints its summary).
    e.Cancel = true;
    cancel.Cancel();
};

return await SampleApp.RunAsync(args, AnsiConsole.Console, Console.Error, Console.In, cancel.Token);
