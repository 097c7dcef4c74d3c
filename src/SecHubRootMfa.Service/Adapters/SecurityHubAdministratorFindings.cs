using Amazon.SecurityToken;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>
/// The administrator's own Security Hub with the administrator's own credentials: sts:GetCallerIdentity (no permission
/// needed) names the account once, then GetFindings and BatchImportFindings on its default product, within Security
/// Hub's per-account quota shared with the run's other calls.
/// </summary>
/// <param name="sts">The administrator's STS client.</param>
/// <param name="hub">The administrator's Security Hub client in the home region.</param>
/// <param name="limiter">The run's Security Hub quota.</param>
/// <param name="importer">Options of the batch importer (batch size, retries of rejected findings).</param>
/// <param name="region">The home region.</param>
/// <param name="clock">For the importer's retry delays.</param>
public sealed class SecurityHubAdministratorFindings(
    IAmazonSecurityTokenService sts, IAmazonSecurityHub hub, SecurityHubRequestLimiter limiter, FindingImporterOptions importer, string region,
    TimeProvider clock) : IAdministratorFindings, IDisposable
{
    // A bound on pages, so a NextToken that never ends cannot hold a run: 100 findings a page, far more members than an
    // organization can have.
    private const int MaxPages = 2_000;

    private readonly Lock _gate = new();
    private (string Account, RateLimitedSecurityHub Hub, SecurityHubFindingImporter Importer)? _resolved;

    /// <inheritdoc />
    public async Task<string> AccountIdAsync(CancellationToken cancellationToken) =>
        (await ResolveAsync(cancellationToken).ConfigureAwait(false)).Account;

    /// <inheritdoc />
    public async Task<IReadOnlyList<AwsSecurityFinding>> FindAsync(string productArn, string generatorId, string? findingId, CancellationToken cancellationToken)
    {
        var (account, client, _) = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<AwsSecurityFinding>();
        string? next = null;
        for (var page = 0; page < MaxPages; page++)
        {
            GetFindingsResponse response;
            try
            {
                response = await client.GetFindingsAsync(new GetFindingsRequest
                {
                    Filters = new AwsSecurityFindingFilters
                    {
                        ProductArn = [new StringFilter { Value = productArn, Comparison = StringFilterComparison.EQUALS }],
                        GeneratorId = [new StringFilter { Value = generatorId, Comparison = StringFilterComparison.EQUALS }],
                        Id = findingId is null ? null : [new StringFilter { Value = findingId, Comparison = StringFilterComparison.EQUALS }],
                    },
                    MaxResults = 100,
                    NextToken = next,
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw AwsErrors.Classify(ex, "securityhub:GetFindings", region, account);
            }

            found.AddRange(response.Findings ?? []);
            next = string.IsNullOrEmpty(response.NextToken) ? null : response.NextToken;
            if (next is null)
            {
                return found;
            }
        }

        throw new AwsCallException(AwsFailureKind.Transient,
            $"securityhub:GetFindings in {region} for account {account} still had more pages after {MaxPages}; the listing was abandoned.");
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ImportAsync(IReadOnlyList<AwsSecurityFinding> findings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var (account, _, batches) = await ResolveAsync(cancellationToken).ConfigureAwait(false);
        FindingImportResult result;
        try
        {
            result = await batches.ImportAsync(findings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "securityhub:BatchImportFindings", region, account);
        }

        return result.Failed.ToDictionary(
            o => o.Id,
            o => $"Security Hub in {region} rejected finding {AwsErrors.Plain(o.Id, 128)} after {o.Attempts} attempt(s): "
                + $"{AwsErrors.Plain(o.ErrorCode, AwsErrors.MaxIdLength)}: {AwsErrors.Plain(o.ErrorMessage ?? "no message")}",
            StringComparer.Ordinal);
    }

    /// <summary>Disposes the Security Hub client.</summary>
    public void Dispose() => hub.Dispose();

    private async Task<(string Account, RateLimitedSecurityHub Hub, SecurityHubFindingImporter Importer)> ResolveAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_resolved is { } known)
            {
                return known;
            }
        }

        var account = await CallerAccount.ResolveAsync(sts, region, cancellationToken).ConfigureAwait(false);

        lock (_gate)
        {
            if (_resolved is null)
            {
                // Not disposed here: the inner client is this adapter's, disposed with it.
                var limited = new RateLimitedSecurityHub(hub, limiter, account, region);
                _resolved = (account, limited, new SecurityHubFindingImporter(limited, importer, clock));
            }

            return _resolved.Value;
        }
    }
}
