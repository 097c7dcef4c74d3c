using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Service.Checking;

/// <summary>How the service evaluates accounts.</summary>
public sealed record CheckOptions
{
    /// <summary>Accounts held to Level 1 (virtual MFA accepted); every other account is Level 2.</summary>
    public IReadOnlySet<string> Level1Accounts { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Overrides the profile for every account (the CLI's <c>--level</c>); null uses <see cref="Level1Accounts"/>.</summary>
    public PolicyProfile? ProfileOverride { get; init; }

    /// <summary>How Level 2 accounts with several root devices are judged. Default strict (any virtual device fails).</summary>
    public MfaPolicyMode Mode { get; init; } = MfaPolicyMode.Strict;

    /// <summary>Extra IAM reads when an event's effect is not yet visible. Default 3.</summary>
    public int ConsistencyRetries { get; init; } = 3;

    /// <summary>Delay before each extra read; doubles each time. Default 2 seconds.</summary>
    public TimeSpan ConsistencyDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The profile for one account.</summary>
    public PolicyProfile ProfileFor(string accountId) =>
        ProfileOverride ?? (Level1Accounts.Contains(accountId) ? PolicyProfile.Level1 : PolicyProfile.Level2);
}
