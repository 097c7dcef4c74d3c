using Amazon.SQS;
using Amazon.SQS.Model;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>Queues re-checks on the work queue with sqs:SendMessage, delayed with the message's own DelaySeconds.</summary>
/// <param name="sqs">The SQS client of the queue's region.</param>
/// <param name="queueUrl">The work queue's URL.</param>
public sealed class SqsRecheckScheduler(IAmazonSQS sqs, string queueUrl) : IRecheckScheduler
{
    /// <summary>SQS's longest message delay (SendMessage DelaySeconds: 0 to 900).</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(900);

    /// <inheritdoc />
    public async Task ScheduleAsync(RecheckWorkItem item, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (delay < TimeSpan.Zero || delay > MaxDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), delay, $"SQS delays a message by 0 to {MaxDelay.TotalSeconds:0} s.");
        }

        try
        {
            await sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = queueUrl,
                MessageBody = WorkItemCodec.Write(item),
                // Rounded up: a re-check must never run before the settle time has passed.
                DelaySeconds = (int)Math.Ceiling(delay.TotalSeconds),
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "sqs:SendMessage", accountId: item.AccountId);
        }
    }
}
