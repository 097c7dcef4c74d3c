using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Service.WorkQueue;

namespace SecHubRootMfa.Service.Organization;

/// <summary>
/// The organization run queue: one message per member (kind <c>member</c>), consumed by the same function through an SQS
/// event source mapping. In production, SQS with sqs:SendMessageBatch and sqs:ChangeMessageVisibility.
/// </summary>
public interface IMemberFanOut
{
    /// <summary>The most items one <see cref="SendAsync"/> takes (SendMessageBatch's 10 entries).</summary>
    const int MaxBatch = 10;

    /// <summary>Queues up to <see cref="MaxBatch"/> members; throws <see cref="AwsCallException"/> when any of them could not be queued.</summary>
    Task SendAsync(IReadOnlyList<MemberWorkItem> items, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps a received message (its receipt handle) invisible for <paramref name="delay"/> before it is delivered again:
    /// the retry's backoff. Throws <see cref="AwsCallException"/> when SQS refuses; the message then comes back after the
    /// queue's visibility timeout.
    /// </summary>
    Task RetryLaterAsync(string receiptHandle, TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>How a run decides between evaluating in-process and queuing its members, and how the queue retries them.</summary>
public sealed record OrgFanOutOptions
{
    /// <summary>
    /// Wall time one member may take within an in-process run, for the size limit. Default 4 s: a first run costs 6 round
    /// trips per member (docs/benchmarks.md figure 7), at a slow 300 ms each 1.8 s, doubled for throttling and retries.
    /// </summary>
    public TimeSpan PerAccountBudget { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Share of the invocation's remaining time an in-process run may plan to use (default 0.5): the rest is the margin
    /// for slower calls than budgeted, before the function's timeout would lose every member not yet reached.
    /// </summary>
    public double InProcessShare { get; init; } = 0.5;

    /// <summary>SendMessageBatch calls in flight while later pages of the account list load. Default 8.</summary>
    public int SendsInFlight { get; init; } = 8;

    /// <summary>The first retry's delay; each later receive doubles it (with jitter), up to <see cref="MaxRetryDelay"/>. Default 30 s.</summary>
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest retry delay. Default 15 minutes.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The most accounts a run evaluates in-process: <c>floor(remaining × InProcessShare × concurrency ÷ PerAccountBudget)</c>.
    /// With the org function's 900 s timeout, concurrency 16 and the defaults: 1,800 accounts.
    /// </summary>
    public int InProcessLimit(TimeSpan remaining, int concurrency) =>
        remaining <= TimeSpan.Zero || concurrency < 1
            ? 0
            : (int)Math.Floor(remaining.TotalSeconds * InProcessShare * concurrency / PerAccountBudget.TotalSeconds);

    /// <summary>
    /// How long a member stays invisible after its <paramref name="receiveCount"/>th delivery failed: FirstRetryDelay ×
    /// 2^(receiveCount−1), capped at MaxRetryDelay, then between half and all of that (<paramref name="jitter"/> in [0, 1)).
    /// </summary>
    public TimeSpan RetryDelay(int receiveCount, double jitter)
    {
        var exponent = Math.Clamp(receiveCount - 1, 0, 30);
        var full = Math.Min(FirstRetryDelay.TotalSeconds * Math.Pow(2, exponent), MaxRetryDelay.TotalSeconds);
        return TimeSpan.FromSeconds(Math.Ceiling(full * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1)))));
    }
}

/// <summary>What a run did with its accounts: evaluate them in-process (the listing) or queue them.</summary>
/// <param name="RunId">The run's id.</param>
/// <param name="InProcess">The whole listing, when it is small enough for this invocation; null when the members were queued.</param>
/// <param name="Enqueued">Members queued (0 in-process).</param>
/// <param name="Listed">Active members listed.</param>
/// <param name="Skipped">Accounts left out (suspended, closed), with why.</param>
/// <param name="Duration">Time spent listing (and queuing).</param>
public sealed record OrgDispatch(
    string RunId, AccountListing? InProcess, int Enqueued, int Listed, IReadOnlyList<SkippedAccount> Skipped, TimeSpan Duration);

/// <summary>
/// Starts an organization run: lists the accounts page by page and, once they outnumber what this invocation can
/// evaluate (<see cref="OrgFanOutOptions.InProcessLimit"/>), queues every member, ten per SendMessageBatch, with sends
/// in flight while later pages load. A smaller organization comes back whole, to be evaluated in-process.
/// </summary>
public sealed class OrgRunDispatcher(IAccountDirectory directory, IMemberFanOut queue, TimeProvider clock, OrgFanOutOptions options)
{
    /// <summary>
    /// Lists and, past <paramref name="inProcessLimit"/> members, queues. Throws <see cref="AwsCallException"/> when a page
    /// cannot be read or a member cannot be queued; members queued before that are evaluated anyway, and a retried run
    /// queues them again (a second evaluation of a member is harmless).
    /// </summary>
    public async Task<OrgDispatch> DispatchAsync(
        string runId, string trigger, bool checkEventPath, int inProcessLimit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(trigger);
        if (!OrgRunId.IsValid(runId))
        {
            throw new ArgumentException($"'{runId}' is not a run id.", nameof(runId));
        }

        var started = clock.GetTimestamp();
        var members = new HashSet<string>(StringComparer.Ordinal);
        var held = new List<MemberAccount>();
        var skipped = new List<SkippedAccount>();
        await using var sender = new BatchSender(queue, Math.Max(1, options.SendsInFlight), cancellationToken);
        var queuing = false;
        await foreach (var page in directory.ListPagesAsync(cancellationToken).ConfigureAwait(false))
        {
            skipped.AddRange(page.Skipped);
            foreach (var account in page.Active.Where(a => members.Add(a.AccountId)))
            {
                held.Add(account);
            }

            if (!queuing && members.Count > inProcessLimit)
            {
                queuing = true;
            }

            if (queuing)
            {
                // Full batches go now; a partial one waits for the next page (or the end of the list).
                var full = held.Count - (held.Count % IMemberFanOut.MaxBatch);
                await QueueAsync(sender, held.GetRange(0, full), runId, trigger, checkEventPath).ConfigureAwait(false);
                held.RemoveRange(0, full);
            }
        }

        if (!queuing)
        {
            return new OrgDispatch(runId, new AccountListing(held, skipped), 0, members.Count, skipped, clock.GetElapsedTime(started));
        }

        await QueueAsync(sender, held, runId, trigger, checkEventPath).ConfigureAwait(false);
        await sender.CompleteAsync().ConfigureAwait(false);
        return new OrgDispatch(runId, null, members.Count, members.Count, skipped, clock.GetElapsedTime(started));
    }

