using Afilnet.Contacts.Sample;

// Ctrl+C: the first press cancels the running command (which ends with exit 130 and, for an import, its summary); a
// second press ends the process at once. The source is never disposed, so a press that lands while the program is
// ending cannot throw (ObjectDisposedException on the signal thread was an exit 134).
var interrupt = new Interrupt();
Console.CancelKeyPress += interrupt.OnCancelKeyPress;
var console = SampleApp.CreateConsole(Console.Out, Console.IsOutputRedirected);
return await SampleApp.RunAsync(args, console, Console.Error, Console.In, interrupt.Token);
