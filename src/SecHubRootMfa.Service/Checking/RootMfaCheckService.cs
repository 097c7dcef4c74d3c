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
        using var path = EventPathRun.Start(request.CheckEventPath ? eventPath : null, clock, options.EventPathGrace, cancellationToken);
        var result = await RunCheckAsync(request, path, cancellationToken).ConfigureAwait(false);
        var carried = path.Checked ?? FindingFields.Read(result.Finding.ProductFields).EventPath;
        if (path.Checked is { } health)
        {
            log.EventPathChecked(request.AccountId, health);
        }

        return result with { Summary = result.Summary with { EventPath = carried, EventPathChecked = path.Checked is not null } };
    }

    private async Task<CheckResult> RunCheckAsync(CheckRequest request, EventPathRun path, CancellationToken cancellationToken)
    {
        var partition = context.Partition;
        var profile = options.ProfileFor(request.AccountId);
        var findingId = ControlIdentity.FindingId(partition, request.AccountId);

        // The existing finding and IAM are read at the same time, so one evaluation costs two sequential round trips
        // (reads, then the import). If Security Hub cannot be read, the IAM read is cancelled and nothing is imported.
        ExistingFinding? existing = null;
        Task<(RootMfaEvaluation Evaluation, int Reads, bool Unconfirmed)> firstEvaluation;
        if (!request.Import)
        {
            firstEvaluation = EvaluateAsync(request, partition, profile, cancellationToken);
        }
        else if (options.ReadExistingFindingFirst)
        {
            existing = await findings.GetAsync(findingId, context.ProductArn, cancellationToken).ConfigureAwait(false);
            firstEvaluation = EvaluateAsync(request, partition, profile, cancellationToken);
        }
        else
        {
            using var iamCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var read = findings.GetAsync(findingId, context.ProductArn, cancellationToken);
            firstEvaluation = EvaluateAsync(request, partition, profile, iamCancel.Token);
            try
            {
                existing = await read.ConfigureAwait(false);
            }
            catch
            {
                await iamCancel.CancelAsync().ConfigureAwait(false);
                await firstEvaluation.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                    .ConfigureAwait(false);
                throw;
            }

            // The evaluation must finish while its cancellation source is alive.
            await firstEvaluation.ConfigureAwait(false);
        }

        RejectFutureStored(existing);
        await path.SettleAsync(cancellationToken).ConfigureAwait(false);

        var previous = existing;
        var totalReads = 0;
        ProvisionalVerdict? provisional = null;
        for (var attempt = 1; ; attempt++)
        {
            var (evaluation, reads, unconfirmed) = attempt == 1
                ? await firstEvaluation.ConfigureAwait(false)
                : await EvaluateAsync(request, partition, profile, cancellationToken).ConfigureAwait(false);
            totalReads += reads;
            if (evaluation.InventoryError is { } inventoryError && attempt == 1)
            {
                log.InventoryUnavailable(request.AccountId, inventoryError);
            }

            if (!request.Import)
            {
                var only = builder.Build(evaluation, FindingHistory.None, request.Trigger, request.RootSignIn, eventPath: path.For(null));
                return Result(request.Trigger, evaluation, only, imported: false, previous, published: false, totalReads, pending: 0);
            }

            // A run that waited for IAM compares with what is stored right before writing: the finding read at the start is
            // seconds old by then, and the change it records must depart from what another run may have written meanwhile.
            if (reads > 1)
            {
                existing = await findings.GetAsync(findingId, context.ProductArn, cancellationToken).ConfigureAwait(false);
                RejectFutureStored(existing);
            }

            if (IsNewer(existing, evaluation.ObservedAt, runId: null))
            {
                // Another run read IAM after this one and already wrote its verdict: ours is older and must not replace it.
                if (Covers(existing!, request) || attempt >= options.MaxWriteAttempts)
                {
                    log.Superseded(request.AccountId, RootMfaFindingBuilder.Timestamp(evaluation.ObservedAt), Stamp(existing!));
                    return Result(request.Trigger, evaluation,
                        builder.Build(evaluation, existing!.History, request.Trigger, request.RootSignIn, eventPath: path.For(existing)),
                        imported: false, previous, published: false, totalReads, pending: existing.PendingChanges.Count, superseded: true);
                }

                continue; // re-read IAM: the next observation is newer than the stored one, and carries our evidence
            }

            // The re-check is queued before the provisional verdict is written, so no such verdict ever stands without one.
            if (unconfirmed && recheck is not null && provisional is null)
            {
                provisional = await ScheduleRecheckAsync(request, cancellationToken).ConfigureAwait(false);
            }

            var bookkeeping = NextBookkeeping(existing, evaluation, options.ChangeDelivery) with { Provisional = unconfirmed ? provisional : null };
            var pending = bookkeeping.PendingChanges;
            if (bookkeeping.ChangesDropped > 0)
            {
                log.ChangesDropped(request.AccountId, bookkeeping.ChangesDropped);
            }

            var signIn = RootSignInEvidence.Latest(request.RootSignIn, existing?.LastRootSignIn);
            var history = existing?.History ?? FindingHistory.None;
            var finding = builder.Build(evaluation, history, request.Trigger, signIn, bookkeeping, path.For(existing));
            try
            {
                await findings.ImportAsync(finding, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCallException ex)
            {
                // The verdict stands even when Security Hub refuses it: the CLI still shows it before the import error.
                throw new FindingNotImportedException(ex, Result(request.Trigger, evaluation, finding, imported: false, existing, published: false,
                    totalReads, pending.Count));
            }

            // Without a publisher (the CLI) the changes wait in the outbox for the function, which delivers them.
            var deliver = changes is not null && pending.Count > 0;
            if (!deliver && request.RootSignIn is null)
            {
                return Result(request.Trigger, evaluation, finding, imported: true, previous, published: false, totalReads, pending.Count,
                    recheckAt: bookkeeping.Provisional?.RecheckAt);
            }

            // Security Hub accepts an older UpdatedAt without error and ignores it: read back to learn whose write stands
            // before announcing a change, and whether our evidence survived.
            var stored = await findings.GetAsync(findingId, context.ProductArn, cancellationToken).ConfigureAwait(false);
            RejectFutureStored(stored);
            if (IsNewer(stored, evaluation.ObservedAt, bookkeeping.RunId))
            {
                if (Covers(stored!, request) || attempt >= options.MaxWriteAttempts)
                {
                    log.Superseded(request.AccountId, RootMfaFindingBuilder.Timestamp(evaluation.ObservedAt), Stamp(stored!));
                    return Result(request.Trigger, evaluation, finding, imported: false, previous, published: false, totalReads,
                        pending: stored!.PendingChanges.Count, superseded: true);
                }

                existing = stored;
                continue;
            }

            var delivered = deliver && await DeliverAsync(request, evaluation, findingId, pending, cancellationToken).ConfigureAwait(false);
            if (delivered)
            {
                await ClearOutboxAsync(request, evaluation, history, signIn, bookkeeping, path.For(existing), cancellationToken).ConfigureAwait(false);
            }

            return Result(request.Trigger, evaluation, finding, imported: true, previous, published: delivered, totalReads,
                pending: delivered ? 0 : pending.Count, recheckAt: bookkeeping.Provisional?.RecheckAt);
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

    private static CheckResult Result(
        string trigger, RootMfaEvaluation evaluation, AwsSecurityFinding finding, bool imported, ExistingFinding? previous, bool published,
        int reads, int pending, bool superseded = false, DateTimeOffset? recheckAt = null) =>
        new(new CheckSummary(evaluation.AccountId, evaluation.Status, evaluation.Reason, finding.Id!, imported, trigger, previous?.Status,
                published, reads, pending, superseded, previous?.WorkflowStatus, RecheckAt: recheckAt),
            finding, evaluation);

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
            throw new AwsCallException(AwsFailureKind.Transient,
                $"IAM cannot confirm the {request.Trigger} event yet, and the re-check after the settle time could not be queued, "
                + $"so the provisional verdict was not imported: {ex.Message}", ex);
        }

        log.RecheckScheduled(request.AccountId, request.Trigger, RootMfaFindingBuilder.Timestamp(recheckAt));
        return new ProvisionalVerdict(request.Trigger, request.EventTime, recheckAt);
    }

    // Security Hub ignores every update older than a stored UpdatedAt, so a finding stamped in the future (a writer whose
    // clock runs fast, or someone else's import) would freeze it silently: fail loudly instead, every run, until fixed.
    private void RejectFutureStored(ExistingFinding? stored)
    {
        if (stored?.UpdatedAt is { } updated && updated > clock.GetUtcNow() + options.MaxClockSkew)
        {
            throw new AwsCallException(AwsFailureKind.Transient,
                $"The stored finding's UpdatedAt {RootMfaFindingBuilder.Timestamp(updated)} is more than {(long)options.MaxClockSkew.TotalMinutes} min "
                + $"ahead of this run's clock ({RootMfaFindingBuilder.Timestamp(clock.GetUtcNow())}); Security Hub ignores every update until then. "
                + "A writer's clock is wrong or another principal imported it: check who imported the finding (CloudTrail BatchImportFindings).");
        }
    }

    // True when the stored finding holds a newer observation than ours, or the same one written by another run
    // (Security Hub keeps the first of two equal UpdatedAt values).
    private static bool IsNewer(ExistingFinding? stored, DateTimeOffset observedAt, string? runId)
    {
        if (stored?.UpdatedAt is not { } updated)
        {
            return false;
        }

        var ours = RootMfaFindingBuilder.ToMilliseconds(observedAt);
        return updated > ours || (updated == ours && runId is not null && stored.RunId is not null && stored.RunId != runId);
    }

    // The stored finding already says everything this run's event added (evidence is merged, never dropped).
    private static bool Covers(ExistingFinding stored, CheckRequest request) =>
        request.RootSignIn is not { } ours || (stored.LastRootSignIn is { } theirs && theirs.At >= ours.At);

    private static string Stamp(ExistingFinding stored) =>
        stored.UpdatedAt is { } t ? RootMfaFindingBuilder.Timestamp(t) : "unknown";

    // Publishes every pending change in order, each with its stable id. False when the bus refused one and delivery is
    // best-effort: the outbox then keeps them all for the next run (at least once; consumers de-duplicate on the id).
    private async Task<bool> DeliverAsync(
        CheckRequest request, RootMfaEvaluation evaluation, string findingId, IReadOnlyList<PendingChange> pending, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var change in pending)
            {
                await changes!.PublishAsync(
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
    private async Task ClearOutboxAsync(
        CheckRequest request, RootMfaEvaluation evaluation, FindingHistory history, RootSignInEvidence? signIn,
        FindingBookkeeping bookkeeping, EventPathHealth? eventPathHealth, CancellationToken cancellationToken)
    {
        if (bookkeeping.PendingChanges.Count == 0)
        {
            return;
        }

        var cleared = builder.Build(
            evaluation, history, request.Trigger, signIn, bookkeeping with { PendingChanges = [], ChangesDropped = 0, Revision = 1 }, eventPathHealth);
        try
        {
            await findings.ImportAsync(cleared, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            log.OutboxNotCleared(request.AccountId, ex.Message);
        }
    }

    // A device removal IAM could not confirm while the event is younger than the settle time.
    private bool Unconfirmed(CheckRequest request, bool met) => request.RemovesDevice && !met && IsYoung(request);

    private bool IsYoung(CheckRequest request) => Age(request) < options.EventSettleTime;

    private TimeSpan Age(CheckRequest request) => request.EventTime is { } at ? clock.GetUtcNow() - at : TimeSpan.Zero;

    private async Task<(RootMfaEvaluation Evaluation, int Reads, bool Unconfirmed)> EvaluateAsync(
        CheckRequest request, AwsPartition partition, PolicyProfile profile, CancellationToken cancellationToken)
    {
        var reads = 0;
        var delay = options.ConsistencyDelay;
        while (true)
        {
            RootMfaObservation observation;
            try
            {
                reads++;
                observation = await state.ReadAsync(request.AccountId, partition, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCallException ex) when (ex.Kind == AwsFailureKind.Permanent)
            {
                return (RootMfaEvaluator.Unavailable(request.AccountId, partition, profile, ex.Message, clock.GetUtcNow(), options.Mode), reads,
                    Unconfirmed(request, met: false));
            }
            catch (MalformedIamDataException ex)
            {
                return (RootMfaEvaluator.Unavailable(request.AccountId, partition, profile, ex.Message, clock.GetUtcNow(), options.Mode), reads,
                    Unconfirmed(request, met: false));
            }

            if (request.Expectation is not { } expected || expected.IsMetBy(observation) || reads > options.ConsistencyRetries)
            {
                var evaluation = RootMfaEvaluator.Evaluate(observation, profile, options.Mode);
                var met = request.Expectation?.IsMetBy(observation) ?? false;
                if (request.Expectation is { } unmet && !met)
                {
                    log.ConsistencyGaveUp(request.AccountId, unmet.Description, reads);
                }

                var unconfirmed = Unconfirmed(request, met);
                if (unconfirmed && recheck is not null)
                {
                    // A removal IAM does not show yet: the verdict is imported marked provisional and re-checked later.
                    return (evaluation, reads, true);
                }

                // IAM still shows the state before the event. A young event outweighs it: importing a PASSED the event
                // contradicts would be a wrong PASSED, so fail as transient and let Lambda's retries ask again later.
                // An event older than the settle time has had every chance to show in IAM: it was reverted or is
                // stale, and IAM's answer is the truth. No eventTime counts as young (the careful side). Without a work
                // queue a removal IAM cannot confirm is refused the same way.
                if (evaluation.Status == ComplianceStatus.Passed && (unconfirmed || (request.Expectation is not null && !met && IsYoung(request))))
                {
                    var what = request.Expectation is { } e ? $"({e.Description}) after {reads} read(s)" : "(no device-level fact to wait for)";
                    throw new AwsCallException(AwsFailureKind.Transient,
                        $"IAM does not show what the {request.Trigger} event implies {what}; "
                        + $"the event is {Math.Max(0, (long)Age(request).TotalSeconds)} s old (trusted over IAM for {(long)options.EventSettleTime.TotalMinutes} min), "
                        + "so PASSED was not imported. Lambda retries the event.");
                }

                return (evaluation, reads, false);
            }

            log.WaitingForConsistency(request.AccountId, expected.Description, reads, delay);
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }
}

/// <summary>The few things the service reports while it works.</summary>
public interface ICheckLog
{
    /// <summary>IAM does not yet show what the event implies; the service will read again after <paramref name="delay"/>.</summary>
    void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay);

    /// <summary>IAM still did not show the event's effect after the last allowed read.</summary>
    void ConsistencyGaveUp(string accountId, string expectation, int reads);

    /// <summary>A best-effort run could not publish an account's compliance change; it stays in the finding's outbox.</summary>
    void ChangeNotPublished(string accountId, string cause)
    {
    }

    /// <summary>Root's device inventory was asked for but could not be read; the finding says so.</summary>
    void InventoryUnavailable(string accountId, string cause)
    {
    }

    /// <summary>A newer observation was already stored, so this run's older verdict was not written.</summary>
    void Superseded(string accountId, string observedAt, string storedObservedAt)
    {
    }

    /// <summary>This run checked the event path (live, blind or unknown); the finding records it.</summary>
    void EventPathChecked(string accountId, EventPathHealth health)
    {
    }

    /// <summary>IAM could not confirm a device removal yet: a re-check of the account is queued for <paramref name="recheckAt"/>.</summary>
    void RecheckScheduled(string accountId, string trigger, string recheckAt)
    {
    }

    /// <summary>The outbox was full; the oldest undelivered changes were dropped (and counted in the finding).</summary>
    void ChangesDropped(string accountId, int dropped)
    {
    }

    /// <summary>The changes were delivered but the finding could not be re-imported without them; the next run redelivers.</summary>
    void OutboxNotCleared(string accountId, string cause)
    {
    }

    /// <summary>
    /// Org mode: a member's reachability finding in the administrator's Security Hub could not be read or written
    /// (<paramref name="accountId"/> null: none could, the run's listing failed).
    /// </summary>
    void ReachabilityNotRecorded(string? accountId, string cause)
    {
    }
}
