using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Afilnet.Contacts.Tests.Infrastructure;

/// <summary>A logger provider that keeps every formatted line, with its exception, at every level.</summary>
public sealed class ListLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ChangeSignal _logged = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    /// <summary>Returns once a line containing <paramref name="text"/> has been logged: woken by each line.</summary>
    public Task WaitForLineAsync(string text) =>
        _logged.UntilAsync(() => _lines.Any(l => l.Contains(text, StringComparison.Ordinal)), $"a log line with '{text}'");

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ListLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            provider._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " | " + exception)}");
            provider._logged.Notify();
        }
    }
}
