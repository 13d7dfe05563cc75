namespace Afilnet.Testing.Hosting;

/// <summary>Injected faults waiting for matching calls; thread-safe.</summary>
internal sealed class FaultQueue
{
    private readonly object _gate = new();
    private readonly List<(FakeFault Fault, int Left)> _faults = [];

    public void Add(FakeFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Times, 1, nameof(fault));
        if (fault.StatusCode is { } status)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(status, 100, nameof(fault));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599, nameof(fault));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Delay, TimeSpan.Zero, nameof(fault));
        lock (_gate)
        {
            _faults.Add((fault, fault.Times));
        }
    }

    /// <summary>Takes one use of the first fault that matches <paramref name="method"/>, if any.</summary>
    public FakeFault? Take(string? method)
    {
        lock (_gate)
        {
            for (var i = 0; i < _faults.Count; i++)
            {
                var (fault, left) = _faults[i];
                if (fault.Method is null || string.Equals(fault.Method, method, StringComparison.OrdinalIgnoreCase))
                {
                    if (left == 1)
                    {
                        _faults.RemoveAt(i);
                    }
                    else
                    {
                        _faults[i] = (fault, left - 1);
                    }

                    return fault;
                }
            }

            return null;
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
        }
    }
}
