using SecHubRootMfa.Aws.IdentityManagement.Model;

namespace SecHubRootMfa.Aws.IdentityManagement;

/// <summary>The IAM operations this product uses; names follow AWSSDK.IdentityManagement.</summary>
public interface IAmazonIdentityManagementService : IDisposable
{
    /// <summary>Account-wide entity counts, including <c>AccountMFAEnabled</c>.</summary>
    Task<GetAccountSummaryResponse> GetAccountSummaryAsync(GetAccountSummaryRequest request, CancellationToken cancellationToken = default);

    /// <summary>One page of virtual MFA devices.</summary>
    Task<ListVirtualMFADevicesResponse> ListVirtualMFADevicesAsync(ListVirtualMFADevicesRequest request, CancellationToken cancellationToken = default);

    /// <summary>One page of MFA devices of a user (or of the caller when no user name is given).</summary>
    Task<ListMFADevicesResponse> ListMFADevicesAsync(ListMFADevicesRequest request, CancellationToken cancellationToken = default);
}
