using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Function.Handling;

/// <summary>
/// The org-mode handler, run in the delegated administrator account: schedules and direct invocations evaluate every
/// account; a member's forwarded event re-evaluates only that member. A failing account is reported, never fatal;
/// only an unreadable account list, or a member event whose finding could not be written, fails the invocation.
/// </summary>
/// <param name="router">Decides what each payload means.</param>
/// <param name="runner">Evaluates the organization's accounts.</param>
/// <param name="partition">The home region's partition.</param>
/// <param name="log">Structured log lines.</param>
/// <param name="metrics">EMF metrics.</param>
/// <param name="clock">For durations.</param>
/// <param name="workQueue">Consumes members' re-checks from the work queue; null refuses every SQS message.</param>
public sealed class OrgFunctionHandler(
    EventRouter router, OrgCheckRunner runner, AwsPartition partition, ILogSink log, MetricsWriter metrics, TimeProvider clock,
    WorkQueueConsumer? workQueue = null)
    : ILambdaHandler
{
    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var ownAccount = RootMfaFunctionHandler.AccountOf(invocation.InvokedFunctionArn);
        if (WorkQueueConsumer.IsBatch(invocation.Payload))
        {
            // A re-check names the member; only that member is evaluated, and only while it belongs to the organization.
            return await (workQueue ?? new WorkQueueConsumer(null, log, metrics, clock)).HandleAsync(invocation, async (item, ct) =>
            {
                if (!await runner.IsMemberAsync(item.AccountId, ct).ConfigureAwait(false))
                {
                    return $"the re-check names account {item.AccountId}, which is not an active account of this organization run";
                }

                await EvaluateMemberAsync(invocation, new EvaluateDecision(item.CheckTrigger, EventTime: item.EventTime), item.AccountId, ct)
                    .ConfigureAwait(false);
                return null;
            }, cancellationToken).ConfigureAwait(false);
        }

        var decision = router.Route(invocation.Payload, ownAccount, acceptMemberAccounts: true);
        if (decision is EvaluateDecision { AccountId: { } member } single)
        {
            if (!await runner.IsMemberAsync(member, cancellationToken).ConfigureAwait(false))
            {
                decision = new IgnoreDecision($"event is about account {member}, which is not an active account of this organization run");
            }
            else
            {
                return await EvaluateMemberAsync(invocation, single, member, cancellationToken).ConfigureAwait(false);
            }
        }

        if (decision is IgnoreDecision ignore)
        {
            log.Write(LogSeverity.Info, "invocation.ignored", ignore.Reason, LogField.Of("requestId", invocation.RequestId));
            metrics.Ignored();
            return Serialize(new FunctionResponse { Status = "ignored", Reason = ignore.Reason });
        }

        var all = (EvaluateDecision)decision;
        OrgRunReport report;
        try
        {
            report = await runner.RunAllAsync(all.Trigger, import: true, null, cancellationToken, checkEventPath: all.ChecksEventPath).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            log.Write(LogSeverity.Error, "organization.list_failed", ex.Message, LogField.Of("requestId", invocation.RequestId));
            metrics.Failure();
            throw new LambdaFunctionException(
                ex.Kind == AwsFailureKind.Transient ? "Function.AwsTransientFailure" : "Function.AwsPermanentFailure", ex.Message, ex);
        }

        foreach (var failed in report.Accounts.Where(a => a.State == AccountRunState.Failed))
        {
            log.Write(LogSeverity.Warn, "account.failed", failed.Cause ?? "failed",
                LogField.Of("account", failed.AccountId), LogField.Of("findingImported", failed.FindingImported));
            metrics.Failure();
        }

        // A member whose reachability finding could not be written would be unreachable and unseen: count it (the recorder
        // logged the cause) so the Failures alarm says so.
        foreach (var _ in report.Accounts.Where(a => a.Reachability?.Error is not null))
        {
            metrics.Failure();
        }

        foreach (var evaluated in report.Accounts.Where(a => a.Status is not null && a.State == AccountRunState.Evaluated))
        {
            metrics.Evaluation(evaluated.Status!.Value.ToAsff(), evaluated.Duration.TotalMilliseconds);
        }

        foreach (var checkedPath in report.Accounts.Where(a => a.EventPath is not null))
        {
            if (checkedPath.EventPath!.Status != Core.EventPath.EventPathStatus.Live)
            {
                log.Write(LogSeverity.Warn, "eventpath.checked", $"event path {Core.EventPath.EventPathStatuses.ToEvidence(checkedPath.EventPath.Status)}: {checkedPath.EventPath.Reason}",
                    LogField.Of("account", checkedPath.AccountId));
            }

            metrics.EventPathChecked(Core.EventPath.EventPathStatuses.ToEvidence(checkedPath.EventPath.Status));
        }

        log.Write(LogSeverity.Info, "organization.completed", $"{report.Evaluated} evaluated, {report.Failed} failed, {report.Skipped} skipped",
            LogField.Of("requestId", invocation.RequestId), LogField.Of("trigger", all.Trigger), LogField.Of("evaluated", report.Evaluated),
            LogField.Of("failed", report.Failed), LogField.Of("skipped", report.Skipped), LogField.Of("durationMs", (long)report.Duration.TotalMilliseconds));
        return Serialize(new FunctionResponse
        {
            Status = "evaluated",
            Organization = new OrganizationSummary
            {
                Evaluated = report.Evaluated,
                Failed = report.Failed,
                Skipped = report.Skipped,
                DurationMs = (long)report.Duration.TotalMilliseconds,
                Failures = [.. report.Accounts.Where(a => a.State == AccountRunState.Failed)
                    .Select(a => new AccountFailure(a.AccountId, a.Cause ?? "unknown", a.FindingImported, a.Reachability?.FindingId))],
            },
        });
    }

    private async Task<ReadOnlyMemory<byte>> EvaluateMemberAsync(
        LambdaInvocation invocation, EvaluateDecision decision, string member, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        RootMfaFunctionHandler.NoteDegraded(log, metrics, invocation, decision, member);
        var outcome = await runner.RunOneAsync(
            new CheckRequest(member, decision.Trigger, Import: true, decision.Expectation, decision.SignIn, decision.EventTime,
                RemovesDevice: decision.RemovesDevice), cancellationToken).ConfigureAwait(false);
        if (outcome.Reachability?.Error is not null)
        {
            metrics.Failure();
        }
        if (!outcome.FindingImported || outcome.Retryable)
        {
            // Nothing reached the member's Security Hub, or a transient failure left its finding as it was: fail so
            // Lambda's retries and the failure queue take over, as the single-account function does.
            log.Write(LogSeverity.Error, "evaluation.failed", outcome.Cause ?? "failed",
                LogField.Of("requestId", invocation.RequestId), LogField.Of("account", member), LogField.Of("trigger", decision.Trigger));
            metrics.Failure();
            throw new LambdaFunctionException("Function.MemberEvaluationFailed", outcome.Cause ?? $"Account {member} could not be evaluated.");
        }

        var elapsed = clock.GetElapsedTime(started);
        log.Write(LogSeverity.Info, "evaluation.completed", $"{outcome.Status?.ToAsff()} {outcome.Reason?.ToAsff()}",
            LogField.Of("requestId", invocation.RequestId), LogField.Of("trigger", decision.Trigger), LogField.Of("account", member),
            LogField.Of("durationMs", (long)elapsed.TotalMilliseconds));
        metrics.Evaluation(outcome.Status?.ToAsff() ?? "NOT_AVAILABLE", elapsed.TotalMilliseconds);
        return Serialize(new FunctionResponse
        {
            Status = "evaluated",
            Evaluation = new EvaluationSummary
            {
                AccountId = member,
                ComplianceStatus = outcome.Status?.ToAsff() ?? "NOT_AVAILABLE",
                Reason = outcome.Reason?.ToAsff() ?? "EVALUATION_ERROR",
                FindingId = Core.Findings.ControlIdentity.FindingId(partition, member),
                Imported = outcome.FindingImported,
                Trigger = decision.Trigger,
                ChangePublished = false,
            },
        });
    }

    private static ReadOnlyMemory<byte> Serialize(FunctionResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(response, FunctionJsonContext.Default.FunctionResponse);
}
