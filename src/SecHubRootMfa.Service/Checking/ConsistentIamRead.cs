using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Checking;

/// <summary>One evaluation of IAM's answer, the reads it took, and whether it is a device removal IAM does not show yet.</summary>
internal sealed record IamRead(RootMfaEvaluation Evaluation, int Reads, bool Unconfirmed);

/// <summary>
/// The "evaluate, waiting out consistency" step: reads root's MFA state from IAM and, while IAM does not yet show what the
/// triggering event implies, reads again with a backoff from <see cref="CheckOptions.ConsistencyDelay"/> (at most
/// <see cref="CheckOptions.ConsistencyRetries"/> more reads). Permanent failures evaluate to NOT_AVAILABLE.
/// </summary>
internal sealed class ConsistentIamRead(
    IRootMfaStateSource state, CheckOptions options, TimeProvider clock, ICheckLog log, bool canRecheckLater)
{
    public async Task<IamRead> EvaluateAsync(CheckRequest request, AwsPartition partition, PolicyProfile profile, CancellationToken cancellationToken)
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
                return Unavailable(request, partition, profile, ex.Message, reads);
            }
            catch (MalformedIamDataException ex)
            {
                return Unavailable(request, partition, profile, ex.Message, reads);
            }

            if (request.Expectation is not { } expected || expected.IsMetBy(observation) || reads > options.ConsistencyRetries)
            {
                return Settle(request, RootMfaEvaluator.Evaluate(observation, profile, options.Mode),
                    request.Expectation?.IsMetBy(observation) ?? false, reads);
            }

            log.WaitingForConsistency(request.AccountId, expected.Description, reads, delay);
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }

    // A device removal IAM could not confirm while the event is younger than the settle time. A PASSED after a removal
    // is never confirmed by a young read either: it stands on GetAccountSummary's AccountMFAEnabled, which cannot tell
    // "a hardware device is left" from "IAM has not caught up", even when the device list already shows the removal.
    private bool Unconfirmed(CheckRequest request, bool met, ComplianceStatus status) =>
        request.RemovesDevice && IsYoung(request) && (!met || status == ComplianceStatus.Passed);

    private IamRead Unavailable(CheckRequest request, AwsPartition partition, PolicyProfile profile, string cause, int reads) =>
        new(RootMfaEvaluator.Unavailable(request.AccountId, partition, profile, cause, clock.GetUtcNow(), options.Mode), reads,
            Unconfirmed(request, met: false, ComplianceStatus.NotAvailable));

    // IAM's last answer, once it shows the event or the reads ran out: a young event IAM contradicts is never imported as PASSED.
    private IamRead Settle(CheckRequest request, RootMfaEvaluation evaluation, bool met, int reads)
    {
        if (request.Expectation is { } unmet && !met)
        {
            log.ConsistencyGaveUp(request.AccountId, unmet.Description, reads);
        }

        var unconfirmed = Unconfirmed(request, met, evaluation.Status);
        if (unconfirmed && canRecheckLater)
        {
            // A removal IAM does not show yet: the verdict is imported marked provisional and re-checked later.
            return new IamRead(evaluation, reads, true);
        }

        // IAM still shows the state before the event. A young event outweighs it: importing a PASSED the event
        // contradicts would be a wrong PASSED, so fail as transient and let Lambda's retries ask again later.
        // An event older than the settle time has had every chance to show in IAM: it was reverted or is
        // stale, and IAM's answer is the truth. No eventTime counts as young (the careful side). Without a work
        // queue a removal IAM cannot confirm is refused the same way.
        if (evaluation.Status == ComplianceStatus.Passed && (unconfirmed || (request.Expectation is not null && !met && IsYoung(request))))
        {
            var what = request.Expectation is { } e ? $"({e.Description}) after {reads} read(s)" : "(no device-level fact to wait for)";
            throw new VerdictDeferredException(
                $"IAM does not show what the {request.Trigger} event implies {what}; "
                + $"the event is {Math.Max(0, (long)Age(request).TotalSeconds)} s old (trusted over IAM for {(long)options.EventSettleTime.TotalMinutes} min), "
                + "so PASSED was not imported. Lambda retries the event.");
        }

        return new IamRead(evaluation, reads, false);
    }

    private bool IsYoung(CheckRequest request) => Age(request) < options.EventSettleTime;

    private TimeSpan Age(CheckRequest request) => request.EventTime is { } at ? clock.GetUtcNow() - at : TimeSpan.Zero;
}
