using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Function.Handling;

/// <summary>The work queue the function sends re-checks to and consumes (SECHUBROOTMFA_WORK_QUEUE_URL).</summary>
/// <param name="Url">The queue URL, as sqs:SendMessage takes it.</param>
/// <param name="AccountId">The account that owns the queue (from the URL's path).</param>
/// <param name="Name">The queue's name (the URL's last path segment).</param>
public sealed record WorkQueueAddress(string Url, string AccountId, string Name)
{
    /// <summary>Reads a queue URL (<c>https://sqs.&lt;region&gt;.amazonaws.com/&lt;account&gt;/&lt;name&gt;</c>); null when it is not one.</summary>
    public static WorkQueueAddress? Parse(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return null;
        }

        var segments = uri.AbsolutePath.Trim('/').Split('/');
        return segments is [var account, var name] && AccountIds.IsValid(account) && IsQueueName(name)
            ? new WorkQueueAddress(url!, account, name)
            : null;
    }

    /// <summary>True when <paramref name="eventSourceArn"/> (an SQS record's eventSourceARN) names this queue.</summary>
    public bool IsSourceOf(string? eventSourceArn) =>
        eventSourceArn?.Split(':') is ["arn", _, "sqs", _, var account, var name] && account == AccountId && name == Name;

    // SQS queue names: 1-80 of letters, digits, hyphens and underscores (a FIFO queue ends in .fifo).
    private static bool IsQueueName(string name) =>
        name.Length is > 0 and <= 80 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}

/// <summary>
/// Consumes a batch of work queue messages delivered by the SQS event source mapping, and answers with Lambda's partial
/// batch response (<c>ReportBatchItemFailures</c>): a message whose re-check failed, or that is no valid work item of
/// this queue, is listed and comes back after the visibility timeout, then lands in the dead-letter queue (alarmed).
/// Messages about one account are evaluated once per batch.
/// </summary>
public sealed class WorkQueueConsumer(WorkQueueAddress? queue, ILogSink log, MetricsWriter metrics, TimeProvider clock)
{
    /// <summary>The most characters of a value from a record quoted in a log line.</summary>
    public const int MaxQuotedLength = 64;

    /// <summary>True when <paramref name="payload"/> is an SQS event (a <c>Records</c> array of <c>aws:sqs</c> records).</summary>
    public static bool IsBatch(ReadOnlyMemory<byte> payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 16 });
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array
                && records.GetArrayLength() > 0
                && records.EnumerateArray().All(r => r.ValueKind == JsonValueKind.Object
                    && r.TryGetProperty("eventSource", out var source) && source.ValueKind == JsonValueKind.String && source.ValueEquals("aws:sqs"));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Reads every record and runs <paramref name="recheck"/> once per account; <paramref name="recheck"/> returns null when
    /// the account was evaluated, a reason when the item is to be dropped (logged, not retried), and throws when the
    /// evaluation failed (the account's messages are retried). A record without a usable message id fails the batch.
    /// </summary>
    public async Task<ReadOnlyMemory<byte>> HandleAsync(
        LambdaInvocation invocation, Func<RecheckWorkItem, CancellationToken, Task<string?>> recheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(recheck);
        var failures = new List<string>();
        var byAccount = new Dictionary<string, List<(string MessageId, RecheckWorkItem Item)>>(StringComparer.Ordinal);
        using (var doc = JsonDocument.Parse(invocation.Payload))
        {
            foreach (var record in doc.RootElement.GetProperty("Records").EnumerateArray())
            {
                var messageId = SqsBatch.MessageId(record, metrics);
                if (Refusal(record) is { } refused)
                {
                    log.Write(LogSeverity.Warn, "workitem.rejected", refused, LogField.Of("requestId", invocation.RequestId), LogField.Of("messageId", messageId));
                    metrics.Failure();
                    failures.Add(messageId);
                    continue;
                }

                var reading = SqsBatch.Text(record, "body") is { } body
                    ? WorkItemCodec.Read(body, clock, Routing.EventRouter.MaxClockSkew)
                    : new WorkItemReading(null, "the body is not valid UTF-16 text");
                if (reading.Item is not { } item)
                {
                    // A member of an organization run belongs on the run queue, never here.
                    log.Write(LogSeverity.Warn, "workitem.rejected", reading.Error ?? $"a {WorkItemCodec.MemberKind} item does not belong on the work queue {queue!.Name}", LogField.Of("requestId", invocation.RequestId), LogField.Of("messageId", messageId));
                    metrics.Failure();
                    failures.Add(messageId);
                    continue;
                }

                if (!byAccount.TryGetValue(item.AccountId, out var items))
                {
                    byAccount[item.AccountId] = items = [];
                }

                items.Add((messageId, item));
            }
        }

        foreach (var (account, items) in byAccount)
        {
            // One evaluation answers every re-check of the account in this batch: its observation is newer than all of them.
            var item = items[^1].Item;
            try
            {
                if (await recheck(item, cancellationToken).ConfigureAwait(false) is { } dropped)
                {
                    log.Write(LogSeverity.Warn, "workitem.dropped", dropped, LogField.Of("requestId", invocation.RequestId), LogField.Of("account", account));
                    metrics.Ignored();
                }
            }
            catch (LambdaFunctionException ex)
            {
                // The evaluation failed (logged and counted by the caller): its messages come back after the visibility timeout.
                log.Write(LogSeverity.Warn, "workitem.retry", ex.Message, LogField.Of("requestId", invocation.RequestId), LogField.Of("account", account),
                    LogField.Of("messages", items.Count));
                failures.AddRange(items.Select(i => i.MessageId));
            }
        }

        return SqsBatch.Answer(failures);
    }

    // Each field a record must carry with the form Lambda documents; the record must come from our own queue.
    private string? Refusal(JsonElement record)
    {
        var sourceArn = SqsBatch.Text(record, "eventSourceARN");
        if (queue is null)
        {
            return "an SQS message arrived, but this function has no work queue configured (SECHUBROOTMFA_WORK_QUEUE_URL)";
        }

        if (!queue.IsSourceOf(sourceArn))
        {
            return $"the message comes from '{Quote(sourceArn)}', not from the work queue {queue.Name} of account {queue.AccountId}";
        }

        return record.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.String ? null : "the record has no body string";
    }

    private static string Quote(string? value) =>
        value is null ? "(none)" : new string([.. value.Take(MaxQuotedLength).Select(c => c is >= ' ' and <= '~' ? c : '?')]) + (value.Length > MaxQuotedLength ? "…" : "");
}

/// <summary>Lambda's partial batch response for an SQS event source mapping with <c>ReportBatchItemFailures</c>.</summary>
public sealed record BatchResponse
{
    /// <summary>The messages to return to the queue; empty when every message is done.</summary>
    public required List<BatchItemFailure> BatchItemFailures { get; init; }
}

/// <summary>One message to return to the queue.</summary>
public sealed record BatchItemFailure
{
    /// <summary>The SQS message id.</summary>
    public required string ItemIdentifier { get; init; }
}

/// <summary>Source-generated JSON for the partial batch response (camelCase, as Lambda reads it); writing only.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(BatchResponse))]
public sealed partial class BatchJsonContext : JsonSerializerContext;
