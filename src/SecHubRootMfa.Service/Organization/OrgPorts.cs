using System.Runtime.CompilerServices;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Organization;

/// <summary>An account to evaluate.</summary>
/// <param name="AccountId">The 12-digit id.</param>
/// <param name="Name">The account's name in the organization, when known.</param>
public sealed record MemberAccount(string AccountId, string? Name = null);

/// <summary>An account the run leaves out, and why (suspended, closed, not a valid id).</summary>
public sealed record SkippedAccount(string AccountId, string Reason);

/// <summary>The accounts of one run: those to evaluate and those skipped.</summary>
public sealed record AccountListing(IReadOnlyList<MemberAccount> Active, IReadOnlyList<SkippedAccount> Skipped);

/// <summary>Where the run's accounts come from: Organizations ListAccounts or an explicit list.</summary>
public interface IAccountDirectory
{
    /// <summary>Lists the accounts; throws <see cref="AwsCallException"/> when the list cannot be read.</summary>
    Task<AccountListing> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The same accounts in pages as they are read, each account once across all pages, so a run can start evaluating
    /// before the list is complete; throws <see cref="AwsCallException"/> where a page cannot be read. Default: one page.
    /// </summary>
    async IAsyncEnumerable<AccountListing> ListPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return await ListAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Opens a session in a member account (in production: sts:AssumeRole into its audit role).</summary>
public interface IMemberAccess
{
    /// <summary>
    /// Returns the member's own IAM reader and Security Hub store; throws <see cref="AwsCallException"/> when the
    /// account cannot be entered (role missing, trust or external id refused, throttled).
    /// </summary>
    Task<IMemberSession> OpenAsync(string accountId, CancellationToken cancellationToken);
}

/// <summary>One member account's clients, valid for the short session they were opened with.</summary>
public interface IMemberSession : IDisposable
{
    /// <summary>Reads the member's root MFA state (with the root device inventory where it is enabled).</summary>
    IRootMfaStateSource State { get; }

    /// <summary>The member's own Security Hub (its default product), rate limited per account and region.</summary>
    IFindingStore Findings { get; }

    /// <summary>Checks the member's event path through its audit role; null when not configured.</summary>
    IEventPathProbe? EventPath => null;
}

/// <summary>Reads root's MFA devices of a member account (sts:AssumeRoot + iam:ListMFADevices).</summary>
public interface IRootDeviceReader
{
    /// <summary>
    /// The inventory; throws <see cref="AwsCallException"/> when it cannot be read (for example centralized root
    /// access is not enabled in the organization).
    /// </summary>
    Task<RootMfaInventory> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken);
}
