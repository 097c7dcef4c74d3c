using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.Organizations;

/// <summary>Configuration for the Organizations client (ServiceId <c>Organizations</c>, one endpoint per partition).</summary>
public sealed class AmazonOrganizationsConfig() : ServiceClientConfigBase(AwsServiceDefinition.Organizations);
