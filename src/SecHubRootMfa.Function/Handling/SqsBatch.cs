using System.Text.Json;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;

namespace SecHubRootMfa.Function.Handling;

/// <summary>
/// What both queue consumers (re-checks, organization run members) read from an SQS event source mapping's batch and
/// answer in the same way: the message id every partial batch response names, record fields as text, the answer.
/// </summary>
internal static class SqsBatch
{
    /// <summary>
    /// The record's message id; throws when it has none usable (missing, empty, over 128 characters, not printable
    /// ASCII), since Lambda then cannot be told which message failed and the whole batch must return to the queue.
    /// </summary>
    public static string MessageId(JsonElement record, MetricsWriter metrics)
    {
        var messageId = Text(record, "messageId");
        if (messageId is not { Length: > 0 and <= 128 } || !messageId.All(c => c is > ' ' and <= '~'))
        {
            metrics.Failure();
            throw new LambdaFunctionException("Function.WorkQueueRecordInvalid", "An SQS record has no usable messageId; the whole batch is retried.");
        }

        return messageId;
    }

    /// <summary>A string field; null when it is missing, not a string, or not readable as text.</summary>
    public static string? Text(JsonElement element, string name)
    {
        try
        {
            return element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        }
        catch (InvalidOperationException)
        {
            // A string with an unpaired surrogate escape cannot be read as text.
            return null;
        }
    }

    /// <summary>Lambda's partial batch response listing <paramref name="failures"/> (empty when every message is done).</summary>
    public static ReadOnlyMemory<byte> Answer(IEnumerable<string> failures) =>
        JsonSerializer.SerializeToUtf8Bytes(
            new BatchResponse { BatchItemFailures = [.. failures.Select(f => new BatchItemFailure { ItemIdentifier = f })] },
            BatchJsonContext.Default.BatchResponse);
}
