using SecHubRootMfa.Aws.SecurityHub.Model;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>
/// Security Hub's request quota, shared by every client of one run: per account and region, a burst of
/// <see cref="RequestsPerSecond"/> requests, then one every 1/<see cref="RequestsPerSecond"/> s, granted in arrival order.
/// </summary>
/// <param name="time">The clock that waits are measured and slept on.</param>
public sealed class SecurityHubRequestLimiter(TimeProvider time)
{
    /// <summary>Security Hub's documented rate for BatchImportFindings and GetFindings per account and region.</summary>
    public const int RequestsPerSecond = 10;

    private static readonly TimeSpan Interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / RequestsPerSecond);
    private static readonly TimeSpan BurstTolerance = Interval * (RequestsPerSecond - 1);
    private const int MinPruneAbove = 1024;

    // Per account/region, the time the bucket is next empty-handed ("theoretical arrival time" of the generic cell rate
    // algorithm): one timestamp per key instead of a timer and a queue, so a run over thousands of accounts stays cheap.
    private readonly Dictionary<string, DateTimeOffset> _theoreticalArrival = new(StringComparer.Ordinal);
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
        TimeSpan wait;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_theoreticalArrival.Count > _pruneAbove)
            {
                // Doubling the threshold keeps pruning amortized O(1) when thousands of accounts are busy at once.
                Prune(now);
                _pruneAbove = Math.Max(MinPruneAbove, _theoreticalArrival.Count * 2);
            }

            var arrival = _theoreticalArrival.TryGetValue(key, out var t) && t > now ? t : now;
            var admitted = arrival - BurstTolerance > now ? arrival - BurstTolerance : now;
            _theoreticalArrival[key] = arrival + Interval;
            wait = admitted - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    // A key whose arrival time has passed holds a full burst, exactly like a key never seen.
    private void Prune(DateTimeOffset now)
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
