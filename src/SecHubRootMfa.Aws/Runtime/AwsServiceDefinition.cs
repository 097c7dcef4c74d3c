namespace SecHubRootMfa.Aws.Runtime;

/// <summary>The facts about one AWS service that endpoint resolution and signing need.</summary>
/// <param name="ServiceId">The SDK ServiceId; AWSSDK.Core derives <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c> from it.</param>
/// <param name="SigningName">The SigV4 service name.</param>
/// <param name="EndpointPrefix">The host prefix of regional endpoints.</param>
/// <param name="GlobalPerPartition">True for IAM and Organizations: one endpoint per partition instead of one per region.</param>
/// <param name="ApiVersion">The service's API version string.</param>
internal sealed record AwsServiceDefinition(
    string ServiceId, string SigningName, string EndpointPrefix, bool GlobalPerPartition, string ApiVersion)
{
    public static readonly AwsServiceDefinition IdentityManagement = new("IAM", "iam", "iam", true, "2010-05-08");
    public static readonly AwsServiceDefinition SecurityHub = new("SecurityHub", "securityhub", "securityhub", false, "2018-10-26");
    public static readonly AwsServiceDefinition EventBridge = new("EventBridge", "events", "events", false, "2015-10-07");
    public static readonly AwsServiceDefinition SecurityToken = new("STS", "sts", "sts", false, "2011-06-15");
    public static readonly AwsServiceDefinition CloudTrail = new("CloudTrail", "cloudtrail", "cloudtrail", false, "2013-11-01");
    public static readonly AwsServiceDefinition Organizations = new("Organizations", "organizations", "organizations", true, "2016-11-28");

    /// <summary>Amazon SQS (the official AWSSDK.SQS client; listed for endpoint overrides and signing).</summary>
    public static readonly AwsServiceDefinition Sqs = new("SQS", "sqs", "sqs", false, "2012-11-05");
}
