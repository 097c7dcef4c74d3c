using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Checking;

/// <summary>
/// One whole evaluation: read the existing finding and IAM (waiting out eventual consistency), evaluate, import, then
/// deliver the finding's pending compliance changes. The finding is always written before any change event, and an
/// older observation never replaces a newer one. Scheduled runs also check the event path beside the IAM read
/// (<paramref name="eventPath"/>); event runs carry the stored check forward.
/// </summary>
public sealed class RootMfaCheckService(
    IRootMfaStateSource state,
    IFindingStore findings,
    IComplianceChangePublisher? changes,
    RootMfaFindingBuilder builder,
    DeploymentContext context,
    CheckOptions options,
    TimeProvider clock,
    ICheckLog log,
    IEventPathProbe? eventPath = null,
    IRecheckScheduler? recheck = null)
{
    private readonly ConsistentIamRead _iam = new(state, options, clock, log, canRecheckLater: recheck is not null);
    private readonly StoredFindingOrder _order = new(options, clock);
    private readonly OutboxDelivery? _delivery = changes is null ? null : new(changes, findings, builder, options, log);

    /// <summary>
    /// Runs the check. Permanent IAM failures become a NOT_AVAILABLE finding; transient failures, Security Hub
    /// rejections, an event IAM does not reflect yet, and (with <see cref="ChangeDelivery.Required"/>) an undelivered
    /// change throw <see cref="AwsCallException"/> so the caller can fail (and Lambda can retry).
    /// </summary>
    public async Task<CheckResult> RunAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        AccountIds.Require(request.AccountId);

        // The event-path probe starts beside the IAM read and can neither fail nor (past its grace) delay the verdict.
        using var path = EventPathRun.Start(
            request.CheckEventPath ? eventPath : null, clock, options.EventPathGrace, cancellationToken, request.EventPathIncomplete);
        var result = await RunCheckAsync(request, path, cancellationToken).ConfigureAwait(false);
        var carried = path.Checked ?? FindingFields.Read(result.Finding.ProductFields).EventPath;
        if (path.Checked is { } health)
        {
            log.EventPathChecked(request.AccountId, health);
        }

        return result with { Summary = result.Summary with { EventPath = carried, EventPathChecked = path.Checked is not null } };
    }

    // The algorithm: read (stored finding and IAM at once), evaluate (waiting out consistency), order against what is
    // stored, build, import, confirm by reading back, deliver. A newer stored verdict sends the run back to IAM.
    private async Task<CheckResult> RunCheckAsync(CheckRequest request, EventPathRun path, CancellationToken cancellationToken)
    {
        var target = new CheckTarget(request, context.Partition, options.ProfileFor(request.AccountId),
            ControlIdentity.FindingId(context.Partition, request.AccountId));
        var (existing, firstRead) = await ReadStoredAndIamAsync(target, cancellationToken).ConfigureAwait(false);
        _order.RejectFutureStored(existing);
        await path.SettleAsync(cancellationToken).ConfigureAwait(false);

        var previous = existing;
        var totalReads = 0;
        ProvisionalVerdict? provisional = null;
        for (var attempt = 1; ; attempt++)
        {
            var read = attempt == 1 ? await firstRead.ConfigureAwait(false) : await EvaluateAsync(target, cancellationToken).ConfigureAwait(false);
            totalReads += read.Reads;
            if (read.Evaluation.InventoryError is { } inventoryError && attempt == 1)
            {
                log.InventoryUnavailable(request.AccountId, inventoryError);
            }

            if (!request.Import)
            {
                return EvaluatedOnly(request, read.Evaluation, path, previous, totalReads);
            }

            // A run that waited for IAM compares with what is stored right before writing: the finding read at the start is
            // seconds old by then, and the change it records must depart from what another run may have written meanwhile.
            if (read.Reads > 1)
            {
                existing = await ReadStoredAsync(target, cancellationToken).ConfigureAwait(false);
            }

            if (StoredFindingOrder.IsNewer(existing, read.Evaluation.ObservedAt, runId: null))
            {
                // Another run read IAM after this one and already wrote its verdict: ours is older and must not replace it.
                if (_order.EndsRun(existing!, request, attempt))
                {
                    var stale = builder.Build(read.Evaluation, existing!.History, request.Trigger, request.RootSignIn, eventPath: path.For(existing));
                    return Superseded(request, read.Evaluation, stale, existing, previous, totalReads);
                }

                continue; // re-read IAM: the next observation is newer than the stored one, and carries our evidence
            }

            // The re-check is queued before the provisional verdict is written, so no such verdict ever stands without one.
            if (read.Unconfirmed && recheck is not null && provisional is null)
            {
                provisional = await ScheduleRecheckAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var write = BuildWrite(request, read, existing, read.Unconfirmed ? provisional : null, path);
            await ImportAsync(request, read.Evaluation, write, existing, totalReads, cancellationToken).ConfigureAwait(false);

            // Without a publisher (the CLI) the changes wait in the outbox for the function, which delivers them.
            var deliver = _delivery is not null && write.Bookkeeping.PendingChanges.Count > 0;
            if (!deliver && request.RootSignIn is null)
            {
                return Imported(request, read.Evaluation, write, previous, delivered: false, totalReads);
            }

            // Security Hub accepts an older UpdatedAt without error and ignores it: read back to learn whose write stands
            // before announcing a change, and whether our evidence survived.
            var stored = await ReadStoredAsync(target, cancellationToken).ConfigureAwait(false);
            if (StoredFindingOrder.IsNewer(stored, read.Evaluation.ObservedAt, write.Bookkeeping.RunId))
            {
                if (_order.EndsRun(stored!, request, attempt))
                {
                    return Superseded(request, read.Evaluation, write.Finding, stored!, previous, totalReads);
                }

                existing = stored;
                continue;
            }

            var delivered = deliver
                && await _delivery!.DeliverAsync(request, read.Evaluation, target.FindingId, write, cancellationToken).ConfigureAwait(false);
            return Imported(request, read.Evaluation, write, previous, delivered, totalReads);
        }
    }

    /// <summary>
    /// What a run's write carries besides the evidence: a fresh run id and the outbox after <paramref name="evaluation"/>
    /// (none when change events are disabled). Entries of <paramref name="existing"/>'s outbox that could not be read are
    /// not guessed at: they count as dropped with those a full outbox drops.
    /// </summary>
    internal static FindingBookkeeping NextBookkeeping(ExistingFinding? existing, RootMfaEvaluation evaluation, ChangeDelivery delivery)
    {
        var runId = Guid.NewGuid().ToString("N");
        if (delivery == ChangeDelivery.Disabled)
        {
            return new FindingBookkeeping(runId, []);
        }

        var pending = ChangeOutbox.Advance(
            existing?.PendingChanges ?? [], existing?.Status, existing?.Reason, existing?.UpdatedAt, evaluation, out var dropped);
        return new FindingBookkeeping(runId, pending, dropped + (existing?.UnreadableChanges ?? 0));
    }

    // Step "read": the existing finding and IAM at the same time, so one evaluation costs two sequential round trips
    // (reads, then the import). If Security Hub cannot be read, the IAM read is cancelled and nothing is imported.
    private async Task<(ExistingFinding? Existing, Task<IamRead> FirstRead)> ReadStoredAndIamAsync(CheckTarget target, CancellationToken cancellationToken)
    {
        if (!target.Request.Import)
        {
            return (null, EvaluateAsync(target, cancellationToken));
        }

        if (options.ReadExistingFindingFirst)
        {
            var first = await findings.GetAsync(target.FindingId, context.ProductArn, cancellationToken).ConfigureAwait(false);
            return (first, EvaluateAsync(target, cancellationToken));
        }

        using var iamCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var read = findings.GetAsync(target.FindingId, context.ProductArn, cancellationToken);
        var evaluation = EvaluateAsync(target, iamCancel.Token);
        ExistingFinding? existing;
        try
        {
            existing = await read.ConfigureAwait(false);
        }
        catch
        {
            await iamCancel.CancelAsync().ConfigureAwait(false);
            await evaluation.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .ConfigureAwait(false);
            throw;
        }

        // The evaluation must finish while its cancellation source is alive.
        await evaluation.ConfigureAwait(false);
        return (existing, evaluation);
    }

    // Step "evaluate": IAM's answer, waiting out eventual consistency.
    private Task<IamRead> EvaluateAsync(CheckTarget target, CancellationToken cancellationToken) =>
        _iam.EvaluateAsync(target.Request, target.Partition, target.Profile, cancellationToken);

    // The stored finding as it is now; one stamped in the future fails the run.
    private async Task<ExistingFinding?> ReadStoredAsync(CheckTarget target, CancellationToken cancellationToken)
    {
        var stored = await findings.GetAsync(target.FindingId, context.ProductArn, cancellationToken).ConfigureAwait(false);
        _order.RejectFutureStored(stored);
        return stored;
    }

    // Step "build": the verdict with the run's bookkeeping (run id, outbox, provisional mark) and the evidence merged with
    // what is stored (the latest root sign-in, the history).
    private FindingWrite BuildWrite(CheckRequest request, IamRead read, ExistingFinding? existing, ProvisionalVerdict? provisional, EventPathRun path)
    {
        var bookkeeping = NextBookkeeping(existing, read.Evaluation, options.ChangeDelivery) with { Provisional = provisional };
        if (bookkeeping.ChangesDropped > 0)
        {
            log.ChangesDropped(request.AccountId, bookkeeping.ChangesDropped);
        }

        var signIn = RootSignInEvidence.Latest(request.RootSignIn, existing?.LastRootSignIn);
        var history = existing?.History ?? FindingHistory.None;
        var health = path.For(existing);
        return new FindingWrite(builder.Build(read.Evaluation, history, request.Trigger, signIn, bookkeeping, health), bookkeeping, history, signIn, health);
    }

    // Step "import". The verdict stands even when Security Hub refuses it: the CLI still shows it before the import error.
    private async Task ImportAsync(
        CheckRequest request, RootMfaEvaluation evaluation, FindingWrite write, ExistingFinding? existing, int reads, CancellationToken cancellationToken)
    {
        try
        {
            await findings.ImportAsync(write.Finding, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            throw new FindingNotImportedException(ex, Result(request.Trigger, evaluation, write.Finding, imported: false, existing, published: false,
                reads, write.Bookkeeping.PendingChanges.Count));
        }
    }

    // Queues the re-check that confirms a device removal IAM does not show yet. A re-check that cannot be queued fails
    // the run as transient (Lambda retries the event; the Errors alarm sees it): a verdict nobody will look at again
    // within the settle time is never written.
    private async Task<ProvisionalVerdict> ScheduleRecheckAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var recheckAt = RootMfaFindingBuilder.ToMilliseconds(now + options.EventSettleTime);
        try
        {
            await recheck!.ScheduleAsync(
                new WorkQueue.RecheckWorkItem(request.AccountId, request.Trigger, request.EventTime, RootMfaFindingBuilder.ToMilliseconds(now)),
                options.EventSettleTime, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            throw new VerdictDeferredException(
                $"IAM cannot confirm the {request.Trigger} event yet, and the re-check after the settle time could not be queued, "
                + $"so the provisional verdict was not imported: {ex.Message}", ex);
        }

        log.RecheckScheduled(request.AccountId, request.Trigger, RootMfaFindingBuilder.Timestamp(recheckAt));
        return new ProvisionalVerdict(request.Trigger, request.EventTime, recheckAt);
    }

    private CheckResult EvaluatedOnly(CheckRequest request, RootMfaEvaluation evaluation, EventPathRun path, ExistingFinding? previous, int reads) =>
        Result(request.Trigger, evaluation, builder.Build(evaluation, FindingHistory.None, request.Trigger, request.RootSignIn, eventPath: path.For(null)),
            imported: false, previous, published: false, reads, pending: 0);

    private static CheckResult Imported(
        CheckRequest request, RootMfaEvaluation evaluation, FindingWrite write, ExistingFinding? previous, bool delivered, int reads) =>
        Result(request.Trigger, evaluation, write.Finding, imported: true, previous, published: delivered, reads,
            pending: delivered ? 0 : write.Bookkeeping.PendingChanges.Count, recheckAt: write.Bookkeeping.Provisional?.RecheckAt);

    private CheckResult Superseded(
        CheckRequest request, RootMfaEvaluation evaluation, AwsSecurityFinding finding, ExistingFinding stored, ExistingFinding? previous, int reads)
    {
        log.Superseded(request.AccountId, RootMfaFindingBuilder.Timestamp(evaluation.ObservedAt), StoredFindingOrder.Stamp(stored));
        return Result(request.Trigger, evaluation, finding, imported: false, previous, published: false, reads,
            pending: stored.PendingChanges.Count, superseded: true);
    }

    private static CheckResult Result(
        string trigger, RootMfaEvaluation evaluation, AwsSecurityFinding finding, bool imported, ExistingFinding? previous, bool published,
        int reads, int pending, bool superseded = false, DateTimeOffset? recheckAt = null) =>
        new(new CheckSummary(evaluation.AccountId, evaluation.Status, evaluation.Reason, finding.Id!, imported, trigger, previous?.Status,
                published, reads, pending, superseded, previous?.WorkflowStatus, RecheckAt: recheckAt),
            finding, evaluation);

    // One run's subject: the request, and what follows from it (partition, policy profile, finding id).
    private sealed record CheckTarget(CheckRequest Request, AwsPartition Partition, PolicyProfile Profile, string FindingId);
}
