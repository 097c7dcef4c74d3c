using System.Text;
using Amazon.Runtime;
using SecHubRootMfa.Aws.EventBridge.Model;

namespace SecHubRootMfa.Aws.EventBridge;

/// <summary>The outcome of one event: stored with an EventId, or failed with EventBridge's (or our) error code.</summary>
/// <param name="Entry">The entry as given.</param>
/// <param name="EventId">The stored event's id; null when it failed.</param>
/// <param name="ErrorCode">Why it failed; null when stored.</param>
/// <param name="ErrorMessage">The failure in words; null when stored.</param>
/// <param name="Attempts">How many PutEvents calls carried this entry.</param>
public sealed record EventPublishOutcome(PutEventsRequestEntry Entry, string? EventId, string? ErrorCode, string? ErrorMessage, int Attempts)
{
    /// <summary>True when EventBridge stored the event.</summary>
    public bool Published => EventId is not null && ErrorCode is null;
}

/// <summary>Puts any number of events, honouring PutEvents' limits.</summary>
public interface IEventPublisher
{
    /// <summary>Publishes the entries; every one appears in the result, in input order.</summary>
    Task<IReadOnlyList<EventPublishOutcome>> PublishAsync(IReadOnlyList<PutEventsRequestEntry> entries, CancellationToken cancellationToken = default);
}

/// <summary>
/// Splits entries into PutEvents calls of at most 10 entries and 256 KB, retries entries EventBridge failed with a
/// transient code (InternalFailure, throttling) a bounded number of times and reports the rest.
/// </summary>
public sealed class EventPublisher(IAmazonEventBridge eventBridge, TimeProvider timeProvider, int maxEntryRetries = 3, TimeSpan? retryBaseDelay = null)
    : IEventPublisher
{
    /// <summary>PutEvents' limit on entries per call.</summary>
    public const int MaxEntriesPerCall = 10;

    /// <summary>PutEvents' limit on the summed entry sizes per call (256 KB).</summary>
    public const int MaxCallBytes = 256 * 1024;

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "InternalFailure", "InternalException", "ThrottlingException", "Throttling", "TooManyRequestsException", "ServiceUnavailable",
    };

    /// <summary>True for a per-entry error code that a later retry may clear (throttling, internal errors).</summary>
    public static bool IsTransient(string? errorCode) => errorCode is not null && TransientCodes.Contains(errorCode);

    private readonly TimeSpan _baseDelay = retryBaseDelay ?? TimeSpan.FromMilliseconds(200);

    /// <summary>Uses the system clock, 3 retries and a 200 ms base delay.</summary>
    public EventPublisher(IAmazonEventBridge eventBridge)
        : this(eventBridge, TimeProvider.System)
    {
    }

    /// <summary>The size EventBridge counts for an entry: UTF-8 of Source, DetailType, Detail, Resources, plus 14 for Time.</summary>
    public static int EntrySize(PutEventsRequestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var size = entry.Time is null ? 0 : 14;
        size += Encoding.UTF8.GetByteCount(entry.Source ?? string.Empty);
        size += Encoding.UTF8.GetByteCount(entry.DetailType ?? string.Empty);
        size += Encoding.UTF8.GetByteCount(entry.Detail ?? string.Empty);
        size += (entry.Resources ?? []).Sum(r => Encoding.UTF8.GetByteCount(r ?? string.Empty));
        return size;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<EventPublishOutcome>> PublishAsync(
        IReadOnlyList<PutEventsRequestEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var outcomes = new EventPublishOutcome?[entries.Count];
        var attempts = new int[entries.Count];
        var pending = new List<int>();
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException($"Entry #{i} is null.", nameof(entries));
            if (EntrySize(entry) > MaxCallBytes)
            {
                outcomes[i] = new EventPublishOutcome(entry, null, "EntryTooLarge", $"The entry is larger than {MaxCallBytes} bytes.", 0);
            }
            else
            {
                pending.Add(i);
            }
        }

        for (var round = 0; pending.Count > 0; round++)
        {
            if (round > 0)
            {
                var delay = _baseDelay.TotalMilliseconds * Math.Pow(2, round - 1);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(delay, 5000) * (0.5 + (Random.Shared.NextDouble() / 2))), timeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }

            var retry = new List<int>();
            foreach (var call in Calls(entries, pending))
            {
                await PutAsync(entries, call, outcomes, attempts, retry, round >= maxEntryRetries, cancellationToken).ConfigureAwait(false);
            }

            pending = retry;
        }

        return outcomes.Select(o => o!).ToList();
    }

    private static IEnumerable<List<int>> Calls(IReadOnlyList<PutEventsRequestEntry> entries, List<int> pending)
    {
        var call = new List<int>();
        var size = 0;
        foreach (var index in pending)
        {
            var entrySize = EntrySize(entries[index]);
            if (call.Count > 0 && (call.Count >= MaxEntriesPerCall || size + entrySize > MaxCallBytes))
            {
                yield return call;
                call = [];
                size = 0;
            }

            call.Add(index);
            size += entrySize;
        }

        if (call.Count > 0)
        {
            yield return call;
        }
    }

    private async Task PutAsync(
        IReadOnlyList<PutEventsRequestEntry> entries, List<int> call, EventPublishOutcome?[] outcomes, int[] attempts, List<int> retry,
        bool lastRound, CancellationToken cancellationToken)
    {
        foreach (var index in call)
        {
            attempts[index]++;
        }

        PutEventsResponse response;
        try
        {
            response = await eventBridge.PutEventsAsync(
                new PutEventsRequest { Entries = call.Select(i => entries[i]).ToList() }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException e) when (e is not AccessDeniedException)
        {
            foreach (var index in call)
            {
                outcomes[index] = new EventPublishOutcome(entries[index], null, e.ErrorCode ?? "CallFailed", e.Message, attempts[index]);
            }

            return;
        }

        var results = response.Entries ?? [];
        if (results.Count != call.Count)
        {
            // Results are matched by position; a different count makes every entry's state unknown.
            foreach (var index in call)
            {
                outcomes[index] = new EventPublishOutcome(entries[index], null, "InconsistentResponse",
                    $"EventBridge returned {results.Count} results for {call.Count} entries.", attempts[index]);
            }

            return;
        }

        for (var position = 0; position < call.Count; position++)
        {
            var index = call[position];
            var result = results[position];
            if (result.ErrorCode is null && !string.IsNullOrEmpty(result.EventId))
            {
                outcomes[index] = new EventPublishOutcome(entries[index], result.EventId, null, null, attempts[index]);
                continue;
            }

            var code = result.ErrorCode ?? "Unknown";
            if (!lastRound && TransientCodes.Contains(code))
            {
                retry.Add(index);
            }

            outcomes[index] = new EventPublishOutcome(entries[index], null, code, result.ErrorMessage, attempts[index]);
        }
    }
}
