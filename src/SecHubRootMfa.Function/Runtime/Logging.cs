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

/// <summary>One structured field of a log line: a string, a whole number or a boolean.</summary>
public readonly record struct LogField(string Name, string? Text, long? Number = null, bool? Flag = null)
{
    /// <summary>A numeric field, written as a JSON number.</summary>
    public static LogField Of(string name, long value) => new(name, null, value);

    /// <summary>A boolean field, written as JSON <c>true</c> or <c>false</c> (never as a string).</summary>
    public static LogField Of(string name, bool value) => new(name, null, null, value);

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

    /// <summary>An invocation starts: its lines carry its request id, trace id and whether it is the sandbox's first.</summary>
    void BeginInvocation(string requestId, string? traceHeader)
    {
    }
}

/// <summary>What every line of this process says about where it comes from, in Lambda log tooling's key names.</summary>
/// <param name="Service">The <c>service</c> key, for example <c>SecHubRootMfa</c>.</param>
/// <param name="FunctionName">The <c>function_name</c> key (<c>AWS_LAMBDA_FUNCTION_NAME</c>); null leaves it out.</param>
public sealed record LambdaLogContext(string Service, string? FunctionName)
{
    /// <summary>The service name in logs and metrics.</summary>
    public const string DefaultService = "SecHubRootMfa";

    /// <summary>From Lambda's environment (<c>AWS_LAMBDA_FUNCTION_NAME</c>), bounded to Lambda's 140-character name limit.</summary>
    public static LambdaLogContext FromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var name = getEnvironmentVariable("AWS_LAMBDA_FUNCTION_NAME");
        return new LambdaLogContext(DefaultService, string.IsNullOrWhiteSpace(name) ? null : name.Length <= 140 ? name : name[..140]);
    }
}

/// <summary>
/// Writes one JSON object per line: <c>timestamp</c>, <c>level</c>, <c>event</c>, <c>message</c>, the keys Lambda log
/// tooling reads (<c>service</c>, <c>function_name</c>; within an invocation <c>function_request_id</c>,
/// <c>cold_start</c> and, when traced, <c>xray_trace_id</c>), then the fields. Warn and Error go to the error writer, the
/// rest to the output writer (in Lambda both reach CloudWatch Logs).
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
    private readonly LambdaLogContext? _context;
    private readonly Lock _gate = new();
    private int _invocations;

    // One invocation at a time per sandbox (Lambda's model), so one current invocation for the whole process.
    private volatile Invocation? _current;

    /// <summary>Creates a sink writing lines at or above <paramref name="minimum"/>; <paramref name="context"/> adds service and function name.</summary>
    public JsonLineLogSink(TextWriter output, TextWriter error, TimeProvider time, LogSeverity minimum = LogSeverity.Info, LambdaLogContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(time);
        _output = output;
        _error = error;
        _time = time;
        _minimum = minimum;
        _context = context;
    }

    /// <inheritdoc />
    public void BeginInvocation(string requestId, string? traceHeader) =>
        _current = new Invocation(requestId, Interlocked.Increment(ref _invocations) == 1, TraceRoot(traceHeader));

    /// <summary>The <c>Root</c> of an X-Ray trace header (<c>Root=1-…;Parent=…;Sampled=1</c>), null when there is none.</summary>
    public static string? TraceRoot(string? traceHeader)
    {
        foreach (var part in (traceHeader ?? "").Split(';', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("Root=", StringComparison.Ordinal) && part.Length > 5)
            {
                return part[5..];
            }
        }

        return null;
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
            if (_context is { } context)
            {
                json.WriteString("service", context.Service);
                if (context.FunctionName is { } functionName)
                {
                    json.WriteString("function_name", functionName);
                }
            }

            if (_current is { } invocation)
            {
                json.WriteString("function_request_id", invocation.RequestId);
                json.WriteBoolean("cold_start", invocation.ColdStart);
                if (invocation.TraceId is { } traceId)
                {
                    json.WriteString("xray_trace_id", traceId);
                }
            }

            foreach (var field in fields)
            {
                if (field.Number is { } number)
                {
                    json.WriteNumber(field.Name, number);
                }
                else if (field.Flag is { } flag)
                {
                    json.WriteBoolean(field.Name, flag);
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

    private sealed record Invocation(string RequestId, bool ColdStart, string? TraceId);

    private static string Name(LogSeverity severity) => severity switch
    {
        LogSeverity.Debug => "DEBUG",
        LogSeverity.Info => "INFO",
        LogSeverity.Warn => "WARN",
        _ => "ERROR",
    };
}
