using System.Runtime.CompilerServices;
using SecHubRootMfa.Aws.Organizations.Model;

namespace SecHubRootMfa.Aws.Organizations;

/// <summary>Walks Organizations' NextToken paging to the end, with a hard page limit.</summary>
public static class OrganizationsPaging
{
    /// <summary>At most this many pages are read (20 accounts each: 200,000 accounts) before giving up.</summary>
    public const int MaxPages = 10_000;

    /// <summary>
    /// Every account of the organization (any state), across all pages. Empty pages with a NextToken are followed,
    /// as AWS documents they can occur.
    /// </summary>
    /// <exception cref="InvalidOperationException">Organizations repeated a token or paged past <see cref="MaxPages"/>.</exception>
    public static async Task<List<Account>> ListAllAccountsAsync(this IAmazonOrganizations client, CancellationToken cancellationToken = default)
    {
        var accounts = new List<Account>();
        await foreach (var page in client.ListAccountPagesAsync(cancellationToken).ConfigureAwait(false))
        {
            accounts.AddRange(page);
        }

        return accounts;
    }

    /// <summary>
    /// The same pages one at a time, as each arrives, so a caller can start on the first while later ones load.
    /// </summary>
    /// <exception cref="InvalidOperationException">Organizations repeated a token or paged past <see cref="MaxPages"/>.</exception>
    public static async IAsyncEnumerable<IReadOnlyList<Account>> ListAccountPagesAsync(
        this IAmazonOrganizations client, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var response = await client.ListAccountsAsync(new ListAccountsRequest { NextToken = token, MaxResults = 20 }, cancellationToken)
                .ConfigureAwait(false);
            yield return response.Accounts ?? [];
            if (response.NextToken is null)
            {
                yield break;
            }

            if (!seenTokens.Add(response.NextToken))
            {
                throw new InvalidOperationException("Organizations ListAccounts repeated a NextToken; refusing to loop.");
            }

            token = response.NextToken;
        }

        throw new InvalidOperationException($"Organizations ListAccounts returned more than {MaxPages} pages; refusing to continue.");
    }
}
