using SecHubRootMfa.Core.EventPath;

namespace SecHubRootMfa.Service.Checking;

/// <summary>The few things the service reports while it works.</summary>
public interface ICheckLog
{
    /// <summary>IAM does not yet show what the event implies; the service will read again after <paramref name="delay"/>.</summary>
    void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay);

    /// <summary>IAM still did not show the event's effect after the last allowed read.</summary>
    void ConsistencyGaveUp(string accountId, string expectation, int reads);

    /// <summary>A best-effort run could not publish an account's compliance change; it stays in the finding's outbox.</summary>
    void ChangeNotPublished(string accountId, string cause)
    {
    }

    /// <summary>Root's device inventory was asked for but could not be read; the finding says so.</summary>
    void InventoryUnavailable(string accountId, string cause)
    {
    }

    /// <summary>A newer observation was already stored, so this run's older verdict was not written.</summary>
    void Superseded(string accountId, string observedAt, string storedObservedAt)
    {
    }

    /// <summary>This run checked the event path (live, blind or unknown); the finding records it.</summary>
    void EventPathChecked(string accountId, EventPathHealth health)
    {
    }

    /// <summary>IAM could not confirm a device removal yet: a re-check of the account is queued for <paramref name="recheckAt"/>.</summary>
    void RecheckScheduled(string accountId, string trigger, string recheckAt)
    {
    }

    /// <summary>The outbox was full; the oldest undelivered changes were dropped (and counted in the finding).</summary>
    void ChangesDropped(string accountId, int dropped)
    {
    }

    /// <summary>The changes were delivered but the finding could not be re-imported without them; the next run redelivers.</summary>
    void OutboxNotCleared(string accountId, string cause)
    {
    }

    /// <summary>
    /// Org mode: a member's reachability finding in the administrator's Security Hub could not be read or written
    /// (<paramref name="accountId"/> null: none could, the run's listing failed).
    /// </summary>
    void ReachabilityNotRecorded(string? accountId, string cause)
    {
    }
}
