using Amazon.Runtime;
using Amazon.Runtime.Internal;
using SecHubRootMfa.Aws.CloudTrail.Internal;
using SecHubRootMfa.Aws.CloudTrail.Model;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.CloudTrail;

/// <summary>CloudTrail over AWSSDK.Core's pipeline (awsJson1.1, target prefix <c>com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101</c>).</summary>
public sealed class AmazonCloudTrailClient : ServiceClientBase, IAmazonCloudTrail
{
    /// <summary>Uses the SDK's default credential chain.</summary>
    public AmazonCloudTrailClient(AmazonCloudTrailConfig config)
        : base(null, config, AwsServiceDefinition.CloudTrail.ServiceId)
    {
    }

    /// <summary>Uses the given credentials.</summary>
    public AmazonCloudTrailClient(AWSCredentials credentials, AmazonCloudTrailConfig config)
        : base(credentials, config, AwsServiceDefinition.CloudTrail.ServiceId)
    {
    }

    /// <inheritdoc />
    public Task<DescribeTrailsResponse> DescribeTrailsAsync(DescribeTrailsRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<DescribeTrailsResponse>(request, new InvokeOptions
        {
            RequestMarshaller = DescribeTrailsRequestMarshaller.Instance,
            ResponseUnmarshaller = DescribeTrailsResponseUnmarshaller.Instance,
        }, "DescribeTrails", cancellationToken);

    /// <inheritdoc />
    public Task<GetTrailStatusResponse> GetTrailStatusAsync(GetTrailStatusRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<GetTrailStatusResponse>(request, new InvokeOptions
        {
            RequestMarshaller = GetTrailStatusRequestMarshaller.Instance,
            ResponseUnmarshaller = GetTrailStatusResponseUnmarshaller.Instance,
        }, "GetTrailStatus", cancellationToken);

    /// <inheritdoc />
    public Task<GetEventSelectorsResponse> GetEventSelectorsAsync(GetEventSelectorsRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<GetEventSelectorsResponse>(request, new InvokeOptions
        {
            RequestMarshaller = GetEventSelectorsRequestMarshaller.Instance,
            ResponseUnmarshaller = GetEventSelectorsResponseUnmarshaller.Instance,
        }, "GetEventSelectors", cancellationToken);
}
