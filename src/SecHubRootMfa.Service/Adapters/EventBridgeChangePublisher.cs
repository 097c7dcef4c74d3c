using System.Text.Json;
using System.Text.Json.Serialization;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.EventBridge.Model;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>Publishes <c>Root MFA Compliance Changed</c> events (source <c>sechubrootmfa</c>) with events:PutEvents.</summary>
public sealed class EventBridgeChangePublisher(IEventPublisher publisher, string eventBus) : IComplianceChangePublisher
{
    /// <summary>The event source.</summary>
    public const string Source = "sechubrootmfa";

    /// <summary>The event's detail-type.</summary>
    public const string DetailType = "Root MFA Compliance Changed";

    /// <inheritdoc />
    public async Task PublishAsync(ComplianceChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var detail = new ComplianceChangeDetail(
            change.AccountId, change.OldStatus?.ToAsff(), change.NewStatus.ToAsff(), change.Reason.ToAsff(), change.FindingId,
            change.ChangeId, RootMfaFindingBuilder.Timestamp(change.ObservedAt))
        {
            OldReason = change.OldReason?.ToAsff(),
            OldSeverity = change.OldReason?.SeverityOf().ToAsff(),
            NewReason = change.Reason.ToAsff(),
            NewSeverity = change.Reason.SeverityOf().ToAsff(),
        };
        var entry = new PutEventsRequestEntry
        {
            Source = Source,
            DetailType = DetailType,
            Detail = JsonSerializer.Serialize(detail, ChangeJsonContext.Default.ComplianceChangeDetail),
            EventBusName = eventBus,
            Resources = [$"arn:{change.Partition}:iam::{change.AccountId}:root"],
            Time = change.ObservedAt.UtcDateTime,
        };

        IReadOnlyList<EventPublishOutcome> outcomes;
        try
        {
            outcomes = await publisher.PublishAsync([entry], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "events:PutEvents");
        }

        var outcome = outcomes.Single();
        if (!outcome.Published)
        {
            throw new AwsCallException(
                EventPublisher.IsTransient(outcome.ErrorCode) ? AwsFailureKind.Transient : AwsFailureKind.Permanent,
                $"EventBridge bus '{eventBus}' refused the compliance-change event after {outcome.Attempts} attempt(s): "
                + $"{AwsErrors.Plain(outcome.ErrorCode ?? "no event id", 64)}: {AwsErrors.Plain(outcome.ErrorMessage ?? "no message")}");
        }
    }
}

/// <summary>The detail of a <c>Root MFA Compliance Changed</c> event.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="OldStatus">The status before; null for the first evaluation.</param>
/// <param name="NewStatus">The status now.</param>
/// <param name="Reason">The reason code.</param>
/// <param name="FindingId">The Security Hub finding Id.</param>
/// <param name="ChangeId">Stable per transition: a redelivered change carries the same id, so consumers can de-duplicate on it.</param>
/// <param name="ObservedAt">When IAM was read by the evaluation that first saw the new status.</param>
public sealed record ComplianceChangeDetail(
    string AccountId, string? OldStatus, string NewStatus, string Reason, string FindingId, string ChangeId, string ObservedAt)
{
    /// <summary>The reason before; null for a first finding, or a change an older version queued without it.</summary>
    public string? OldReason { get; init; }

    /// <summary>The severity before (it follows from the reason); null when the reason before is not known.</summary>
    public string? OldSeverity { get; init; }

    /// <summary>The reason now (the same as <see cref="Reason"/>, named to pair with <see cref="OldReason"/>).</summary>
    public required string NewReason { get; init; }

    /// <summary>The severity now: CRITICAL, HIGH or INFORMATIONAL.</summary>
    public required string NewSeverity { get; init; }
}

/// <summary>Source-generated JSON for change events (camelCase); writing only.</summary>
// Serialization mode: the detail is only ever written; the fast path skips building property metadata on a cold start.
// Deserializing with this context throws: add a context if that is needed.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(ComplianceChangeDetail))]
public sealed partial class ChangeJsonContext : JsonSerializerContext;
