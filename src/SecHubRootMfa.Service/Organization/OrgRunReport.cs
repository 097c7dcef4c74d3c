using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Service.Organization;

/// <summary>What happened to one account in an organization run.</summary>
public enum AccountRunState
{
    /// <summary>Evaluated and its finding imported into its own Security Hub.</summary>
    Evaluated,

    /// <summary>Could not be evaluated; <see cref="AccountOutcome.Cause"/> says why.</summary>
    Failed,

    /// <summary>Not evaluated on purpose (suspended, closed, not in the configured list).</summary>
    Skipped,
}

/// <summary>One account's line in the run report.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="State">Evaluated, failed or skipped.</param>
/// <param name="Status">The finding's compliance status, when a finding was built.</param>
/// <param name="Reason">The finding's reason code, when a finding was built.</param>
/// <param name="FindingImported">True when the member's Security Hub accepted a finding (also NOT_AVAILABLE ones).</param>
/// <param name="Cause">Why the account failed or was skipped; null when evaluated.</param>
/// <param name="Duration">Wall time spent on the account.</param>
/// <param name="InventoryRead">True when root's device inventory (AssumeRoot) was part of the evidence.</param>
/// <param name="Retryable">True when the failure was transient (throttling, 5xx, timeout): a later run may succeed.</param>
/// <param name="AccountName">The account's name in AWS Organizations, when the directory knows it.</param>
/// <param name="Finding">The finding the check built (imported or not); null when no check ran (role refused, skipped).</param>
/// <param name="FailedStage">The step that failed, when the account failed.</param>
/// <param name="Reachability">
/// What the run left in the member's reachability finding in the administrator's Security Hub; null when it keeps none
/// (no import, or no recorder).
/// </param>
public sealed record AccountOutcome(
    string AccountId,
    AccountRunState State,
    ComplianceStatus? Status,
    ReasonCode? Reason,
    bool FindingImported,
    string? Cause,
    TimeSpan Duration,
    bool InventoryRead = false,
    bool Retryable = false,
    string? AccountName = null,
    Core.Findings.AwsSecurityFinding? Finding = null,
    Core.Findings.MemberFailureStage? FailedStage = null,
    MemberReachabilityRecord? Reachability = null)
{
    /// <summary>The member's event-path check of this run (its trail, forwarding rules and dead-letter queue); null when none ran.</summary>
    public Core.EventPath.EventPathHealth? EventPath { get; init; }

    /// <summary>
    /// The member was reached but its verdict was put off (IAM does not show a fresh event yet, or its re-check could not
    /// be queued): a retry follows, and the attempt says nothing about the member's reachability.
    /// </summary>
    public bool VerdictDeferred { get; init; }
}

/// <summary>The per-account report of an organization run, sorted by account id.</summary>
/// <param name="Accounts">Every account listed, evaluated, failed or skipped.</param>
/// <param name="Duration">Wall time of the whole run.</param>
public sealed record OrgRunReport(IReadOnlyList<AccountOutcome> Accounts, TimeSpan Duration)
{
    /// <summary>Accounts evaluated.</summary>
    public int Evaluated => Accounts.Count(a => a.State == AccountRunState.Evaluated);

    /// <summary>Accounts that failed.</summary>
    public int Failed => Accounts.Count(a => a.State == AccountRunState.Failed);

    /// <summary>Accounts skipped.</summary>
    public int Skipped => Accounts.Count(a => a.State == AccountRunState.Skipped);
}

/// <summary>Progress of a run, for a progress bar or log lines; called from several threads.</summary>
public interface IOrgRunProgress
{
    /// <summary>The run knows how many accounts it will evaluate.</summary>
    void Started(int total);

    /// <summary>One account finished; <paramref name="done"/> of <paramref name="total"/>.</summary>
    void AccountFinished(AccountOutcome outcome, int done, int total);
}
