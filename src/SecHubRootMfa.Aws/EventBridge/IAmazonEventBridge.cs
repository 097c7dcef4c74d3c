using SecHubRootMfa.Aws.EventBridge.Model;

namespace SecHubRootMfa.Aws.EventBridge;

/// <summary>The EventBridge operations this product uses; names follow AWSSDK.EventBridge.</summary>
public interface IAmazonEventBridge : IDisposable
{
    /// <summary>Puts 1–10 events; per-entry failures come back in the response.</summary>
    Task<PutEventsResponse> PutEventsAsync(PutEventsRequest request, CancellationToken cancellationToken = default);

    /// <summary>One rule's definition and state (ENABLED, DISABLED, ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS).</summary>
    Task<DescribeRuleResponse> DescribeRuleAsync(DescribeRuleRequest request, CancellationToken cancellationToken = default);
}
