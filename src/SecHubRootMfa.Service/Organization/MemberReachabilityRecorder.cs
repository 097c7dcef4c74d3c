using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Organization;

/// <summary>
/// Keeps one finding per member in the administrator's own Security Hub that says whether the check can reach it, so a
/// member whose role is refused, whose Security Hub is off or refuses our import is seen where analysts triage. A member
/// no attempt failed on gets none; once a member has one, every attempt on it updates it in place (never archived).
/// A run reads every stored finding once and writes in batches; a single attempt (a member event) reads and writes its own.
/// </summary>
/// <param name="hub">The administrator's Security Hub.</param>
/// <param name="options">Home region, transient grace time and clock skew.</param>
/// <param name="clock">For the future-timestamp check.</param>
/// <param name="log">Where a finding that could not be read or written is reported.</param>
public sealed class MemberReachabilityRecorder(IAdministratorFindings hub, OrgRunOptions options, TimeProvider clock, ICheckLog log)
{
    /// <summary>Findings per BatchImportFindings call (Security Hub's maximum).</summary>
    private const int BatchSize = 100;

    /// <summary>Records one attempt outside a run: reads the member's finding, imports the next one when there is something to say.</summary>
    public async Task<MemberReachabilityRecord> RecordAsync(MemberAttempt attempt, string? memberName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        string? findingId = null;
        try
        {
            var builder = await BuilderAsync(cancellationToken).ConfigureAwait(false);
            findingId = builder.Id(attempt.MemberAccountId);
            var stored = (await hub.FindAsync(builder.ProductArn, MemberReachabilityFindingBuilder.GeneratorId, findingId, cancellationToken)
                .ConfigureAwait(false)).FirstOrDefault(f => f.Id == findingId);
            var (record, finding) = Plan(builder, stored, attempt, memberName);
            if (finding is null)
            {
                return record;
            }

            var refused = await hub.ImportAsync([finding], cancellationToken).ConfigureAwait(false);
            return refused.TryGetValue(finding.Id!, out var cause) ? NotRecorded(record, attempt.MemberAccountId, cause) : record;
        }
        catch (AwsCallException ex)
        {
            return NotRecorded(new MemberReachabilityRecord(findingId, MemberReachState.Unconfirmed, false), attempt.MemberAccountId, ex.Message);
        }
    }

