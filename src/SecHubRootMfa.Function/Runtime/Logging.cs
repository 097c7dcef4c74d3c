using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SecHubRootMfa.Function.Runtime;

/// <summary>Log severities, named as Lambda's JSON log format and <c>AWS_LAMBDA_LOG_LEVEL</c> name them.</summary>
public enum LogSeverity
{
    /// <summary>Diagnostic detail.</summary>
    Debug = 1,

    /// <summary>Normal progress.</summary>
    Info = 2,

    /// <summary>Something recoverable went wrong.</summary>
    Warn = 3,

    /// <summary>An operation failed.</summary>
    Error = 4,
}

/// <summary>One structured field of a log line: a string or a whole number.</summary>
public readonly record struct LogField(string Name, string? Text, long? Number = null)
{
    /// <summary>A numeric field, written as a JSON number.</summary>
    public static LogField Of(string name, long value) => new(name, null, value);

    /// <summary>A string field (null is written as JSON null).</summary>
    public static LogField Of(string name, string? value) => new(name, value);
}

/// <summary>Structured logging sink. Never pass payload contents, credentials or signatures as fields.</summary>
public interface ILogSink
{
    /// <summary>True when lines of <paramref name="severity"/> are written.</summary>
    bool IsEnabled(LogSeverity severity);

    /// <summary>Writes one log line with an event name (dotted, stable), a message and extra fields.</summary>
    void Write(LogSeverity severity, string eventName, string message, params ReadOnlySpan<LogField> fields);
}

/// <summary>
/// Writes one JSON object per line: <c>timestamp</c>, <c>level</c>, <c>event</c>, <c>message</c>, then the fields.
/// Warn and Error go to the error writer, the rest to the output writer (in Lambda both reach CloudWatch Logs).
/// </summary>
public sealed class JsonLineLogSink : ILogSink
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Log lines are never embedded in HTML; keep '+', quotes in ARNs and non-ASCII readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly TimeProvider _time;
    private readonly LogSeverity _minimum;
    private readonly Lock _gate = new();

    /// <summary>Creates a sink writing lines at or above <paramref name="minimum"/>.</summary>
    public JsonLineLogSink(TextWriter output, TextWriter error, TimeProvider time, LogSeverity minimum = LogSeverity.Info)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        _output = output;
        _error = error;
        _time = time;
        _minimum = minimum;
    }

    /// <summary>
    /// Reads a minimum severity from an <c>AWS_LAMBDA_LOG_LEVEL</c> value (TRACE/DEBUG → Debug, INFO, WARN,
    /// ERROR/FATAL → Error); null, empty or unknown values give Info.
    /// </summary>
    public static LogSeverity ParseMinimum(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" or "DEBUG" => LogSeverity.Debug,
        "WARN" or "WARNING" => LogSeverity.Warn,
        "ERROR" or "FATAL" => LogSeverity.Error,
        _ => LogSeverity.Info,
    };

    /// <inheritdoc />
    public bool IsEnabled(LogSeverity severity) => severity >= _minimum;

    /// <inheritdoc />
    public void Write(LogSeverity severity, string eventName, string message, params ReadOnlySpan<LogField> fields)
    {
        if (!IsEnabled(severity))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("level", Name(severity));
            json.WriteString("event", eventName);
            json.WriteString("message", message);
            foreach (var field in fields)
            {
                if (field.Number is { } number)
                {
                    json.WriteNumber(field.Name, number);
                }
                else
                {
                    json.WriteString(field.Name, field.Text);
                }
            }

            json.WriteEndObject();
        }

        var line = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        var writer = severity >= LogSeverity.Warn ? _error : _output;
        lock (_gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static string Name(LogSeverity severity) => severity switch
    {
        LogSeverity.Debug => "DEBUG",
        LogSeverity.Info => "INFO",
        LogSeverity.Warn => "WARN",
        _ => "ERROR",
    };
}
