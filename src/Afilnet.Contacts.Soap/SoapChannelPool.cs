using System.ServiceModel;

namespace Afilnet.Contacts.Soap;

/// <summary>
/// Idle WCF channels of one factory, so a call does not build, open and close a channel of its own (about 3 KB and a
/// few microseconds each). A channel is rented by exactly one call at a time and comes back only from a call that got
/// a clean, complete reply; everything else aborts its channel and never returns it. A returned channel is kept only
/// while it is <see cref="CommunicationState.Opened"/>, and checked again when rented.
/// </summary>
/// <remarks>
/// The channels are request channels over HTTP: they hold no session and no connection of their own (the SDK's
/// pipeline owns those), so an idle one costs only memory, and aborting a surplus one loses nothing.
/// </remarks>
internal sealed class SoapChannelPool : IDisposable
{
    private readonly ChannelFactory<ISoapChannel> _factory;
    private readonly ISoapChannel[] _idle;
    private readonly Lock _lock = new();
    private int _count;
    private bool _disposed;

    /// <param name="factory">The open factory that creates the channels.</param>
    /// <param name="maxIdle">How many idle channels are kept at most; the calls beyond it use channels of their own.</param>
    public SoapChannelPool(ChannelFactory<ISoapChannel> factory, int maxIdle)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIdle, 1);
        _factory = factory;
        _idle = new ISoapChannel[maxIdle];
    }

    /// <summary>How many idle channels the pool holds now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>How many idle channels the pool keeps at most.</summary>
    public int Capacity => _idle.Length;

    /// <summary>The idle channels now, most recently returned last (for tests: which channel a call gave back).</summary>
    internal ISoapChannel[] IdleSnapshot()
    {
        lock (_lock)
        {
            return _idle[.._count];
        }
    }

    /// <summary>An open idle channel, or a new one (opened by its first request) when none is idle.</summary>
    public ISoapChannel Rent()
    {
        while (TryTake() is { } channel)
        {
            if (channel.State == CommunicationState.Opened)
            {
                return channel;
            }

            channel.Abort();
        }

        return _factory.CreateChannel();
    }

    /// <summary>Gives back a channel whose call got a clean, complete reply; it is aborted instead when not open, the pool is full or disposed.</summary>
    public void Return(ISoapChannel channel)
    {
        if (channel.State == CommunicationState.Opened)
        {
            lock (_lock)
            {
                if (!_disposed && _count < _idle.Length)
                {
                    _idle[_count++] = channel;
                    return;
                }
            }
        }

        channel.Abort();
    }

    /// <summary>Aborts the idle channels; channels still rented are aborted when their calls give them back.</summary>
    public void Dispose()
    {
        ISoapChannel[] idle;
        lock (_lock)
        {
            _disposed = true;
            idle = _idle[.._count];
            Array.Clear(_idle);
            _count = 0;
        }

        foreach (var channel in idle)
        {
            channel.Abort();
        }
    }

    private ISoapChannel? TryTake()
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                return null;
            }

            var channel = _idle[--_count];
            _idle[_count] = null!;
            return channel;
        }
    }
}
