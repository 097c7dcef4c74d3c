using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>A Security Hub client that takes a <see cref="SecurityHubRequestLimiter"/> slot before every call.</summary>
public sealed class RateLimitedSecurityHub(IAmazonSecurityHub inner, SecurityHubRequestLimiter limiter, string accountId, string region)
    : IAmazonSecurityHub
{
    /// <inheritdoc />
    public async Task<BatchImportFindingsResponse> BatchImportFindingsAsync(BatchImportFindingsRequest request, CancellationToken cancellationToken = default)
    {
        await limiter.AcquireAsync(accountId, region, cancellationToken).ConfigureAwait(false);
        return await inner.BatchImportFindingsAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<GetFindingsResponse> GetFindingsAsync(GetFindingsRequest request, CancellationToken cancellationToken = default)
    {
        await limiter.AcquireAsync(accountId, region, cancellationToken).ConfigureAwait(false);
        return await inner.GetFindingsAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes the inner client; the limiter belongs to the run.</summary>
    public void Dispose() => inner.Dispose();
}
