using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.IdentityManagement;

/// <summary>Configuration for the IAM client (ServiceId <c>IAM</c>, signing name <c>iam</c>, global endpoint per partition).</summary>
public sealed class AmazonIdentityManagementServiceConfig() : ServiceClientConfigBase(AwsServiceDefinition.IdentityManagement);
