using Amazon.Runtime;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws;

/// <summary>
/// How <see cref="AwsClientFactory"/> builds clients. Everything left null falls back to the SDK's standard chains:
/// region from AWS_REGION / AWS_DEFAULT_REGION / profile / instance metadata, credentials from environment / profile /
/// container / instance metadata, endpoints from AWS_ENDPOINT_URL_&lt;SERVICE&gt; then AWS_ENDPOINT_URL then the profile.
/// </summary>
public sealed record AwsClientOptions
{
    /// <summary>The region (e.g. eu-west-1); null resolves it the SDK's way. IAM is signed in the region's partition.</summary>
    public string? Region { get; init; }

    /// <summary>Explicit IAM endpoint; wins over AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL.</summary>
    public Uri? IamServiceUrl { get; init; }

    /// <summary>Explicit Security Hub endpoint; wins over AWS_ENDPOINT_URL_SECURITYHUB / AWS_ENDPOINT_URL.</summary>
    public Uri? SecurityHubServiceUrl { get; init; }

    /// <summary>Explicit EventBridge endpoint; wins over AWS_ENDPOINT_URL_EVENTBRIDGE / AWS_ENDPOINT_URL.</summary>
    public Uri? EventBridgeServiceUrl { get; init; }

    /// <summary>Explicit STS endpoint; wins over AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL.</summary>
    public Uri? StsServiceUrl { get; init; }

    /// <summary>Explicit Organizations endpoint; wins over AWS_ENDPOINT_URL_ORGANIZATIONS / AWS_ENDPOINT_URL.</summary>
    public Uri? OrganizationsServiceUrl { get; init; }

    /// <summary>Explicit CloudTrail endpoint; wins over AWS_ENDPOINT_URL_CLOUDTRAIL / AWS_ENDPOINT_URL.</summary>
    public Uri? CloudTrailServiceUrl { get; init; }

    /// <summary>Explicit SQS endpoint; wins over AWS_ENDPOINT_URL_SQS / AWS_ENDPOINT_URL.</summary>
    public Uri? SqsServiceUrl { get; init; }

    /// <summary>Credentials to use; null means the SDK's default credential chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>A shared-config profile name for region, credentials and endpoint_url; null means AWS_PROFILE / default.</summary>
    public string? ProfileName { get; init; }

    /// <summary>Timeout of one HTTP attempt. Default 10 s.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline of one call including every retry and backoff. Default 60 s.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Attempts and retry mode of every call (and of rejected findings); default <see cref="AwsRetryPolicy.Default"/>.</summary>
    public AwsRetryPolicy Retry { get; init; } = AwsRetryPolicy.Default;
}
