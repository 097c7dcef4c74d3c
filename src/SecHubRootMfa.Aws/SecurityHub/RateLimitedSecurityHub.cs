using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>
/// Security Hub's request quota, shared by every client of one run: per account and region, a burst of
/// <see cref="RequestsPerSecond"/> requests, then one every 1/<see cref="RequestsPerSecond"/> s, granted in arrival order.
/// </summary>
/// <param name="time">The clock that waits are measured (monotonic timestamps) and slept on.</param>
public sealed class SecurityHubRequestLimiter(TimeProvider time)
{
    /// <summary>
    /// Requests per second (and burst) per account and region: BatchImportFindings' documented rate. GetFindings is
    /// documented lower (3/s, burst 6), but a member makes one GetFindings per evaluation, far below either.
    /// </summary>
    public const int RequestsPerSecond = 10;

    private const int MinPruneAbove = 1024;
    private readonly long _interval = time.TimestampFrequency / RequestsPerSecond;

    // Per account/region, the timestamp at which the full burst is back ("theoretical arrival time" of the generic cell
    // rate algorithm): one number per key instead of a timer and a queue, so a run over thousands of accounts stays
    // cheap. Monotonic timestamps, so a wall-clock step cannot stall or release every key at once.
    private readonly Dictionary<string, long> _theoreticalArrival = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _pruneAbove = MinPruneAbove;

    /// <summary>A limiter on the system clock.</summary>
    public SecurityHubRequestLimiter() : this(TimeProvider.System)
    {
    }

    /// <summary>Waits for a request slot of <paramref name="accountId"/> in <paramref name="region"/>.</summary>
    /// <remarks>A slot is reserved on arrival; a caller cancelled while waiting forfeits it, which only ever slows the rate.</remarks>
    public async ValueTask AcquireAsync(string accountId, string region, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = $"{accountId}/{region}";
        long now, admitted;
        lock (_gate)
        {
            now = time.GetTimestamp();
            if (_theoreticalArrival.Count > _pruneAbove)
            {
                // Doubling the threshold keeps pruning amortized O(1) when thousands of accounts are busy at once.
                Prune(now);
                _pruneAbove = Math.Max(MinPruneAbove, _theoreticalArrival.Count * 2);
            }

            var arrival = _theoreticalArrival.TryGetValue(key, out var t) && t > now ? t : now;
            admitted = Math.Max(now, arrival - (_interval * (RequestsPerSecond - 1)));
            _theoreticalArrival[key] = arrival + _interval;
        }

        if (admitted > now)
        {
            await Task.Delay(time.GetElapsedTime(now, admitted), time, cancellationToken).ConfigureAwait(false);
        }
    }

    // A key whose full burst is back is exactly like a key never seen.
    private void Prune(long now)
    {
        foreach (var (key, arrival) in _theoreticalArrival)
        {
            if (arrival <= now)
            {
                _theoreticalArrival.Remove(key);
            }
        }
    }
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
