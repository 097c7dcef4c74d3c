using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Findings;

/// <summary>
/// One compliance transition of a finding, as kept in the finding's outbox until EventBridge accepts its event: a change
/// of status, or of reason (and with it severity) within a status, such as FAILED/HIGH to FAILED/CRITICAL.
/// </summary>
/// <param name="From">The status before; null when the finding did not exist.</param>
/// <param name="To">The status after.</param>
/// <param name="Reason">The reason code of the new status.</param>
/// <param name="ObservedAt">When IAM was read by the evaluation that first saw the new status (millisecond precision).</param>
/// <param name="Since">UpdatedAt of the stored finding the transition departs from; null when there was none.</param>
/// <param name="FromReason">The reason before; null for a first finding, and for entries an older version stored without it.</param>
public sealed record PendingChange(
    ComplianceStatus? From, ComplianceStatus To, ReasonCode Reason, DateTimeOffset ObservedAt, DateTimeOffset? Since = null,
    ReasonCode? FromReason = null)
{
    /// <summary>The severity after (it follows from the reason).</summary>
    public SeverityLabel Severity => Reason.SeverityOf();

    /// <summary>The severity before; null when the reason before is not known.</summary>
    public SeverityLabel? FromSeverity => FromReason?.SeverityOf();

    /// <summary>
    /// A stable id for this transition of <paramref name="findingId"/>: the same on every delivery attempt, different for
    /// every transition, so consumers can de-duplicate. Two runs that race from the same stored finding to the same
    /// status derive the same id. 32 lowercase hex digits.
    /// </summary>
    public string ChangeId(string findingId) => Findings.ChangeId.For(findingId, this);

    /// <summary>
    /// The outbox's text form, e.g. <c>FAILED/VIRTUAL_MFA_ON_ROOT&gt;FAILED:NO_ROOT_MFA@2026-11-30T11:00:00.000Z~2026-11-30T10:00:00.000Z</c>
    /// (the reason before after a slash when known; observed, then since; no since for a first finding). Entries without
    /// the reason before (<c>PASSED&gt;FAILED:…</c>) are what older versions wrote, and are still read.
    /// </summary>
    public string Encode() =>
        $"{From?.ToAsff() ?? ChangeOutbox.None}{(FromReason is { } r ? $"/{r.ToAsff()}" : "")}>{To.ToAsff()}:{Reason.ToAsff()}@{RootMfaFindingBuilder.Timestamp(ObservedAt)}"
        + (Since is { } since ? $"~{RootMfaFindingBuilder.Timestamp(since)}" : "");
}
