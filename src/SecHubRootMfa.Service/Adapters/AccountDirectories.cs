using SecHubRootMfa.Aws.Organizations;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Organization;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>The organization's accounts from every page of organizations:ListAccounts; only ACTIVE ones are evaluated.</summary>
public sealed class OrganizationsAccountDirectory(IAmazonOrganizations organizations) : IAccountDirectory
{
    /// <inheritdoc />
    public async Task<AccountListing> ListAsync(CancellationToken cancellationToken)
    {
        List<Aws.Organizations.Model.Account> accounts;
        try
        {
            accounts = await organizations.ListAllAccountsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "organizations:ListAccounts");
        }

        var active = new List<MemberAccount>();
        var skipped = new List<SkippedAccount>();
        foreach (var account in accounts.DistinctBy(a => a.Id))
        {
            if (!AccountIds.IsValid(account.Id))
            {
                skipped.Add(new SkippedAccount(account.Id ?? "(none)", "Organizations returned an account without a 12-digit id."));
            }
            else if (account.IsActive)
            {
                active.Add(new MemberAccount(account.Id!, account.Name));
            }
            else
            {
                skipped.Add(new SkippedAccount(account.Id!, $"account state is {account.State ?? account.Status ?? "unknown"}"));
            }
        }

        return new AccountListing(active, skipped);
    }
}

/// <summary>A fixed list of accounts (for organizations the administrator cannot list, or a subset).</summary>
public sealed class ExplicitAccountDirectory : IAccountDirectory
{
    private readonly AccountListing _listing;

    /// <summary>Validates every id; throws <see cref="ArgumentException"/> naming the first bad one.</summary>
    public ExplicitAccountDirectory(IEnumerable<string> accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var ids = accountIds.Select(AccountIds.Require).Distinct(StringComparer.Ordinal).ToList();
        _listing = new AccountListing([.. ids.Select(id => new MemberAccount(id))], []);
    }

    /// <inheritdoc />
    public Task<AccountListing> ListAsync(CancellationToken cancellationToken) => Task.FromResult(_listing);
}
