using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>Configuration for the Security Hub client (ServiceId <c>SecurityHub</c>, signing name <c>securityhub</c>, regional).</summary>
public sealed class AmazonSecurityHubConfig() : ServiceClientConfigBase(AwsServiceDefinition.SecurityHub);
