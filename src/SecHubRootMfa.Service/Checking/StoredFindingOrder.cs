using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Checking;

/// <summary>
/// The "order" step: whether the stored finding already holds a newer observation than this run's, so an older verdict
/// never replaces a newer one, and the refusal of a stored finding stamped in the future.
/// </summary>
internal sealed class StoredFindingOrder(CheckOptions options, TimeProvider clock)
{
    /// <summary>
    /// Security Hub ignores every update older than a stored UpdatedAt, so a finding stamped in the future (a writer whose
    /// clock runs fast, or someone else's import) would freeze it silently: fail loudly instead, every run, until fixed.
    /// </summary>
    public void RejectFutureStored(ExistingFinding? stored)
    {
        if (stored?.UpdatedAt is { } updated && updated > clock.GetUtcNow() + options.MaxClockSkew)
        {
            throw new AwsCallException(AwsFailureKind.Transient,
                $"The stored finding's UpdatedAt {RootMfaFindingBuilder.Timestamp(updated)} is more than {(long)options.MaxClockSkew.TotalMinutes} min "
                + $"ahead of this run's clock ({RootMfaFindingBuilder.Timestamp(clock.GetUtcNow())}); Security Hub ignores every update until then. "
                + "A writer's clock is wrong or another principal imported it: check who imported the finding (CloudTrail BatchImportFindings).");
        }
    }

    /// <summary>
    /// True when the stored finding holds a newer observation than ours, or the same one written by another run
    /// (Security Hub keeps the first of two equal UpdatedAt values).
    /// </summary>
    public static bool IsNewer(ExistingFinding? stored, DateTimeOffset observedAt, string? runId)
    {
        if (stored?.UpdatedAt is not { } updated)
        {
            return false;
        }

        var ours = RootMfaFindingBuilder.ToMilliseconds(observedAt);
        return updated > ours || (updated == ours && runId is not null && stored.RunId is not null && stored.RunId != runId);
    }

    /// <summary>
    /// A newer stored verdict ends this run when it already says everything this run's event added (evidence is merged,
    /// never dropped) or the run is out of write attempts; otherwise the run reads IAM again and retries.
    /// </summary>
    public bool EndsRun(ExistingFinding stored, CheckRequest request, int attempt) =>
        Covers(stored, request) || attempt >= options.MaxWriteAttempts;

    /// <summary>The stored finding's observation time, as the log prints it.</summary>
    public static string Stamp(ExistingFinding stored) =>
        stored.UpdatedAt is { } t ? RootMfaFindingBuilder.Timestamp(t) : "unknown";

    private static bool Covers(ExistingFinding stored, CheckRequest request) =>
        request.RootSignIn is not { } ours || (stored.LastRootSignIn is { } theirs && theirs.At >= ours.At);
}
