using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Organization;

/// <summary>
/// Evaluates many accounts from the administrator account: each in its own member session (assumed audit role), with
/// bounded concurrency, its finding imported into its own Security Hub. One account's failure never stops the others:
/// it gets a NOT_AVAILABLE finding with the cause where its Security Hub is reachable, and a line in the report.
/// </summary>
/// <param name="directory">Lists the organization's accounts.</param>
/// <param name="access">Opens a session in a member account (its assumed audit role).</param>
/// <param name="options">Home region, concurrency and check options.</param>
/// <param name="clock">For durations, consistency waits and the membership cache.</param>
/// <param name="log">Progress of each account's check.</param>
/// <param name="changes">
/// Publishes each member's compliance changes from the administrator account (detail names the member); null publishes none.
/// </param>
/// <param name="recheck">Queues a member's re-check (naming the member) after a device removal IAM could not confirm yet.</param>
/// <param name="reachability">
/// Records, when findings are imported, each member the run cannot reach in the administrator's own Security Hub (and
/// when it is reachable again); null records nothing there.
/// </param>
public sealed class OrgCheckRunner(
    IAccountDirectory directory, IMemberAccess access, OrgRunOptions options, TimeProvider clock, ICheckLog log,
    IComplianceChangePublisher? changes = null, IRecheckScheduler? recheck = null, MemberReachabilityRecorder? reachability = null) : IDisposable
{
    private readonly SemaphoreSlim _membershipLock = new(1, 1);
    // An org run must not fail every member for a broken bus: changes are best effort, kept in each finding's outbox and
    // delivered by the member's next evaluation.
    private readonly CheckOptions _check = options.Check.ChangeDelivery == ChangeDelivery.Disabled
        ? options.Check
        : options.Check with { ChangeDelivery = ChangeDelivery.BestEffort };
    private (HashSet<string> Members, DateTimeOffset ReadAt)? _membership;

    /// <summary>
    /// Lists the accounts and evaluates every active one. Throws <see cref="AwsCallException"/> only when the list
    /// itself cannot be read; cancellation stops the run.
    /// </summary>
    /// <param name="trigger">What started the run, for logs and the findings.</param>
    /// <param name="import">Import the findings (false only evaluates).</param>
    /// <param name="progress">Told as accounts finish; null tells nobody.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="checkEventPath">Also check each member's event path (scheduled and direct runs).</param>
    public async Task<OrgRunReport> RunAllAsync(
        string trigger, bool import, IOrgRunProgress? progress, CancellationToken cancellationToken, bool checkEventPath = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        if (options.Concurrency is < 1 or > 256)
        {
            throw new InvalidOperationException($"Concurrency must be between 1 and 256, got {options.Concurrency}.");
        }

        var started = clock.GetTimestamp();
        var recording = import && reachability is not null ? await reachability.StartRunAsync(cancellationToken).ConfigureAwait(false) : null;
        var outcomes = new ConcurrentBag<AccountOutcome>();
        var relay = new ProgressRelay(progress);
        var queue = Channel.CreateUnbounded<MemberAccount>(new UnboundedChannelOptions { SingleWriter = true });
        using var stopListing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The list's pages are serial (20 accounts per ListAccounts call): evaluating the first page's accounts while
        // later pages load takes the listing off the run's critical path.
        var listing = ListIntoAsync(queue, outcomes, relay, stopListing.Token);
        try
        {
            await Parallel.ForEachAsync(
                queue.Reader.ReadAllAsync(cancellationToken),
                new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
                async (account, ct) =>
                {
                    var outcome = await RunOneAsync(
                        new CheckRequest(account.AccountId, trigger, import, AccountName: account.Name, CheckEventPath: checkEventPath), recording, ct)
                        .ConfigureAwait(false);
                    outcomes.Add(options.KeepFindings ? outcome : outcome with { Finding = null });
                    relay.Finished(outcome);
                }).ConfigureAwait(false);
        }
        finally
        {
            await stopListing.CancelAsync().ConfigureAwait(false);
            await listing.ConfigureAwait(false);
        }

        // The list could not be read to the end: the run fails as when no page could be read (the accounts already
        // evaluated keep their findings; a retry evaluates them again).
        listing.Result?.Throw();
        return new OrgRunReport(
            [.. outcomes.OrderBy(o => o.AccountId, StringComparer.Ordinal)], clock.GetElapsedTime(started));
    }

    // Feeds the run's queue page by page; returns the listing's failure instead of throwing it, so the evaluations in
    // flight finish before the run fails. Accounts queued but not started when a page fails are dropped.
    private async Task<ExceptionDispatchInfo?> ListIntoAsync(
        Channel<MemberAccount> queue, ConcurrentBag<AccountOutcome> outcomes, ProgressRelay relay, CancellationToken cancellationToken)
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var page in directory.ListPagesAsync(cancellationToken).ConfigureAwait(false))
            {
                foreach (var s in page.Skipped)
                {
                    outcomes.Add(new AccountOutcome(s.AccountId, AccountRunState.Skipped, null, null, false, s.Reason, TimeSpan.Zero));
                }

                foreach (var account in page.Active.Where(a => members.Add(a.AccountId)))
                {
                    queue.Writer.TryWrite(account);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out _))
            {
            }

            return ExceptionDispatchInfo.Capture(ex);
        }
        catch (OperationCanceledException)
        {
            // The run itself was cancelled (or failed); it reports that.
            queue.Writer.TryComplete();
            return null;
        }

        _membership = (members, clock.GetUtcNow());
        relay.Listed(members.Count);
        queue.Writer.TryComplete();
        return null;
    }

    // Progress promises Started(total) before any AccountFinished; accounts that finish while the list is still loading
    // are held back and reported, in order, once the total is known.
    private sealed class ProgressRelay(IOrgRunProgress? progress)
    {
        private readonly Lock _gate = new();
        private List<AccountOutcome>? _held = [];
        private int _total;
        private int _done;

        public void Finished(AccountOutcome outcome)
        {
            if (progress is null)
            {
                return;
            }

            lock (_gate)
            {
                if (_held is not null)
                {
                    _held.Add(outcome);
                    return;
                }

                progress.AccountFinished(outcome, ++_done, _total);
            }
        }

        public void Listed(int total)
        {
            if (progress is null)
            {
                return;
            }

            lock (_gate)
            {
                _total = total;
                progress.Started(total);
                foreach (var held in _held ?? [])
                {
                    progress.AccountFinished(held, ++_done, total);
                }

                _held = null;
            }
        }
    }

    /// <summary>
    /// Evaluates one member account (an event from it, or one account of a run); never throws for AWS failures. With
    /// import and a reachability recorder, the member's reachability finding in the administrator's account is updated too.
    /// </summary>
    public Task<AccountOutcome> RunOneAsync(CheckRequest request, CancellationToken cancellationToken) =>
        RunOneAsync(request, null, cancellationToken);

    private async Task<AccountOutcome> RunOneAsync(CheckRequest request, MemberReachabilityRecorder.Run? recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var attemptedAt = clock.GetUtcNow();
        var outcome = await EvaluateOneAsync(request, cancellationToken).ConfigureAwait(false);
        if (!request.Import || reachability is null || outcome.VerdictDeferred)
        {
            return outcome;
        }

        // Reachable means the member's own Security Hub holds a current finding (written now, or a newer one found there).
        var attempt = new MemberAttempt(request.AccountId, attemptedAt, request.Trigger, outcome.FindingImported
            ? null
            : new MemberFailure(outcome.FailedStage ?? MemberFailureStage.CompleteCheck, outcome.Retryable,
                AwsErrors.Plain(outcome.Cause ?? "failed", MemberReachabilityFields.MaxCauseLength)));
        var record = recording is null
            ? await reachability.RecordAsync(attempt, request.AccountName, cancellationToken).ConfigureAwait(false)
            : await recording.RecordAsync(attempt, request.AccountName).ConfigureAwait(false);
        return outcome with { Reachability = record };
    }

    private async Task<AccountOutcome> EvaluateOneAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        IMemberSession session;
        try
        {
            session = await access.OpenAsync(request.AccountId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Without the member's role its Security Hub cannot be reached either: report only.
            var error = ex as AwsCallException;
            return new AccountOutcome(request.AccountId, AccountRunState.Failed, null, null, false,
                error?.Message ?? $"Cannot enter account {request.AccountId}: {ex.GetType().Name}: {ex.Message}", clock.GetElapsedTime(started),
                Retryable: error is null || error.Kind == AwsFailureKind.Transient, AccountName: request.AccountName,
                FailedStage: MemberFailureStage.EnterAccount);
        }

        using (session)
        {
            var deployment = new DeploymentContext(options.HomeRegion, request.AccountId) { AccountName = request.AccountName };
            var builder = new RootMfaFindingBuilder(deployment);
            var service = new RootMfaCheckService(
                session.State, session.Findings, changes, builder, deployment, _check, clock, log, session.EventPath, recheck);
            try
            {
                var result = await service.RunAsync(request, cancellationToken).ConfigureAwait(false);
                var e = result.Evaluation;
                var failed = e.Reason == ReasonCode.EvaluationError;
                return new AccountOutcome(request.AccountId, failed ? AccountRunState.Failed : AccountRunState.Evaluated, e.Status, e.Reason,
                    result.Summary.Imported || result.Summary.Superseded, failed ? e.ErrorCause : null, clock.GetElapsedTime(started),
                    e.Inventory is not null, AccountName: request.AccountName, Finding: result.Finding)
                {
                    EventPath = result.Summary.EventPathChecked ? result.Summary.EventPath : null,
                };
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Anything one member throws (an AWS failure, or a fault of ours) stays with that member.
                var error = ex as AwsCallException ?? new AwsCallException(AwsFailureKind.Transient,
                    $"Unexpected {ex.GetType().Name} while evaluating account {request.AccountId}: {ex.Message}", ex);
                var failed = await FailedAsync(session.Findings, builder, request, error, started, cancellationToken).ConfigureAwait(false);
                return failed with { VerdictDeferred = ex is VerdictDeferredException };
            }
        }
    }

    // A transient failure says nothing about the account: a FAILED/HIGH finding stays as it is (replacing it with
    // NOT_AVAILABLE would hide a real finding behind a network blip) and the member is reported as not evaluated. Only a
    // permanent failure, or a member without any finding yet, gets a NOT_AVAILABLE finding with the cause.
    private async Task<AccountOutcome> FailedAsync(
        IFindingStore store, RootMfaFindingBuilder builder, CheckRequest request, AwsCallException error, long started,
        CancellationToken cancellationToken)
    {
        var transient = error.Kind == AwsFailureKind.Transient;
        if (!request.Import)
        {
            return new AccountOutcome(request.AccountId, AccountRunState.Failed, null, null, false, error.Message, clock.GetElapsedTime(started),
                Retryable: transient, AccountName: request.AccountName, FailedStage: MemberFailureStage.CompleteCheck);
        }

        var (imported, kept, importCause, stage) = await ImportUnavailableAsync(store, builder, request, error, cancellationToken).ConfigureAwait(false);
        var cause = kept
            ? $"{error.Message} The existing finding was kept."
            : importCause is null ? error.Message : $"{error.Message} The NOT_AVAILABLE finding was not imported either: {importCause}";
        return new AccountOutcome(request.AccountId, AccountRunState.Failed, imported ? ComplianceStatus.NotAvailable : null,
            imported ? ReasonCode.EvaluationError : null, imported, cause, clock.GetElapsedTime(started), Retryable: transient,
            AccountName: request.AccountName, FailedStage: error is FindingNotImportedException ? MemberFailureStage.ImportFinding : stage);
    }

    /// <summary>True when <paramref name="accountId"/> is an active account of the run's list (cached for a while).</summary>
    public async Task<bool> IsMemberAsync(string accountId, CancellationToken cancellationToken)
    {
        if (_membership is { } cached && clock.GetUtcNow() - cached.ReadAt < options.MembershipCacheTime)
        {
            return cached.Members.Contains(accountId);
        }

        await _membershipLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_membership is not { } fresh || clock.GetUtcNow() - fresh.ReadAt >= options.MembershipCacheTime)
            {
                Remember(await directory.ListAsync(cancellationToken).ConfigureAwait(false));
            }

            return _membership!.Value.Members.Contains(accountId);
        }
        finally
        {
            _membershipLock.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _membershipLock.Dispose();

    private void Remember(AccountListing listing) =>
        _membership = (listing.Active.Select(a => a.AccountId).ToHashSet(StringComparer.Ordinal), clock.GetUtcNow());

    // The check could not finish: say so in the member's own Security Hub if it answers, unless the failure was transient
    // and a finding already exists (Kept). The NOT_AVAILABLE finding keeps the outbox and evidence of the one it replaces.
    // Stage: the step that failed, as far as this second try tells (its read of the finding, its import, or neither).
    private async Task<(bool Imported, bool Kept, string? Cause, MemberFailureStage Stage)> ImportUnavailableAsync(
        IFindingStore store, RootMfaFindingBuilder builder, CheckRequest request, AwsCallException error, CancellationToken cancellationToken)
    {
        var profile = options.Check.ProfileFor(request.AccountId);
        var evaluation = RootMfaEvaluator.Unavailable(
            request.AccountId, AwsPartition.ForRegion(options.HomeRegion), profile, error.Message, clock.GetUtcNow(), options.Check.Mode);
        ExistingFinding? existing;
        try
        {
            existing = await store.GetAsync(
                ControlIdentity.FindingId(evaluation.Partition, request.AccountId),
                new DeploymentContext(options.HomeRegion, request.AccountId).ProductArn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            return (false, false, ex.Message, MemberFailureStage.ReadFinding);
        }

        // A refusal of our own import says nothing about the account either: keep what is there.
        if (existing is not null && (error.Kind == AwsFailureKind.Transient || error is FindingNotImportedException))
        {
            return (false, true, null, MemberFailureStage.CompleteCheck);
        }

        try
        {
            await store.ImportAsync(
                builder.Build(evaluation, existing?.History ?? FindingHistory.None, request.Trigger,
                    RootSignInEvidence.Latest(request.RootSignIn, existing?.LastRootSignIn),
                    RootMfaCheckService.NextBookkeeping(existing, evaluation, options.Check.ChangeDelivery), existing?.EventPath),
                cancellationToken).ConfigureAwait(false);
            return (true, false, null, MemberFailureStage.CompleteCheck);
        }
        catch (AwsCallException ex)
        {
            return (false, false, ex.Message, MemberFailureStage.ImportFinding);
        }
    }
}
