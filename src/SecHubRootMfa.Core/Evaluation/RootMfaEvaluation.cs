namespace SecHubRootMfa.Core.Evaluation;

/// <summary>The verdict on one account, with the evidence that decided it.</summary>
/// <param name="AccountId">The evaluated account.</param>
/// <param name="Partition">The account's partition.</param>
/// <param name="Profile">The policy profile the account was held to.</param>
/// <param name="Status">PASSED, FAILED or NOT_AVAILABLE.</param>
/// <param name="Severity">The ASFF severity label.</param>
/// <param name="Reason">Why.</param>
/// <param name="Summary">The root flags read from IAM; null when they could not be read.</param>
/// <param name="RootVirtualMfaSerials">Serials of virtual devices assigned exactly to root, sorted.</param>
/// <param name="ErrorCause">For <see cref="ReasonCode.EvaluationError"/>: what went wrong, in words a person can act on.</param>
/// <param name="ObservedAt">When the IAM state was read (or the read failed).</param>
/// <param name="Mode">The policy mode a Level 2 account was judged by.</param>
/// <param name="Inventory">Root's device inventory (AssumeRoot), when it was read.</param>
/// <param name="InventoryError">Why the inventory was asked for but could not be read; null otherwise.</param>
public sealed record RootMfaEvaluation(
    string AccountId,
    AwsPartition Partition,
    PolicyProfile Profile,
    ComplianceStatus Status,
    SeverityLabel Severity,
    ReasonCode Reason,
    AccountSummary? Summary,
    IReadOnlyList<string> RootVirtualMfaSerials,
    string? ErrorCause,
    DateTimeOffset ObservedAt,
    MfaPolicyMode Mode = MfaPolicyMode.Strict,
    RootMfaInventory? Inventory = null,
    string? InventoryError = null);
