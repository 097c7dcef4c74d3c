using Amazon.Runtime;
using Amazon.Runtime.Internal;
using SecHubRootMfa.Aws.IdentityManagement.Internal;
using SecHubRootMfa.Aws.IdentityManagement.Model;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.IdentityManagement;

/// <summary>IAM over AWSSDK.Core's pipeline (Query protocol, XML answers).</summary>
public sealed class AmazonIdentityManagementServiceClient : ServiceClientBase, IAmazonIdentityManagementService
{
    /// <summary>Uses the SDK's default credential chain.</summary>
    public AmazonIdentityManagementServiceClient(AmazonIdentityManagementServiceConfig config)
        : base(null, config, AwsServiceDefinition.IdentityManagement.ServiceId)
    {
    }

    /// <summary>Uses the given credentials.</summary>
    public AmazonIdentityManagementServiceClient(AWSCredentials credentials, AmazonIdentityManagementServiceConfig config)
        : base(credentials, config, AwsServiceDefinition.IdentityManagement.ServiceId)
    {
    }

    /// <inheritdoc />
    public Task<GetAccountSummaryResponse> GetAccountSummaryAsync(GetAccountSummaryRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<GetAccountSummaryResponse>(request, new InvokeOptions
        {
            RequestMarshaller = GetAccountSummaryRequestMarshaller.Instance,
            ResponseUnmarshaller = GetAccountSummaryResponseUnmarshaller.Instance,
        }, "GetAccountSummary", cancellationToken);

    /// <inheritdoc />
    public Task<ListVirtualMFADevicesResponse> ListVirtualMFADevicesAsync(ListVirtualMFADevicesRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<ListVirtualMFADevicesResponse>(request, new InvokeOptions
        {
            RequestMarshaller = ListVirtualMFADevicesRequestMarshaller.Instance,
            ResponseUnmarshaller = ListVirtualMFADevicesResponseUnmarshaller.Instance,
        }, "ListVirtualMFADevices", cancellationToken);

    /// <inheritdoc />
    public Task<ListMFADevicesResponse> ListMFADevicesAsync(ListMFADevicesRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<ListMFADevicesResponse>(request, new InvokeOptions
        {
            RequestMarshaller = ListMFADevicesRequestMarshaller.Instance,
            ResponseUnmarshaller = ListMFADevicesResponseUnmarshaller.Instance,
        }, "ListMFADevices", cancellationToken);
}
