using Amazon.Runtime;
using Amazon.Runtime.Internal;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Aws.SecurityHub.Internal;
using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>Security Hub over AWSSDK.Core's pipeline (restJson1).</summary>
public sealed class AmazonSecurityHubClient : ServiceClientBase, IAmazonSecurityHub
{
    /// <summary>Uses the SDK's default credential chain.</summary>
    public AmazonSecurityHubClient(AmazonSecurityHubConfig config)
        : base(null, config, AwsServiceDefinition.SecurityHub.ServiceId)
    {
    }

    /// <summary>Uses the given credentials.</summary>
    public AmazonSecurityHubClient(AWSCredentials credentials, AmazonSecurityHubConfig config)
        : base(credentials, config, AwsServiceDefinition.SecurityHub.ServiceId)
    {
    }

    /// <inheritdoc />
    public Task<BatchImportFindingsResponse> BatchImportFindingsAsync(BatchImportFindingsRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<BatchImportFindingsResponse>(request, new InvokeOptions
        {
            RequestMarshaller = BatchImportFindingsRequestMarshaller.Instance,
            ResponseUnmarshaller = new BatchImportFindingsResponseUnmarshaller(RegionName),
        }, "BatchImportFindings", cancellationToken);

    /// <inheritdoc />
    public Task<GetFindingsResponse> GetFindingsAsync(GetFindingsRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<GetFindingsResponse>(request, new InvokeOptions
        {
            RequestMarshaller = GetFindingsRequestMarshaller.Instance,
            ResponseUnmarshaller = new GetFindingsResponseUnmarshaller(RegionName),
        }, "GetFindings", cancellationToken);
}
