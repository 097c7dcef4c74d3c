using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.CloudTrail;

/// <summary>Configuration for the CloudTrail client (ServiceId <c>CloudTrail</c>, signing name <c>cloudtrail</c>, regional).</summary>
public sealed class AmazonCloudTrailConfig() : ServiceClientConfigBase(AwsServiceDefinition.CloudTrail);
