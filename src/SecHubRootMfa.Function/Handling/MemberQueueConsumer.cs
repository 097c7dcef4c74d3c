using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Function.Handling;

/// <summary>
/// Consumes a batch of the organization run queue (one member per message) delivered by its SQS event source mapping,
/// evaluating the batch's members at once with <see cref="OrgCheckRunner.RunOneAsync"/>. Answers with Lambda's partial
/// batch response: a member whose evaluation failed transiently is listed, after its message was made invisible for
/// a backoff that grows with its receive count (<see cref="OrgFanOutOptions.RetryDelay"/>), so it alone is retried and,
/// after the queue's maxReceiveCount, dead-lettered (alarmed). A permanent failure is final: the member's finding or
/// the run's metrics say so, and retrying would not change it. A record that is no valid member of this queue is listed too.
/// </summary>
/// <param name="queue">The organization run queue; records from any other source are refused.</param>
/// <param name="runner">Evaluates one member.</param>
/// <param name="fanOut">Delays a failed member's next delivery.</param>
/// <param name="options">Retry backoff.</param>
/// <param name="concurrency">Members evaluated at once (the org concurrency).</param>
/// <param name="log">Structured log lines.</param>
/// <param name="metrics">EMF metrics, per run.</param>
/// <param name="clock">For durations, item validation and the invocation's deadline.</param>
public sealed class MemberQueueConsumer(
    WorkQueueAddress queue, OrgCheckRunner runner, IMemberFanOut fanOut, OrgFanOutOptions options, int concurrency,
    ILogSink log, MetricsWriter metrics, TimeProvider clock)
{
    /// <summary>
    /// Time kept free before the invocation's deadline: members still running then are cancelled and sent back for a
    /// retry, instead of Lambda's timeout returning the whole batch only after the queue's visibility timeout.
    /// </summary>
    public static readonly TimeSpan DeadlineMargin = TimeSpan.FromSeconds(10);

    /// <summary>True when the batch's first record comes from this consumer's queue (an event source mapping reads one queue).</summary>
    public bool IsSourceOf(ReadOnlyMemory<byte> payload)
    {
        using var doc = JsonDocument.Parse(payload);
        var first = doc.RootElement.GetProperty("Records")[0];
        return queue.IsSourceOf(first.TryGetProperty("eventSourceARN", out var arn) && arn.ValueKind == JsonValueKind.String ? arn.GetString() : null);
    }

    /// <summary>Evaluates every member of the batch; returns the partial batch response.</summary>
    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var failures = new ConcurrentBag<string>();
        var byAccount = Read(invocation, failures);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var budget = invocation.RemainingTime(clock) - DeadlineMargin;
        deadline.CancelAfter(budget > TimeSpan.Zero ? budget : TimeSpan.Zero);
        var progress = new ConcurrentDictionary<string, RunCounts>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(byAccount.Values, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency) }, async (messages, _) =>
        {
            // One evaluation answers every delivery of the member in this batch (a duplicate, or a second run's).
            var (_, item, _, _) = messages[^1];
            var counts = progress.GetOrAdd(item.RunId, _ => new RunCounts());
            var outcome = await EvaluateAsync(item, deadline.Token).ConfigureAwait(false);
            if (outcome?.Reachability?.Error is not null)
            {
                // The member's reachability finding could not be written (the recorder logged why): the Failures alarm says so.
                metrics.Failure();
            }

            if (outcome is { State: not AccountRunState.Failed })
            {
                counts.Add(evaluated: 1);
                Report(outcome);
                return;
            }

            if (outcome is { Retryable: false })
            {
                counts.Add(failed: 1);
                log.Write(LogSeverity.Warn, "account.failed", outcome.Cause ?? "failed", LogField.Of("account", item.AccountId),
                    LogField.Of("runId", item.RunId), LogField.Of("findingImported", outcome.FindingImported));
                metrics.Failure();
                return;
            }

            counts.Add(retried: 1);
            await RetryLaterAsync(invocation, messages, outcome?.Cause ?? "the invocation ran out of time", failures, cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);

        foreach (var (runId, counts) in progress)
        {
            metrics.RunProgress(runId, evaluated: counts.Evaluated, failed: counts.Failed, retried: counts.Retried);
        }

        return SqsBatch.Answer(failures);
    }

    // Null when the invocation's time ran out first: the member is sent back, not failed.
    private async Task<AccountOutcome?> EvaluateAsync(MemberWorkItem item, CancellationToken cancellationToken)
    {
        try
        {
            return await runner.RunOneAsync(
                new CheckRequest(item.AccountId, item.Trigger, Import: true, AccountName: item.AccountName, CheckEventPath: item.CheckEventPath),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private void Report(AccountOutcome outcome)
    {
        if (outcome.Status is { } status)
        {
            metrics.Evaluation(status.ToAsff(), outcome.Duration.TotalMilliseconds);
        }

        if (outcome.EventPath is { } path)
        {
            var evidence = Core.EventPath.EventPathStatuses.ToEvidence(path.Status);
            if (path.Status != Core.EventPath.EventPathStatus.Live)
            {
                log.Write(LogSeverity.Warn, "eventpath.checked", $"event path {evidence}: {path.Reason}", LogField.Of("account", outcome.AccountId));
            }

            metrics.EventPathChecked(evidence);
        }
    }

    // Each of the member's messages stays invisible for its backoff, then comes back on its own.
    private async Task RetryLaterAsync(
        LambdaInvocation invocation, List<Delivery> messages, string cause, ConcurrentBag<string> failures, CancellationToken cancellationToken)
    {
        foreach (var (messageId, item, receiptHandle, receiveCount) in messages)
        {
            var delay = options.RetryDelay(receiveCount, Random.Shared.NextDouble());
            try
            {
                await fanOut.RetryLaterAsync(receiptHandle, delay, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCallException ex)
            {
                // The message still comes back, after the queue's own visibility timeout instead.
                log.Write(LogSeverity.Warn, "member.backoff_not_set", ex.Message, LogField.Of("account", item.AccountId), LogField.Of("messageId", messageId));
            }

            log.Write(LogSeverity.Warn, "member.retry", cause, LogField.Of("requestId", invocation.RequestId), LogField.Of("account", item.AccountId),
                LogField.Of("runId", item.RunId), LogField.Of("receiveCount", receiveCount), LogField.Of("retryInSeconds", (long)delay.TotalSeconds));
            failures.Add(messageId);
        }
    }

    private Dictionary<string, List<Delivery>> Read(LambdaInvocation invocation, ConcurrentBag<string> failures)
    {
        var byAccount = new Dictionary<string, List<Delivery>>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(invocation.Payload);
        foreach (var record in doc.RootElement.GetProperty("Records").EnumerateArray())
        {
            var messageId = SqsBatch.MessageId(record, metrics);
            var (delivery, refused) = Parse(record, messageId);
            if (delivery is null)
            {
                log.Write(LogSeverity.Warn, "workitem.rejected", refused!, LogField.Of("requestId", invocation.RequestId), LogField.Of("messageId", messageId));
                metrics.Failure();
                failures.Add(messageId);
                continue;
            }

            if (!byAccount.TryGetValue(delivery.Item.AccountId, out var list))
            {
                byAccount[delivery.Item.AccountId] = list = [];
            }

            list.Add(delivery);
        }

        return byAccount;
    }

    // Every field a record must carry in the form Lambda documents; it must come from the run queue and hold a member.
    private (Delivery? Delivery, string? Refused) Parse(JsonElement record, string messageId)
    {
        if (!queue.IsSourceOf(SqsBatch.Text(record, "eventSourceARN")))
        {
            return (null, $"the message does not come from the organization run queue {queue.Name} of account {queue.AccountId}");
        }

        if (SqsBatch.Text(record, "receiptHandle") is not { Length: > 0 and <= 2048 } receiptHandle)
        {
            return (null, "the record has no receiptHandle");
        }

        var receiveCount = 1;
        if (record.TryGetProperty("attributes", out var attributes) && attributes.ValueKind == JsonValueKind.Object
            && SqsBatch.Text(attributes, "ApproximateReceiveCount") is { } count
            && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out receiveCount) || receiveCount < 1))
        {
            return (null, "the record's ApproximateReceiveCount is not a whole number from 1");
        }

        var body = SqsBatch.Text(record, "body");
        if (body is null)
        {
            return (null, "the record has no body string");
        }

        var reading = WorkItemCodec.Read(body, clock, Routing.EventRouter.MaxClockSkew);
        return reading.Member is { } member
            ? (new Delivery(messageId, member, receiptHandle, receiveCount), null)
            : (null, reading.Error ?? $"a {WorkItemCodec.RecheckKind} item does not belong on the organization run queue {queue.Name}");
    }

    private sealed record Delivery(string MessageId, MemberWorkItem Item, string ReceiptHandle, int ReceiveCount);

    private sealed class RunCounts
    {
        private int _evaluated;
        private int _failed;
        private int _retried;

        public int Evaluated => _evaluated;

        public int Failed => _failed;

        public int Retried => _retried;

        public void Add(int evaluated = 0, int failed = 0, int retried = 0)
        {
            Interlocked.Add(ref _evaluated, evaluated);
            Interlocked.Add(ref _failed, failed);
            Interlocked.Add(ref _retried, retried);
        }
    }
}
