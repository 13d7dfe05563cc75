using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>Collects every formatted log line (and its exception) at every level, for assertions and canary scans.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _lines.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " | " + exception));
}
