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

    /// <summary>How long the account list is trusted when deciding whether an event's account is a member. Default 15 minutes.</summary>
    public TimeSpan MembershipCacheTime { get; init; } = TimeSpan.FromMinutes(15);
}
