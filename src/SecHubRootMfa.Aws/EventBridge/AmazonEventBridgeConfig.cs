using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.EventBridge;

/// <summary>Configuration for the EventBridge client (ServiceId <c>EventBridge</c>, signing name <c>events</c>, regional).</summary>
public sealed class AmazonEventBridgeConfig() : ServiceClientConfigBase(AwsServiceDefinition.EventBridge);
