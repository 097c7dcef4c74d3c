using System.Threading.RateLimiting;
using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>
/// Security Hub's request quota, shared by every client of one run: a token bucket per account and region that holds at
/// most <see cref="RequestsPerSecond"/> tokens and refills one every 1/<see cref="RequestsPerSecond"/> s.
/// </summary>
public sealed class SecurityHubRequestLimiter : IDisposable
{
    /// <summary>Security Hub's documented rate for BatchImportFindings and GetFindings per account and region.</summary>
    public const int RequestsPerSecond = 10;

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = RequestsPerSecond,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / RequestsPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));

    /// <summary>Waits for a request slot of <paramref name="accountId"/> in <paramref name="region"/>.</summary>
    public async ValueTask AcquireAsync(string accountId, string region, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync($"{accountId}/{region}", 1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException($"The Security Hub request limiter refused a slot for {accountId} in {region}.");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}

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
