using System.Runtime.CompilerServices;
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
        var active = new List<MemberAccount>();
        var skipped = new List<SkippedAccount>();
        await foreach (var page in ListPagesAsync(cancellationToken).ConfigureAwait(false))
        {
            active.AddRange(page.Active);
            skipped.AddRange(page.Skipped);
        }

        return new AccountListing(active, skipped);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AccountListing> ListPagesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // An account Organizations lists twice (its list can change between pages) is evaluated once.
        var seen = new HashSet<string?>(StringComparer.Ordinal);
        await using var pages = organizations.ListAccountPagesAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            IReadOnlyList<Aws.Organizations.Model.Account> accounts;
            try
            {
                if (!await pages.MoveNextAsync().ConfigureAwait(false))
                {
                    yield break;
                }

                accounts = pages.Current;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw AwsErrors.Classify(ex, "organizations:ListAccounts");
            }

            var active = new List<MemberAccount>();
            var skipped = new List<SkippedAccount>();
            foreach (var account in accounts.Where(a => seen.Add(a.Id)))
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

            yield return new AccountListing(active, skipped);
        }
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
