using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Service.Checking;

/// <summary>How the service evaluates accounts.</summary>
public sealed record CheckOptions
{
    /// <summary>Accounts held to Level 1 (virtual MFA accepted); every other account is Level 2.</summary>
    public IReadOnlySet<string> Level1Accounts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Overrides the profile for every account (the CLI's <c>--level</c>); null uses <see cref="Level1Accounts"/>.</summary>
    public PolicyProfile? ProfileOverride { get; init; }

    /// <summary>How Level 2 accounts with several root devices are judged. Default strict (any virtual device fails).</summary>
    public MfaPolicyMode Mode { get; init; } = MfaPolicyMode.Strict;

    /// <summary>Retries of the IAM read (re-reads after the first) while an event's effect is not yet visible. Default 3.</summary>
    public int ConsistencyRetries { get; init; } = 3;

    /// <summary>Delay before the first re-read; the backoff doubles it for each later one. Default 2 seconds.</summary>
    public TimeSpan ConsistencyDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How old an event must be (by its <c>eventTime</c>) before IAM's answer is trusted over it when the two still disagree
    /// after the re-reads. Younger events fail the run as transient instead of importing PASSED. Default 5 minutes: IAM
    /// converges in seconds, and CloudTrail's delivery plus Lambda's asynchronous retries (AWS documents waits of one and
    /// then two minutes) usually bring a lagging event past it on a retry rather than into the failure queue.
    /// </summary>
    public TimeSpan EventSettleTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far in the future a stored finding's UpdatedAt may be (another writer's clock) before the run fails: Security
    /// Hub ignores every update until that time passes. Default 5 minutes.
    /// </summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether an undelivered change event fails the run (single account) or is left in the outbox (organization); a
    /// run without a publisher (the CLI) records changes in the outbox for the function to deliver.
    /// </summary>
    public ChangeDelivery ChangeDelivery { get; init; } = ChangeDelivery.Required;

    /// <summary>Attempts (the first included) at evaluating and importing while another run keeps storing newer observations without this run's evidence. Default 3.</summary>
    public int MaxWriteAttempts { get; init; } = 3;

    /// <summary>
    /// Reads the existing finding before IAM instead of at the same time (one more sequential round trip per
    /// evaluation). Default false; the latency benchmark sets it to measure the sequential baseline in the same run.
    /// </summary>
    public bool ReadExistingFindingFirst { get; init; }

    /// <summary>
    /// How long a run waits for its event-path check once the verdict is ready; a check still running then is stopped and
    /// recorded as unknown. Default 5 seconds: the check runs beside the IAM read and usually finishes with it.
    /// </summary>
    public TimeSpan EventPathGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The profile for one account.</summary>
    public PolicyProfile ProfileFor(string accountId) =>
        ProfileOverride ?? (Level1Accounts.Contains(accountId) ? PolicyProfile.Level1 : PolicyProfile.Level2);
}

/// <summary>What a run does when EventBridge refuses a compliance change.</summary>
public enum ChangeDelivery
{
    /// <summary>Fail the run (after the finding is imported) so Lambda retries and the Errors alarm fires.</summary>
    Required,

    /// <summary>Log it and succeed; the change stays in the finding's outbox and the account's next run delivers it.</summary>
    BestEffort,

    /// <summary>No change events are wanted (event bus "none"): the finding keeps no outbox.</summary>
    Disabled,
}
