using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Service.Ports;

/// <summary>Reads the root user's MFA state of one account from IAM.</summary>
public interface IRootMfaStateSource
{
    /// <summary>
    /// Reads GetAccountSummary and every page of ListVirtualMFADevices. Throws <see cref="AwsCallException"/> with
    /// <see cref="AwsFailureKind"/> telling permanent from transient failures.
    /// </summary>
    Task<RootMfaObservation> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken);
}

/// <summary>What Security Hub already holds for a finding Id.</summary>
/// <param name="History">CreatedAt and FirstObservedAt to keep.</param>
/// <param name="Status">The previous compliance status; null when Security Hub has none we understand.</param>
/// <param name="LastRootSignIn">Root sign-in evidence recorded earlier, carried forward.</param>
/// <param name="WorkflowStatus">Its Workflow.Status (NEW, NOTIFIED, SUPPRESSED, RESOLVED), which analysts own; null when absent.</param>
public sealed record ExistingFinding(
    FindingHistory History, ComplianceStatus? Status, RootSignInEvidence? LastRootSignIn, string? WorkflowStatus = null)
{
    /// <summary>The stored UpdatedAt: the time IAM was read by the run that wrote it (Security Hub orders updates by it).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The run that wrote it; null for findings written before runs had ids.</summary>
    public string? RunId { get; init; }

    /// <summary>Transitions whose change event EventBridge has not accepted yet, oldest first.</summary>
    public IReadOnlyList<PendingChange> PendingChanges { get; init; } = [];

    /// <summary>Outbox entries that could not be read (left out, counted so the run can say so).</summary>
    public int UnreadableChanges { get; init; }

    /// <summary>The last event-path check it records, with when it ran; runs that do not check carry it forward.</summary>
    public EventPathHealth? EventPath { get; init; }
    /// <summary>The stored verdict's reason code; null when it cannot be read (then only a status change is announced).</summary>
    public ReasonCode? Reason { get; init; }

    /// <summary>Builds it from the stored finding's fields as Security Hub returns them.</summary>
    public static ExistingFinding FromStored(
        string? createdAt, string? firstObservedAt, string? updatedAt, string? complianceStatus,
        IReadOnlyDictionary<string, string>? productFields, string? workflowStatus = null)
    {
        var stored = FindingFields.Read(productFields);
        return new ExistingFinding(
            new FindingHistory(FindingFields.Time(createdAt), FindingFields.Time(firstObservedAt)),
            AsffNames.ParseComplianceStatus(complianceStatus),
            stored.LastRootSignIn,
            workflowStatus)
        {
            UpdatedAt = FindingFields.Time(updatedAt),
            RunId = stored.RunId,
            PendingChanges = stored.PendingChanges,
            UnreadableChanges = stored.UnreadableChanges,
            EventPath = stored.EventPath,
            Reason = stored.Reason,
        };
    }
}

/// <summary>Reads and writes our finding in Security Hub.</summary>
public interface IFindingStore
{
    /// <summary>The existing finding with this Id in this product, or null when there is none.</summary>
    Task<ExistingFinding?> GetAsync(string findingId, string productArn, CancellationToken cancellationToken);

    /// <summary>Imports the finding; throws <see cref="AwsCallException"/> when Security Hub rejects it.</summary>
    Task ImportAsync(AwsSecurityFinding finding, CancellationToken cancellationToken);
}

/// <summary>
/// A change of an account's compliance status, or of its reason and severity within a status, published as
/// <c>Root MFA Compliance Changed</c>.
/// </summary>
/// <param name="AccountId">The account.</param>
/// <param name="OldStatus">The status before; null when there was no finding.</param>
/// <param name="NewStatus">The status after.</param>
/// <param name="Reason">The new status's reason code.</param>
/// <param name="FindingId">The finding's Id.</param>
/// <param name="ObservedAt">When IAM was read by the evaluation that first saw the new status.</param>
/// <param name="Partition">The account's partition.</param>
/// <param name="ChangeId">Stable per transition (<see cref="PendingChange.ChangeId"/>): every delivery of it carries the same id.</param>
/// <param name="OldReason">The reason before; null for a first finding or when the stored outbox entry predates it.</param>
public sealed record ComplianceChange(
    string AccountId, ComplianceStatus? OldStatus, ComplianceStatus NewStatus, ReasonCode Reason, string FindingId,
    DateTimeOffset ObservedAt, AwsPartition Partition, string ChangeId, ReasonCode? OldReason = null);

/// <summary>Publishes compliance changes (EventBridge in production).</summary>
public interface IComplianceChangePublisher
{
    /// <summary>Publishes one change; throws <see cref="AwsCallException"/> when the bus refuses it.</summary>
    Task PublishAsync(ComplianceChange change, CancellationToken cancellationToken);
}

/// <summary>How an AWS call failed, which decides whether retrying later can help.</summary>
public enum AwsFailureKind
{
    /// <summary>Retrying will not help: access denied, invalid input, service not enabled, malformed answer.</summary>
    Permanent,

    /// <summary>Throttling, 5xx, timeouts or network errors that outlasted the SDK's retries.</summary>
    Transient,
}

/// <summary>An AWS call failed; the message says what to do in words a person can act on, without secrets.</summary>
public class AwsCallException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AwsCallException(AwsFailureKind kind, string message, Exception? inner = null)
        : base(message, inner) => Kind = kind;

    /// <summary>Creates a permanent failure with a generic message.</summary>
    public AwsCallException()
        : this(AwsFailureKind.Permanent, "An AWS call failed.")
    {
    }

    /// <summary>Creates a permanent failure.</summary>
    public AwsCallException(string message)
        : this(AwsFailureKind.Permanent, message)
    {
    }

    /// <summary>Creates a permanent failure with its cause.</summary>
    public AwsCallException(string message, Exception inner)
        : this(AwsFailureKind.Permanent, message, inner)
    {
    }

    /// <summary>Permanent or transient.</summary>
    public AwsFailureKind Kind { get; }
}

/// <summary>Queues a re-evaluation of one account for later (the work queue, SQS, in production).</summary>
public interface IRecheckScheduler
{
    /// <summary>
    /// Queues <paramref name="item"/> to be delivered after <paramref name="delay"/>; throws <see cref="AwsCallException"/>
    /// when it could not be queued.
    /// </summary>
    Task ScheduleAsync(WorkQueue.RecheckWorkItem item, TimeSpan delay, CancellationToken cancellationToken);
}
