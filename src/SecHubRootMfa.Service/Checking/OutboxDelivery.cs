using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Checking;

/// <summary>
/// The "deliver" step: publishes a written finding's pending compliance changes in order, each with its stable id, then
/// writes the same verdict again with an empty outbox. At least once: consumers de-duplicate on the change id.
/// </summary>
internal sealed class OutboxDelivery(
    IComplianceChangePublisher publisher, IFindingStore findings, RootMfaFindingBuilder builder, CheckOptions options, ICheckLog log)
{
    /// <summary>
    /// True when every change was published and the outbox cleared (or its clearing logged). False when the bus refused
    /// one and delivery is best-effort: the outbox then keeps them all for the next run; required delivery throws.
    /// </summary>
    public async Task<bool> DeliverAsync(CheckRequest request, RootMfaEvaluation evaluation, string findingId, FindingWrite write,
        CancellationToken cancellationToken)
    {
        if (!await PublishAsync(request, evaluation, findingId, write.Bookkeeping.PendingChanges, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        await ClearOutboxAsync(request, evaluation, write, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<bool> PublishAsync(
        CheckRequest request, RootMfaEvaluation evaluation, string findingId, IReadOnlyList<PendingChange> pending, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var change in pending)
            {
                await publisher.PublishAsync(
                    new ComplianceChange(request.AccountId, change.From, change.To, change.Reason, findingId, change.ObservedAt,
                        evaluation.Partition, change.ChangeId(findingId), change.FromReason),
                    cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (AwsCallException ex)
        {
            var message = $"The finding ({evaluation.Status.ToAsff()}) was imported, but {pending.Count} compliance change(s) "
                + $"stay undelivered in its outbox until a later run delivers them: {ex.Message}";
            if (options.ChangeDelivery == ChangeDelivery.BestEffort)
            {
                log.ChangeNotPublished(request.AccountId, message);
                return false;
            }

            throw new AwsCallException(ex.Kind, message, ex);
        }
    }

    // The changes are delivered: write the same verdict again without them (UpdatedAt + 1 ms, so Security Hub takes it).
    // If this write fails the next run delivers them again with the same ids, which consumers de-duplicate.
    private async Task ClearOutboxAsync(CheckRequest request, RootMfaEvaluation evaluation, FindingWrite write, CancellationToken cancellationToken)
    {
        if (write.Bookkeeping.PendingChanges.Count == 0)
        {
            return;
        }

        var cleared = builder.Build(evaluation, write.History, request.Trigger, write.SignIn,
            write.Bookkeeping with { PendingChanges = [], ChangesDropped = 0, Revision = 1 }, write.EventPath);
        try
        {
            await findings.ImportAsync(cleared, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            log.OutboxNotCleared(request.AccountId, ex.Message);
        }
    }
}
