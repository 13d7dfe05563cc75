namespace Afilnet.Contacts.Sample;

/// <summary>
/// Ctrl+C as a cancellation token, safe at any moment of the program's life: the source lives as long as the process
/// (it owns no timer, so it needs no disposal) and a press never throws, whatever its callbacks do.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "Disposing the source is what made a late Ctrl+C throw; it owns no timer and lives as long as the process.")]
public sealed class Interrupt
{
    private readonly CancellationTokenSource _source = new();
    private int _presses;

    /// <summary>Cancelled by the first press.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>How many times Ctrl+C was pressed.</summary>
    public int Presses => Volatile.Read(ref _presses);

    /// <summary>The <see cref="Console.CancelKeyPress"/> handler: the first press cancels, a second lets the process end.</summary>
    public void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Cancel = Press();
    }

    /// <summary>Presses Ctrl+C: returns <see langword="true"/> for the first press (the program goes on and stops itself).</summary>
    public bool Press()
    {
        if (Interlocked.Increment(ref _presses) != 1)
        {
            return false;
        }

        try
        {
            _source.Cancel();
        }
#pragma warning disable CA1031 // A signal handler must not throw: whatever a callback did, the command sees the token cancelled.
        catch (Exception)
#pragma warning restore CA1031
        {
        }

        return true;
    }
}
