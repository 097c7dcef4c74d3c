using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Service.Checking;

/// <summary>One evaluation to run.</summary>
/// <param name="AccountId">The account to evaluate.</param>
/// <param name="Trigger">What caused it, for logs and the finding's evidence (e.g. <c>Scheduled Event</c>, <c>EnableMFADevice</c>).</param>
/// <param name="Import">True to read the existing finding, import the new one and publish changes; false only evaluates.</param>
/// <param name="Expectation">What the triggering event implies about IAM's state, to wait out IAM's eventual consistency.</param>
/// <param name="RootSignIn">A root console sign-in carried by the triggering event.</param>
/// <param name="EventTime">When the triggering event happened (CloudTrail <c>eventTime</c>); null for schedules and direct runs.</param>
/// <param name="AccountName">The account's name in AWS Organizations (the finding's AwsAccountName), when known.</param>
/// <param name="CheckEventPath">
/// True for scheduled and direct runs: check the event path beside the IAM read. Event runs leave it false and carry the
/// stored check forward, so the probe is never on their critical path.
/// </param>
/// <param name="RemovesDevice">
/// The event deactivated or deleted a root MFA device: while it is younger than the settle time and IAM does not
/// confirm it, the verdict is imported marked provisional and the account is re-checked once the settle time has passed.
/// </param>
/// <param name="EventPathIncomplete">
/// This run's event-path check cannot see every part (the CLI without the deployment's rules): an unknown it finds is
/// reported but does not replace the stored finding's check; live or blind is recorded.
/// </param>
public sealed record CheckRequest(
    string AccountId,
    string Trigger,
    bool Import = true,
    StateExpectation? Expectation = null,
    RootSignInEvidence? RootSignIn = null,
    DateTimeOffset? EventTime = null,
    string? AccountName = null,
    bool CheckEventPath = false,
    bool RemovesDevice = false,
    bool EventPathIncomplete = false);

/// <summary>A fact an event says must now hold in IAM; the service re-reads until it does, within a bound.</summary>
/// <param name="Description">For logs, e.g. <c>root MFA enabled</c>.</param>
/// <param name="IsMetBy">True once the observation reflects the event.</param>
public sealed record StateExpectation(string Description, Func<RootMfaObservation, bool> IsMetBy)
{
    /// <summary>Root's MFA flag equals <paramref name="enabled"/>.</summary>
    public static StateExpectation MfaEnabled(bool enabled) =>
        new($"AccountMFAEnabled={(enabled ? 1 : 0)}", o => o.Summary.AccountMfaEnabled == enabled);

    /// <summary>The most characters of a serial number quoted in <see cref="Description"/>.</summary>
    public const int MaxQuotedSerialLength = 128;

    /// <summary>The virtual device with this serial is (or is no longer) assigned to root.</summary>
    public static StateExpectation VirtualDeviceOnRoot(string serial, bool assigned) =>
        // The serial comes from an event; the description is logged on every re-read, so it quotes a bounded start
        // (IAM's own limit is 256) while the check compares the whole serial.
        new($"{Core.Findings.AsffText.Fit(serial, MaxQuotedSerialLength)} {(assigned ? "assigned to" : "not assigned to")} root",
            o => o.VirtualMfaDevices.Any(d =>
                string.Equals(d.SerialNumber, serial, StringComparison.Ordinal)
                && string.Equals(d.AssignedUserArn, o.Partition.RootUserArn(o.AccountId), StringComparison.Ordinal)) == assigned);

    /// <summary>Root's password flag equals <paramref name="present"/>.</summary>
    public static StateExpectation PasswordPresent(bool present) =>
        new($"AccountPasswordPresent={(present ? 1 : 0)}", o => o.Summary.AccountPasswordPresent == present);
}

/// <summary>The outcome of one evaluation, as logged and returned by the function and the CLI.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Status">PASSED, FAILED or NOT_AVAILABLE.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="FindingId">The finding's Id.</param>
/// <param name="Imported">True when Security Hub accepted the finding.</param>
/// <param name="Trigger">What caused the evaluation.</param>
/// <param name="PreviousStatus">The status before, when a finding existed.</param>
/// <param name="ChangePublished">True when a compliance-change event was published.</param>
/// <param name="Reads">How many times IAM was read (more than 1 when waiting for consistency).</param>
/// <param name="ChangesPending">Compliance changes left undelivered in the finding's outbox (only a best-effort run leaves any).</param>
/// <param name="Superseded">True when a newer observation was already stored, so this run's older verdict was not written.</param>
/// <param name="PreviousWorkflowStatus">The existing finding's Workflow.Status (e.g. SUPPRESSED by an analyst), when one was read.</param>
/// <param name="EventPath">The event-path health the finding carries (this run's check or the stored one); null when none.</param>
/// <param name="EventPathChecked">True when this run checked the event path itself (the value is fresh, not carried forward).</param>
/// <param name="RecheckAt">When a provisional verdict is re-checked (a re-check was queued); null for a confirmed verdict.</param>
public sealed record CheckSummary(
    string AccountId,
    ComplianceStatus Status,
    ReasonCode Reason,
    string FindingId,
    bool Imported,
    string Trigger,
    ComplianceStatus? PreviousStatus,
    bool ChangePublished,
    int Reads,
    int ChangesPending = 0,
    bool Superseded = false,
    string? PreviousWorkflowStatus = null,
    Core.EventPath.EventPathHealth? EventPath = null,
    bool EventPathChecked = false,
    DateTimeOffset? RecheckAt = null);

/// <summary>The result of a check: the summary and the finding that was (or would be) imported.</summary>
public sealed record CheckResult(CheckSummary Summary, Core.Findings.AwsSecurityFinding Finding, RootMfaEvaluation Evaluation);
