using Amazon.Runtime;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>Where a request goes and which region signs it.</summary>
/// <param name="Url">The endpoint URL.</param>
/// <param name="SigningRegion">The SigV4 signing region.</param>
public sealed record ResolvedServiceEndpoint(string Url, string SigningRegion);

/// <summary>
/// The partition rules for our six services: IAM and Organizations have one global endpoint per partition (signed in
/// the partition's home region for that service); Security Hub, EventBridge, CloudTrail and STS are regional.
/// </summary>
public static class PartitionEndpoints
{
    /// <summary>Resolves the endpoint; an override URL (configured or from AWS_ENDPOINT_URL*) wins over the rules.</summary>
    /// <exception cref="AmazonClientException">No region is known and no override was given, or the region is invalid.</exception>
    public static ResolvedServiceEndpoint Resolve(string serviceId, string? region, string? endpointOverride)
    {
        var service = Find(serviceId);
        if (!string.IsNullOrEmpty(endpointOverride))
        {
            var signingRegion = region is null || !RegionName.IsValid(region)
                ? "us-east-1"
                : service.GlobalPerPartition ? Global(service, Partition(region)).SigningRegion : region;
            return new ResolvedServiceEndpoint(endpointOverride, signingRegion);
        }

        if (string.IsNullOrEmpty(region))
        {
            throw new AmazonClientException(
                $"No AWS region is configured for {service.ServiceId}. Set AWS_REGION (or a region in the AWS profile) or pass a region explicitly.");
        }

        var partition = Partition(region);
        if (service.GlobalPerPartition)
        {
            return Global(service, partition);
        }

        var dnsSuffix = partition == AwsPartition.China ? "amazonaws.com.cn" : "amazonaws.com";
        return new ResolvedServiceEndpoint($"https://{service.EndpointPrefix}.{region}.{dnsSuffix}", region);
    }

    // The partition endpoints of botocore's endpoint rules for the two global services.
    private static ResolvedServiceEndpoint Global(AwsServiceDefinition service, AwsPartition partition) => (service.ServiceId, partition.Name) switch
    {
        ("IAM", "aws-cn") => new("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
        ("IAM", "aws-us-gov") => new("https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
        ("IAM", _) => new("https://iam.amazonaws.com", "us-east-1"),
        ("Organizations", "aws-cn") => new("https://organizations.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1"),
        ("Organizations", "aws-us-gov") => new("https://organizations.us-gov-west-1.amazonaws.com", "us-gov-west-1"),
        ("Organizations", _) => new("https://organizations.us-east-1.amazonaws.com", "us-east-1"),
        _ => throw new ArgumentException($"{service.ServiceId} has no global endpoint.", nameof(service)),
    };

    private static AwsPartition Partition(string region)
    {
        try
        {
            return AwsPartition.ForRegion(region);
        }
        catch (ArgumentException e)
        {
            throw new AmazonClientException(e.Message, e);
        }
    }

    private static AwsServiceDefinition Find(string serviceId) => serviceId switch
    {
        "IAM" => AwsServiceDefinition.IdentityManagement,
        "SecurityHub" => AwsServiceDefinition.SecurityHub,
        "EventBridge" => AwsServiceDefinition.EventBridge,
        "STS" => AwsServiceDefinition.SecurityToken,
        "Organizations" => AwsServiceDefinition.Organizations,
        "CloudTrail" => AwsServiceDefinition.CloudTrail,
        "SQS" => AwsServiceDefinition.Sqs,
        _ => throw new ArgumentException($"Unknown service id '{serviceId}'.", nameof(serviceId)),
    };
}
