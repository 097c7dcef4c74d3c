using Amazon.Runtime;
using Amazon.Runtime.Internal;
using SecHubRootMfa.Aws.Organizations.Internal;
using SecHubRootMfa.Aws.Organizations.Model;
using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.Organizations;

/// <summary>AWS Organizations over AWSSDK.Core's pipeline (awsJson1.1, target prefix AWSOrganizationsV20161128).</summary>
public sealed class AmazonOrganizationsClient : ServiceClientBase, IAmazonOrganizations
{
    /// <summary>Uses the SDK's default credential chain.</summary>
    public AmazonOrganizationsClient(AmazonOrganizationsConfig config)
        : base(null, config, AwsServiceDefinition.Organizations.ServiceId)
    {
    }

    /// <summary>Uses the given credentials.</summary>
    public AmazonOrganizationsClient(AWSCredentials credentials, AmazonOrganizationsConfig config)
        : base(credentials, config, AwsServiceDefinition.Organizations.ServiceId)
    {
    }

    /// <inheritdoc />
    public Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken = default)
        => InvokeWithDeadlineAsync<ListAccountsResponse>(request, new InvokeOptions
        {
            RequestMarshaller = ListAccountsRequestMarshaller.Instance,
            ResponseUnmarshaller = ListAccountsResponseUnmarshaller.Instance,
        }, "ListAccounts", cancellationToken);
}
