using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Checking;

/// <summary>
/// One whole evaluation: read IAM (waiting out eventual consistency), read the existing finding, evaluate, build,
/// import, and publish a change event when the status changed.
/// </summary>
public sealed class RootMfaCheckService(
    IRootMfaStateSource state,
    IFindingStore findings,
    IComplianceChangePublisher? changes,
    RootMfaFindingBuilder builder,
    DeploymentContext context,
    CheckOptions options,
    TimeProvider clock,
    ICheckLog log)
{
    /// <summary>
    /// Runs the check. Permanent IAM failures become a NOT_AVAILABLE finding; transient failures and Security Hub
    /// rejections throw <see cref="AwsCallException"/> so the caller can fail (and Lambda can retry).
    /// </summary>
    public async Task<CheckResult> RunAsync(CheckRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        AccountIds.Require(request.AccountId);
        var partition = context.Partition;
        var profile = options.ProfileFor(request.AccountId);
        var findingId = ControlIdentity.FindingId(partition, request.AccountId);

        // Read the existing finding first: if Security Hub is unreachable there is no point reading IAM.
        var existing = request.Import
            ? await findings.GetAsync(findingId, context.ProductArn, cancellationToken).ConfigureAwait(false)
            : null;

        var (evaluation, reads) = await EvaluateAsync(request, partition, profile, cancellationToken).ConfigureAwait(false);
        var signIn = Latest(request.RootSignIn, existing?.LastRootSignIn);
        var finding = builder.Build(evaluation, existing?.History ?? FindingHistory.None, request.Trigger, signIn);

        var imported = false;
        var published = false;
        if (request.Import)
        {
            // Publish before importing: if the import then fails, the retry still sees the old status and publishes
            // again (at least once); the other order would lose the change event for good.
            if (changes is not null && existing?.Status != evaluation.Status)
            {
                await changes.PublishAsync(
                    new ComplianceChange(request.AccountId, existing?.Status, evaluation.Status, evaluation.Reason, findingId, evaluation.ObservedAt, partition),
                    cancellationToken).ConfigureAwait(false);
                published = true;
            }

            try
            {
                await findings.ImportAsync(finding, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsCallException ex)
            {
                // The verdict stands even when Security Hub refuses it: the CLI still shows it before the import error.
                throw new FindingNotImportedException(ex, Result(false));
            }

            imported = true;
        }

        return Result(imported);

        CheckResult Result(bool wasImported) => new(
            new CheckSummary(request.AccountId, evaluation.Status, evaluation.Reason, findingId, wasImported, request.Trigger,
                existing?.Status, published, reads, existing?.WorkflowStatus),
            finding,
            evaluation);
    }

    private async Task<(RootMfaEvaluation Evaluation, int Reads)> EvaluateAsync(
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
                return (RootMfaEvaluator.Unavailable(request.AccountId, partition, profile, ex.Message, clock.GetUtcNow(), options.Mode), reads);
            }
            catch (MalformedIamDataException ex)
            {
                return (RootMfaEvaluator.Unavailable(request.AccountId, partition, profile, ex.Message, clock.GetUtcNow(), options.Mode), reads);
            }

            if (request.Expectation is not { } expected || expected.IsMetBy(observation) || reads > options.ConsistencyRetries)
            {
                if (request.Expectation is { } unmet && !unmet.IsMetBy(observation))
                {
                    // IAM still shows the old state: evaluate what it says now; the scheduled run will correct it.
                    log.ConsistencyGaveUp(request.AccountId, unmet.Description, reads);
                }

                return (RootMfaEvaluator.Evaluate(observation, profile, options.Mode), reads);
            }

            log.WaitingForConsistency(request.AccountId, expected.Description, reads, delay);
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            delay *= 2;
        }
    }

    private static RootSignInEvidence? Latest(RootSignInEvidence? a, RootSignInEvidence? b) =>
        (a, b) switch
        {
            (null, _) => b,
            (_, null) => a,
            _ => a.At >= b.At ? a : b,
        };
}

/// <summary>The few things the service reports while it works.</summary>
public interface ICheckLog
{
    /// <summary>IAM does not yet show what the event implies; the service will read again after <paramref name="delay"/>.</summary>
    void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay);

    /// <summary>IAM still did not show the event's effect after the last allowed read.</summary>
    void ConsistencyGaveUp(string accountId, string expectation, int reads);

    /// <summary>An organization run could not publish an account's compliance change; its finding is still imported.</summary>
    void ChangeNotPublished(string accountId, string cause)
    {
    }
}