    private async Task QueueAsync(BatchSender sender, List<MemberAccount> accounts, string runId, string trigger, bool checkEventPath)
    {
        var now = clock.GetUtcNow();
        foreach (var chunk in accounts.Chunk(IMemberFanOut.MaxBatch))
        {
            await sender.SendAsync([.. chunk.Select(a => new MemberWorkItem(
                runId, a.AccountId, WorkItemCodec.IsAccountName(a.Name) ? a.Name : null, trigger, checkEventPath, now))]).ConfigureAwait(false);
        }
    }

    // SendMessageBatch calls in flight at once, bounded; the first failure fails the run (after the calls in flight end).
    private sealed class BatchSender(IMemberFanOut queue, int inFlight, CancellationToken cancellationToken) : IAsyncDisposable
    {
        private readonly SemaphoreSlim _slots = new(inFlight, inFlight);
        private readonly List<Task> _sends = [];

        public async Task SendAsync(IReadOnlyList<MemberWorkItem> batch)
        {
            await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            var failed = _sends.FirstOrDefault(t => t.IsFaulted || t.IsCanceled);
            if (failed is not null)
            {
                _slots.Release();
                await failed.ConfigureAwait(false);
            }

            _sends.RemoveAll(t => t.IsCompletedSuccessfully);
            _sends.Add(SendOneAsync(batch));
        }

        public Task CompleteAsync() => Task.WhenAll(_sends);

        private async Task SendOneAsync(IReadOnlyList<MemberWorkItem> batch)
        {
            try
            {
                await queue.SendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }
        }

        // A run that fails while sends are in flight lets them end before it reports: nothing is left running unseen.
        public async ValueTask DisposeAsync()
        {
            try
            {
                await Task.WhenAll(_sends).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AwsCallException or OperationCanceledException)
            {
                // Reported by CompleteAsync or SendAsync; a run that already failed reports its own cause.
            }

            _slots.Dispose();
        }
    }
}

/// <summary>An account listing already read, served as a directory (a run evaluated in-process after its dispatch).</summary>
/// <param name="listing">The accounts.</param>
public sealed class ListedAccountDirectory(AccountListing listing) : IAccountDirectory
{
    /// <inheritdoc />
    public Task<AccountListing> ListAsync(CancellationToken cancellationToken) => Task.FromResult(listing);
}
