using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Afilnet.Contacts.Configuration;

/// <summary>
/// Applies a configuration change to a running client: new credentials take effect on the next call; a change of
/// anything else (the transport, the base address, limits, retries) is logged once as needing a restart, since those
/// shape the pipeline the client was built with; an invalid change is logged and ignored, the running client kept.
/// </summary>
internal sealed partial class ConfigurationWatch(ClientSettings running, string sectionPath, ILogger? logger)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly object _lock = new();
    private string? _restartLogged;

    public void Apply(AfilnetOptions changed)
    {
        lock (_lock)
        {
            var failures = ClientSettings.Validate(changed, sectionPath);
            if (failures.Count > 0)
            {
                // The messages name keys, never values.
                LogInvalid(_logger, sectionPath, string.Join(" ", failures));
                return;
            }

            var next = ClientSettings.Create(changed, sectionPath);
            if (running.Credentials.Rotate(next))
            {
                LogRotated(_logger, sectionPath);
            }

            var needRestart = running.DifferencesNeedingRestart(next, sectionPath);
            var keys = string.Join(", ", needRestart);
            if (needRestart.Count > 0 && !string.Equals(keys, _restartLogged, StringComparison.Ordinal))
            {
                _restartLogged = keys;
                LogRestartNeeded(_logger, keys);
            }
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Afilnet credentials in {Section} changed; the next call uses them")]
    private static partial void LogRotated(ILogger logger, string section);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Afilnet settings changed that take effect only after a restart: {Keys}; the client keeps its current ones")]
    private static partial void LogRestartNeeded(ILogger logger, string keys);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Afilnet configuration in {Section} changed to an invalid one, ignored: {Problems}")]
    private static partial void LogInvalid(ILogger logger, string section, string problems);
}
