using SecHubRootMfa.Service.Checking;

namespace SecHubRootMfa.Service.Organization;

/// <summary>How an organization run evaluates its accounts.</summary>
public sealed record OrgRunOptions
{
    /// <summary>The Security Hub region every member imports into (aggregated to the administrator from there).</summary>
    public required string HomeRegion { get; init; }

    /// <summary>Accounts evaluated at the same time. Default 16; 1–256.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Profile, policy mode and consistency waits, as for one account.</summary>
    public CheckOptions Check { get; init; } = new();

    /// <summary>
    /// Whether a run's report keeps each account's finding (about 3.5 KB each, the bulk of a run's memory at 10,000
    /// accounts); false keeps only status, reason and cause. Default true. Single-account runs always return it.
    /// </summary>
    public bool KeepFindings { get; init; } = true;

    /// <summary>How long the account list is trusted when deciding whether an event's account is a member. Default 15 minutes.</summary>
    public TimeSpan MembershipCacheTime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a member's attempts may keep failing with transient errors (throttling, 5xx, timeouts) before its
    /// reachability finding in the administrator's Security Hub says unreachable; a permanent failure says so at once.
    /// Default 1 hour: longer than Lambda's retries of one event, shorter than the schedule, so a member that fails
    /// transiently on two scheduled runs in a row is reported and one throttled run is not.
    /// </summary>
    public TimeSpan UnreachableAfterTransientFailuresFor { get; init; } = TimeSpan.FromHours(1);
}
