using System.Buffers;
using System.Text.Json;

namespace SecHubRootMfa.Function.Telemetry;

/// <summary>
/// Writes CloudWatch Embedded Metric Format lines to stdout, which CloudWatch Logs turns into metrics in namespace
/// <c>SecHubRootMfa</c> with no API call: Evaluations, Failures, Ignored and DegradedEvents (counts) and DurationMs,
/// dimensioned by Service and Status and by Status alone (what the stack's alarms read); EventPathChecks (count) by
/// Service and EventPath and by EventPath alone (live, blind or unknown, once per check); and once per sandbox, with its
/// first metric, ColdStart (count) dimensioned by Service. Organization runs add MembersEnqueued, MembersEvaluated,
/// MembersFailed and MembersRetried (counts) dimensioned by Service alone, each line carrying the run's id as the
/// RunId property: a log field Logs Insights can group by, not a dimension (one metric per run would be unbounded).
/// That contract's one home is infra-pulumi/contracts/metrics.json, which the alarms read; MetricContractTests holds
/// these lines to it.
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

    /// <summary>The property that names an organization run on its members' metric lines (not a dimension).</summary>
    public const string RunIdProperty = "RunId";

    /// <summary>
    /// Progress of organization run <paramref name="runId"/>: members listed for it (queued, or kept in-process), evaluated
    /// (finding written), failed for good, and sent back for a retry. Zero counts are left out; nothing is written when all are zero.
    /// </summary>
    public void RunProgress(string runId, int enqueued = 0, int evaluated = 0, int failed = 0, int retried = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        var counts = new List<(string Name, double Value, string Unit)>(4);
        foreach (var (name, value) in new[] { ("MembersEnqueued", enqueued), ("MembersEvaluated", evaluated), ("MembersFailed", failed), ("MembersRetried", retried) })
        {
            if (value > 0)
            {
                counts.Add((name, value, "Count"));
            }
        }

        if (counts.Count == 0)
        {
            return;
        }

        NoteColdStart();
        WriteDocument(null, "Status", (RunIdProperty, runId), [.. counts]);
    }

    private void NoteColdStart()
    {
        // The first metric of a sandbox belongs to its first invocation, the cold one.
        if (Interlocked.Exchange(ref _written, 1) == 0)
        {
            WriteDocument(null, "Status", null, ("ColdStart", 1, "Count"));
        }
    }

    private void Write(string status, params ReadOnlySpan<(string Name, double Value, string Unit)> metrics) =>
        Write(status, "Status", metrics);

    private void Write(string value, string dimension, params ReadOnlySpan<(string Name, double Value, string Unit)> metrics)
    {
        NoteColdStart();
        WriteDocument(value, dimension, null, metrics);
    }

    private void WriteDocument(
        string? status, string dimension, (string Name, string Value)? property, params ReadOnlySpan<(string Name, double Value, string Unit)> metrics)
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

            if (property is { } p)
            {
                json.WriteString(p.Name, p.Value);
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
