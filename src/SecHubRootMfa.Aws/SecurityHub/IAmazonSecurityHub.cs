using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>The Security Hub operations this product uses; names follow AWSSDK.SecurityHub.</summary>
public interface IAmazonSecurityHub : IDisposable
{
    /// <summary>Creates or updates up to 100 findings (6 MB); per-finding failures come back in the response.</summary>
    Task<BatchImportFindingsResponse> BatchImportFindingsAsync(BatchImportFindingsRequest request, CancellationToken cancellationToken = default);

    /// <summary>Reads findings matching the filters.</summary>
    Task<GetFindingsResponse> GetFindingsAsync(GetFindingsRequest request, CancellationToken cancellationToken = default);
}
