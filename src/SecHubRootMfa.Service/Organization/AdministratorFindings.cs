using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Organization;

/// <summary>
/// The administrator account's own Security Hub (its default product in the home region), where organization mode
/// records which members it cannot reach.
/// </summary>
public interface IAdministratorFindings
{
    /// <summary>The administrator's account id (owner of the product); throws <see cref="AwsCallException"/> when it cannot be learnt.</summary>
    Task<string> AccountIdAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The findings of <paramref name="productArn"/> with <paramref name="generatorId"/>, every page; only the one with
    /// <paramref name="findingId"/> when it is given. Throws <see cref="AwsCallException"/> when Security Hub cannot be read.
    /// </summary>
    Task<IReadOnlyList<AwsSecurityFinding>> FindAsync(string productArn, string generatorId, string? findingId, CancellationToken cancellationToken);

    /// <summary>
    /// Imports the findings; returns the cause for each one Security Hub did not take, by Id (empty when all were taken).
    /// Throws <see cref="AwsCallException"/> when the import itself is refused (access denied, Security Hub not enabled).
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> ImportAsync(IReadOnlyList<AwsSecurityFinding> findings, CancellationToken cancellationToken);
}

/// <summary>What one attempt left in the administrator's reachability finding for a member.</summary>
/// <param name="FindingId">The member's reachability finding Id in the administrator's Security Hub; null when the administrator's account is unknown.</param>
/// <param name="State">Reachable, unreachable or unconfirmed after the attempt.</param>
/// <param name="Written">True when this attempt imported the finding (a reachable member that never failed has none).</param>
/// <param name="Error">Why the finding could not be read or written; null when all went well.</param>
public sealed record MemberReachabilityRecord(string? FindingId, MemberReachState State, bool Written, string? Error = null);
