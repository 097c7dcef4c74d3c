using SecHubRootMfa.Aws.Runtime;

namespace SecHubRootMfa.Aws.SecurityHub;

/// <summary>
/// Security Hub's request quota, shared by every client of one run: per account and region, a burst of
/// <see cref="RequestsPerSecond"/> requests, then one every 1/<see cref="RequestsPerSecond"/> s, granted in arrival order.
/// </summary>
/// <param name="time">The clock that waits are measured (monotonic timestamps) and slept on.</param>
public sealed class SecurityHubRequestLimiter(TimeProvider time)
{
    /// <summary>Requests per second (and burst) per account and region; see <see cref="AwsRetryPolicy.SecurityHubRequestsPerSecond"/>.</summary>
    public const int RequestsPerSecond = AwsRetryPolicy.SecurityHubRequestsPerSecond;

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
