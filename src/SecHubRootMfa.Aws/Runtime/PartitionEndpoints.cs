using Amazon.Runtime;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Aws.Runtime;

/// <summary>Where a request goes and which region signs it.</summary>
/// <param name="Url">The endpoint URL.</param>
/// <param name="SigningRegion">The SigV4 signing region.</param>
public sealed record ResolvedServiceEndpoint(string Url, string SigningRegion);

/// <summary>
/// The partition rules for our four services: IAM has one global endpoint per partition (signed in the partition's
/// IAM home region); Security Hub, EventBridge and STS are regional.
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
                : service.GlobalPerPartition ? GlobalSigningRegion(Partition(region)) : region;
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
            return partition.Name switch
            {
                "aws-cn" => new ResolvedServiceEndpoint("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1"),
                "aws-us-gov" => new ResolvedServiceEndpoint("https://iam.us-gov.amazonaws.com", "us-gov-west-1"),
                _ => new ResolvedServiceEndpoint("https://iam.amazonaws.com", "us-east-1"),
            };
        }

        var dnsSuffix = partition == AwsPartition.China ? "amazonaws.com.cn" : "amazonaws.com";
        return new ResolvedServiceEndpoint($"https://{service.EndpointPrefix}.{region}.{dnsSuffix}", region);
    }

    private static string GlobalSigningRegion(AwsPartition partition) => partition.Name switch
    {
        "aws-cn" => "cn-north-1",
        "aws-us-gov" => "us-gov-west-1",
        _ => "us-east-1",
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
        _ => throw new ArgumentException($"Unknown service id '{serviceId}'.", nameof(serviceId)),
    };
}
