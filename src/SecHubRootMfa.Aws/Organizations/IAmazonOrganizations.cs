using SecHubRootMfa.Aws.Organizations.Model;

namespace SecHubRootMfa.Aws.Organizations;

/// <summary>The AWS Organizations operations this product uses; names follow AWSSDK.Organizations.</summary>
public interface IAmazonOrganizations : IDisposable
{
    /// <summary>One page of the organization's accounts (management account or delegated administrator only).</summary>
    Task<ListAccountsResponse> ListAccountsAsync(ListAccountsRequest request, CancellationToken cancellationToken = default);
}