    /// <summary>
    /// Starts recording for a whole run: one listing of every stored reachability finding. When that fails the run goes on
    /// and every member's record carries the cause.
    /// </summary>
    internal async Task<Run> StartRunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var builder = await BuilderAsync(cancellationToken).ConfigureAwait(false);
            var stored = await hub.FindAsync(builder.ProductArn, MemberReachabilityFindingBuilder.GeneratorId, null, cancellationToken).ConfigureAwait(false);
            return new Run(this, builder, stored.Where(f => f.Id is not null).GroupBy(f => f.Id!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal), null, cancellationToken);
        }
        catch (AwsCallException ex)
        {
            var cause = $"The administrator's member reachability findings could not be read: {ex.Message}";
            log.ReachabilityNotRecorded(null, cause);
            return new Run(this, null, [], cause, cancellationToken);
        }
    }

    private async Task<Builder> BuilderAsync(CancellationToken cancellationToken)
    {
        var administrator = new DeploymentContext(options.HomeRegion, await hub.AccountIdAsync(cancellationToken).ConfigureAwait(false));
        return new Builder(administrator, new MemberReachabilityFindingBuilder(administrator));
    }

    // The next state, and the finding to import (null when there is nothing to write: a member reachable without a finding,
    // or a stored finding that already reflects a later attempt).
    private (MemberReachabilityRecord Record, AwsSecurityFinding? Finding) Plan(
        Builder builder, AwsSecurityFinding? stored, MemberAttempt attempt, string? memberName)
    {
        var findingId = builder.Id(attempt.MemberAccountId);
        var storedAt = FindingFields.Time(stored?.UpdatedAt);
        var previous = MemberReachabilityFields.Read(stored?.ProductFields, attempt.MemberAccountId);
        if (storedAt is { } future && future > clock.GetUtcNow() + options.Check.MaxClockSkew)
        {
            // Security Hub ignores every update older than the stored one: say so instead of writing into the void.
            throw new AwsCallException(AwsFailureKind.Transient,
                $"The stored finding {findingId} has UpdatedAt {RootMfaFindingBuilder.Timestamp(future)}, more than "
                + $"{(long)options.Check.MaxClockSkew.TotalMinutes} min ahead of this run's clock; Security Hub ignores every update until then.");
        }

        var next = MemberReachability.Next(previous, attempt, options.UnreachableAfterTransientFailuresFor);
        if (stored is null && next.State == MemberReachState.Reachable)
        {
            return (new MemberReachabilityRecord(findingId, next.State, false), null);
        }

        if (storedAt is { } at && at >= RootMfaFindingBuilder.ToMilliseconds(attempt.At))
        {
            return (new MemberReachabilityRecord(findingId, previous?.State ?? next.State, false), null);
        }

        var history = stored is null ? FindingHistory.None : new FindingHistory(FindingFields.Time(stored.CreatedAt), FindingFields.Time(stored.FirstObservedAt));
        return (new MemberReachabilityRecord(findingId, next.State, true),
            builder.Findings.Build(next, history, options.UnreachableAfterTransientFailuresFor, memberName));
    }

    private Task<IReadOnlyDictionary<string, string>> ImportAsync(IReadOnlyList<AwsSecurityFinding> findings, CancellationToken cancellationToken) =>
        hub.ImportAsync(findings, cancellationToken);

    private MemberReachabilityRecord NotRecorded(MemberReachabilityRecord record, string memberAccountId, string cause)
    {
        var message = $"The administrator's reachability finding for member {memberAccountId} was not written: {AwsErrors.Plain(cause, 512)}";
        log.ReachabilityNotRecorded(memberAccountId, message);
        return record with { Written = false, Error = message };
    }

    internal sealed record Builder(DeploymentContext Administrator, MemberReachabilityFindingBuilder Findings)
    {
        public string ProductArn => Administrator.ProductArn;

        public string Id(string member) =>
            MemberReachabilityFindingBuilder.FindingId(Administrator.Partition, Administrator.ImportingAccountId, member);
    }

    /// <summary>
    /// One run's recording: the stored findings read at its start, and writes grouped into BatchImportFindings calls (every
    /// finding that waits while a call is in flight goes into the next one, so a call carries up to the run's concurrency),
    /// not one call per member against the administrator's own Security Hub quota.
    /// </summary>
    internal sealed class Run(
        MemberReachabilityRecorder recorder, Builder? builder, Dictionary<string, AwsSecurityFinding> stored, string? unavailable,
        CancellationToken runCancellation)
    {
        private readonly Lock _gate = new();
        private List<(AwsSecurityFinding Finding, TaskCompletionSource<string?> Done)> _queue = [];
        private bool _flushing;

        public async Task<MemberReachabilityRecord> RecordAsync(MemberAttempt attempt, string? memberName)
        {
            if (builder is null)
            {
                return new MemberReachabilityRecord(null, MemberReachState.Unconfirmed, false, unavailable);
            }

            MemberReachabilityRecord record;
            AwsSecurityFinding? finding;
            try
            {
                (record, finding) = recorder.Plan(builder, stored.GetValueOrDefault(builder.Id(attempt.MemberAccountId)), attempt, memberName);
            }
            catch (AwsCallException ex)
            {
                return recorder.NotRecorded(new MemberReachabilityRecord(builder.Id(attempt.MemberAccountId), MemberReachState.Unconfirmed, false),
                    attempt.MemberAccountId, ex.Message);
            }

            if (finding is null)
            {
                return record;
            }

            var cause = await WriteAsync(finding).ConfigureAwait(false);
            return cause is null ? record : recorder.NotRecorded(record, attempt.MemberAccountId, cause);
        }

        private Task<string?> WriteAsync(AwsSecurityFinding finding)
        {
            var done = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            bool flush;
            lock (_gate)
            {
                _queue.Add((finding, done));
                flush = !_flushing;
                _flushing = true;
            }

            if (flush)
            {
                _ = FlushAsync();
            }

            return done.Task;
        }

        private async Task FlushAsync()
        {
            while (true)
            {
                List<(AwsSecurityFinding Finding, TaskCompletionSource<string?> Done)> batch;
                lock (_gate)
                {
                    if (_queue.Count == 0)
                    {
                        _flushing = false;
                        return;
                    }

                    batch = [.. _queue.Take(BatchSize)];
                    _queue = [.. _queue.Skip(BatchSize)];
                }

                try
                {
                    var refused = await recorder.ImportAsync([.. batch.Select(b => b.Finding)], runCancellation).ConfigureAwait(false);
                    foreach (var (f, done) in batch)
                    {
                        done.TrySetResult(refused.GetValueOrDefault(f.Id!));
                    }
                }
                catch (OperationCanceledException) when (runCancellation.IsCancellationRequested)
                {
                    foreach (var (_, done) in batch)
                    {
                        done.TrySetCanceled(runCancellation);
                    }
                }
                catch (Exception ex)
                {
                    // A fault of ours or the SDK's stays with this batch's members: each record carries it, the run goes on.
                    var cause = ex is AwsCallException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                    foreach (var (_, done) in batch)
                    {
                        done.TrySetResult(cause);
                    }
                }
            }
        }
    }
}
