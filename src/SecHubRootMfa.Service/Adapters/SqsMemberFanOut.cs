using Amazon.SQS;
using Amazon.SQS.Model;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>
/// The organization run queue on SQS: members go out ten per sqs:SendMessageBatch (entries SQS failed are sent again, up
/// to <see cref="SendAttempts"/> calls), and a failed member's retry is delayed with sqs:ChangeMessageVisibility.
/// </summary>
/// <param name="sqs">The SQS client of the queue's region.</param>
/// <param name="queueUrl">The run queue's URL.</param>
/// <param name="clock">For the pause between sends of failed entries.</param>
public sealed class SqsMemberFanOut(IAmazonSQS sqs, string queueUrl, TimeProvider clock) : IMemberFanOut
{
    /// <summary>SendMessageBatch calls per batch before an entry SQS keeps failing fails the run.</summary>
    public const int SendAttempts = 3;

    /// <summary>SQS's longest visibility timeout (ChangeMessageVisibility: 0 to 43,200 s).</summary>
    public static readonly TimeSpan MaxVisibility = TimeSpan.FromHours(12);

    /// <inheritdoc />
    public async Task SendAsync(IReadOnlyList<MemberWorkItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count is 0 or > IMemberFanOut.MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(items), items.Count, $"A batch holds 1 to {IMemberFanOut.MaxBatch} members.");
        }

        // Entry ids are the items' positions, so a failed entry maps back to its member.
        var pending = items.Select((item, i) => new SendMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), WorkItemCodec.Write(item)))
            .ToList();
        for (var attempt = 1; ; attempt++)
        {
            SendMessageBatchResponse response;
            try
            {
                response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = pending }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                throw AwsErrors.Classify(ex, "sqs:SendMessageBatch");
            }

            var failed = response.Failed ?? [];
            if (failed.Count == 0)
            {
                return;
            }

            // Ids come back from outside: one this call did not send says nothing about which members were queued.
            var sent = pending.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            if (failed.FirstOrDefault(f => f.Id is null || !sent.Contains(f.Id)) is { } stray)
            {
                throw new AwsCallException(AwsFailureKind.Transient,
                    $"sqs:SendMessageBatch answered about entry '{AwsErrors.Plain(stray.Id ?? "(none)", 16)}', which this call did not send, "
                    + $"so which of its {pending.Count} members were queued is not known.");
            }

            var first = failed[0];
            // A sender fault (a bad entry) fails the same way again; a service fault may pass on the next call.
            if (failed.Any(f => f.SenderFault == true) || attempt == SendAttempts)
            {
                throw new AwsCallException(failed.Any(f => f.SenderFault == true) ? AwsFailureKind.Permanent : AwsFailureKind.Transient,
                    $"sqs:SendMessageBatch did not queue {failed.Count} of {pending.Count} members after {attempt} call(s), e.g. account "
                    + $"{items[int.Parse(first.Id, System.Globalization.CultureInfo.InvariantCulture)].AccountId}: "
                    + $"{AwsErrors.Plain(first.Code, 64)}: {AwsErrors.Plain(first.Message, 256)}");
            }

            var again = failed.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            pending = [.. pending.Where(e => again.Contains(e.Id))];
            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task RetryLaterAsync(string receiptHandle, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(receiptHandle);
        var seconds = (int)Math.Ceiling(Math.Clamp(delay.TotalSeconds, 0, MaxVisibility.TotalSeconds));
        try
        {
            await sqs.ChangeMessageVisibilityAsync(
                new ChangeMessageVisibilityRequest { QueueUrl = queueUrl, ReceiptHandle = receiptHandle, VisibilityTimeout = seconds }, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "sqs:ChangeMessageVisibility");
        }
    }
}
