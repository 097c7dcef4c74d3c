using System.Text.Json;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Function.Handling;

/// <summary>
/// The function's handler: routes the event, runs the check for the function's own account, logs one JSON line and
/// EMF metrics. Ignored events succeed; AWS failures that prevent writing the finding fail the invocation so Lambda's
/// asynchronous retries and the on-failure destination take over.
/// </summary>
/// <param name="router">Decides what each payload means.</param>
/// <param name="serviceForAccount">Builds the check service for the function's account, known from the first invoked ARN.</param>
/// <param name="log">Structured log lines.</param>
/// <param name="metrics">EMF metrics.</param>
/// <param name="clock">For durations.</param>
/// <param name="workQueue">Consumes re-checks from the work queue; null refuses every SQS message (no queue configured).</param>
public sealed class RootMfaFunctionHandler(
    EventRouter router, Func<string, RootMfaCheckService> serviceForAccount, ILogSink log, MetricsWriter metrics, TimeProvider clock,
    WorkQueueConsumer? workQueue = null)
    : ILambdaHandler
{
    private readonly Dictionary<string, RootMfaCheckService> _services = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<ReadOnlyMemory<byte>> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var started = clock.GetTimestamp();
        var accountId = AccountOf(invocation.InvokedFunctionArn);

        if (WorkQueueConsumer.IsBatch(invocation.Payload))
        {
            // Re-checks from the work queue: each names this account (anything else is refused and retried into the DLQ).
            return await (workQueue ?? new WorkQueueConsumer(null, log, metrics, clock)).HandleAsync(invocation, async (item, ct) =>
            {
                if (item.AccountId != accountId)
                {
                    throw new LambdaFunctionException("Function.WorkItemForeignAccount",
                        $"The re-check names account {item.AccountId}; this function evaluates {accountId}.");
                }

                await EvaluateAsync(invocation, new EvaluateDecision(item.CheckTrigger, EventTime: item.EventTime), accountId, clock.GetTimestamp(), ct)
                    .ConfigureAwait(false);
                return null;
            }, cancellationToken).ConfigureAwait(false);
        }

        var decision = router.Route(invocation.Payload, accountId);
        if (decision is IgnoreDecision ignore)
        {
            log.Write(LogSeverity.Info, "invocation.ignored", ignore.Reason,
                LogField.Of("requestId", invocation.RequestId), LogField.Of("account", accountId));
            metrics.Ignored();
            return Serialize(new FunctionResponse { Status = "ignored", Reason = ignore.Reason });
        }

        return await EvaluateAsync(invocation, (EvaluateDecision)decision, accountId, started, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs and counts an event of our rules that is evaluated on its identity alone.</summary>
    internal static void NoteDegraded(ILogSink log, MetricsWriter metrics, LambdaInvocation invocation, EvaluateDecision decision, string account)
    {
        if (decision.Degraded is { } why)
        {
            log.Write(LogSeverity.Warn, "event.degraded", $"evaluated on the event's identity alone; nothing else was taken from it: {why}",
                LogField.Of("requestId", invocation.RequestId), LogField.Of("trigger", decision.Trigger), LogField.Of("account", account));
            metrics.DegradedEvent();
        }
    }

    private async Task<ReadOnlyMemory<byte>> EvaluateAsync(
        LambdaInvocation invocation, EvaluateDecision evaluate, string accountId, long started, CancellationToken cancellationToken)
    {
        NoteDegraded(log, metrics, invocation, evaluate, accountId);

        // One failure line and metric for every way an evaluation can fail, then the error Lambda reports.
        LambdaFunctionException Failed(string failure, string message, string errorType, Exception cause)
        {
            log.Write(LogSeverity.Error, "evaluation.failed", message,
                LogField.Of("requestId", invocation.RequestId), LogField.Of("trigger", evaluate.Trigger),
                LogField.Of("account", accountId), LogField.Of("failure", failure),
                LogField.Of("durationMs", (long)clock.GetElapsedTime(started).TotalMilliseconds));
            metrics.Failure();
            return new LambdaFunctionException(errorType, message, cause);
        }

        RootMfaCheckService service;
        try
        {
            service = ServiceFor(accountId);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The AWS clients are built on the first event that needs them; a failure there is not an AWS answer, but
            // the operator still needs the same failure line and metric, and the next invocation builds them again.
            throw Failed("ClientSetup", $"Could not build the AWS clients: {ex.Message}", "Function.ClientSetupFailed", ex);
        }

        CheckResult result;
        try
        {
            result = await service.RunAsync(
                new CheckRequest(accountId, evaluate.Trigger, Import: true, evaluate.Expectation, evaluate.SignIn, evaluate.EventTime,
                    CheckEventPath: evaluate.ChecksEventPath, RemovesDevice: evaluate.RemovesDevice),
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            throw Failed(ex.Kind.ToString(), ex.Message,
                ex.Kind == AwsFailureKind.Transient ? "Function.AwsTransientFailure" : "Function.AwsPermanentFailure", ex);
        }

        var s = result.Summary;
        var elapsed = clock.GetElapsedTime(started);
        log.Write(LogSeverity.Info, "evaluation.completed", $"{s.Status.ToAsff()} {s.Reason.ToAsff()}",
            LogField.Of("requestId", invocation.RequestId), LogField.Of("trigger", s.Trigger), LogField.Of("account", s.AccountId),
            LogField.Of("status", s.Status.ToAsff()), LogField.Of("reason", s.Reason.ToAsff()), LogField.Of("findingId", s.FindingId),
            LogField.Of("previousStatus", s.PreviousStatus?.ToAsff()), LogField.Of("changePublished", s.ChangePublished),
            LogField.Of("changesPending", s.ChangesPending), LogField.Of("superseded", s.Superseded),
            LogField.Of("iamReads", s.Reads), LogField.Of("eventPath", s.EventPath?.Status.ToEvidence()),
            LogField.Of("eventPathCheckedAt", s.EventPath is { } path ? Core.Findings.RootMfaFindingBuilder.Timestamp(path.CheckedAt) : null),
            LogField.Of("recheckAt", s.RecheckAt is { } at ? Core.Findings.RootMfaFindingBuilder.Timestamp(at) : null),
            LogField.Of("durationMs", (long)elapsed.TotalMilliseconds));
        metrics.Evaluation(s.Status.ToAsff(), elapsed.TotalMilliseconds);
        if (s.EventPathChecked && s.EventPath is { } checkedPath)
        {
            metrics.EventPathChecked(checkedPath.Status.ToEvidence());
        }

        return Serialize(new FunctionResponse
        {
            Status = "evaluated",
            Evaluation = new EvaluationSummary
            {
                AccountId = s.AccountId,
                ComplianceStatus = s.Status.ToAsff(),
                Reason = s.Reason.ToAsff(),
                FindingId = s.FindingId,
                Imported = s.Imported,
                Trigger = s.Trigger,
                PreviousStatus = s.PreviousStatus?.ToAsff(),
                ChangePublished = s.ChangePublished,
                RecheckAt = s.RecheckAt is { } recheckAt ? Core.Findings.RootMfaFindingBuilder.Timestamp(recheckAt) : null,
                Degraded = evaluate.Degraded,
            },
        });
    }

    /// <summary>The account in a Lambda function ARN (<c>arn:aws:lambda:region:account:function:name[:qualifier]</c>).</summary>
    internal static string AccountOf(string functionArn)
    {
        var parts = functionArn.Split(':');
        return parts.Length >= 7 && parts[0] == "arn" && parts[2] == "lambda" && AccountIds.IsValid(parts[4])
            ? parts[4]
            : throw new LambdaFunctionException("Runtime.InvalidFunctionArn", $"'{functionArn}' is not a Lambda function ARN.");
    }

    // The runtime loop handles one invocation at a time, so no lock is needed.
    private RootMfaCheckService ServiceFor(string accountId)
    {
        if (!_services.TryGetValue(accountId, out var service))
        {
            service = serviceForAccount(accountId);
            _services[accountId] = service;
        }

        return service;
    }

    private static ReadOnlyMemory<byte> Serialize(FunctionResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(response, FunctionJsonContext.Default.FunctionResponse);
}
