using System.Buffers;
using System.Text.Json;

namespace SecHubRootMfa.Function.Telemetry;

/// <summary>
/// Writes CloudWatch Embedded Metric Format lines to stdout, which CloudWatch Logs turns into metrics in namespace
/// <c>SecHubRootMfa</c> with no API call: Evaluations, Failures, Ignored and DegradedEvents (counts) and DurationMs,
/// dimensioned by Service and Status and by Status alone (what the stack's alarms read); EventPathChecks (count) by
/// Service and EventPath and by EventPath alone (live, blind or unknown, once per check); and once per sandbox, with its
/// first metric, ColdStart (count) dimensioned by Service. That contract's one home is infra-pulumi/contracts/metrics.json,
/// which the alarms read; MetricContractTests holds these lines to it.
/// </summary>
public sealed class MetricsWriter(TextWriter output, TimeProvider clock, string service = Runtime.LambdaLogContext.DefaultService)
{
    /// <summary>The CloudWatch namespace.</summary>
    public const string Namespace = "SecHubRootMfa";

    private readonly Lock _gate = new();
    private int _written;

    /// <summary>One evaluation finished with <paramref name="status"/> (PASSED, FAILED, NOT_AVAILABLE).</summary>
    public void Evaluation(string status, double durationMs) =>
        Write(status, ("Evaluations", 1, "Count"), ("DurationMs", durationMs, "Milliseconds"));

    /// <summary>An invocation failed (the finding was not written).</summary>
    public void Failure() => Write("ERROR", ("Failures", 1, "Count"));

    /// <summary>An invocation was ignored.</summary>
    public void Ignored() => Write("IGNORED", ("Ignored", 1, "Count"));

    /// <summary>The dimension that carries an event-path check's result.</summary>
    public const string EventPathDimension = "EventPath";

    /// <summary>One event-path check ended <paramref name="eventPath"/> (live, blind, unknown).</summary>
    public void EventPathChecked(string eventPath) => Write(eventPath, EventPathDimension, ("EventPathChecks", 1, "Count"));

    /// <summary>An event of our rules was evaluated on its identity alone: a field it carries could not be read.</summary>
    public void DegradedEvent() => Write("DEGRADED", ("DegradedEvents", 1, "Count"));

    private void Write(string status, params ReadOnlySpan<(string Name, double Value, string Unit)> metrics) =>
        Write(status, "Status", metrics);

    private void Write(string value, string dimension, params ReadOnlySpan<(string Name, double Value, string Unit)> metrics)
    {
        // The first metric of a sandbox belongs to its first invocation, the cold one.
        if (Interlocked.Exchange(ref _written, 1) == 0)
        {
            WriteDocument(null, "Status", ("ColdStart", 1, "Count"));
        }

        WriteDocument(value, dimension, metrics);
    }

    private void WriteDocument(string? status, string dimension, params ReadOnlySpan<(string Name, double Value, string Unit)> metrics)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("_aws");
            json.WriteNumber("Timestamp", clock.GetUtcNow().ToUnixTimeMilliseconds());
            json.WriteStartArray("CloudWatchMetrics");
            json.WriteStartObject();
            json.WriteString("Namespace", Namespace);
            json.WriteStartArray("Dimensions");
            json.WriteStartArray();
            json.WriteStringValue("Service");
            if (status is not null)
            {
                json.WriteStringValue(dimension);
            }

            json.WriteEndArray();
            if (status is not null)
            {
                // Also by that dimension alone: the stack's alarms (NOT_AVAILABLE, heartbeat, event path) query that set,
                // and CloudWatch treats every dimension combination as a metric of its own.
                json.WriteStartArray();
                json.WriteStringValue(dimension);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("Metrics");
            foreach (var m in metrics)
            {
                json.WriteStartObject();
                json.WriteString("Name", m.Name);
                json.WriteString("Unit", m.Unit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteString("Service", service);
            if (status is not null)
            {
                json.WriteString(dimension, status);
            }

            foreach (var m in metrics)
            {
                json.WriteNumber(m.Name, m.Value);
            }

            json.WriteEndObject();
        }

        var line = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        lock (_gate)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }
}
