using SecHubRootMfa.Function.Runtime;

namespace SecHubRootMfa.Function.Tests.TestDoubles;

/// <summary>Keeps every log line (all severities) for assertions.</summary>
internal sealed class RecordingLogSink : ILogSink
{
    private readonly List<(LogSeverity Severity, string Event, string Message, LogField[] Fields)> _lines = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<(LogSeverity Severity, string Event, string Message, LogField[] Fields)> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    public IEnumerable<string> Events => Lines.Select(l => l.Event);

    public bool IsEnabled(LogSeverity severity) => true;

    public void Write(LogSeverity severity, string eventName, string message, params ReadOnlySpan<LogField> fields)
    {
        var copy = fields.ToArray();
        lock (_gate)
        {
            _lines.Add((severity, eventName, message, copy));
        }
    }
}
