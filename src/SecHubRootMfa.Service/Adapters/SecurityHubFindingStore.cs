using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Aws.SecurityHub.Model;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>Reads our finding with securityhub:GetFindings and writes it with securityhub:BatchImportFindings.</summary>
/// <param name="hub">The Security Hub client of the home region.</param>
/// <param name="region">The home region, for error messages.</param>
/// <param name="accountId">The importing account, for error messages.</param>
/// <param name="importer">Imports with per-finding retries of transient failures.</param>
public sealed class SecurityHubFindingStore(IAmazonSecurityHub hub, ISecurityHubFindingImporter importer, string region, string accountId)
    : IFindingStore
{
    /// <inheritdoc />
    public async Task<ExistingFinding?> GetAsync(string findingId, string productArn, CancellationToken cancellationToken)
    {
        GetFindingsResponse response;
        try
        {
            response = await hub.GetFindingsAsync(
                new GetFindingsRequest
                {
                    Filters = new AwsSecurityFindingFilters
                    {
                        Id = [new StringFilter { Value = findingId, Comparison = StringFilterComparison.EQUALS }],
                        ProductArn = [new StringFilter { Value = productArn, Comparison = StringFilterComparison.EQUALS }],
                    },
                    MaxResults = 1,
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "securityhub:GetFindings", region, accountId);
        }

        var finding = response.Findings?.FirstOrDefault(f => f.Id == findingId);
        return finding is null
            ? null
            : ExistingFinding.FromStored(finding.CreatedAt, finding.FirstObservedAt, finding.UpdatedAt, finding.Compliance?.Status,
                finding.ProductFields, WorkflowStatus(finding.Workflow?.Status));
    }

    /// <inheritdoc />
    public async Task ImportAsync(AwsSecurityFinding finding, CancellationToken cancellationToken)
    {
        FindingImportResult result;
        try
        {
            result = await importer.ImportAsync([finding], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "securityhub:BatchImportFindings", region, accountId);
        }

        var outcome = result.Outcomes.Single();
        if (!outcome.Imported)
        {
            throw new AwsCallException(
                SecurityHubFindingImporter.IsTransient(outcome.ErrorCode) ? AwsFailureKind.Transient : AwsFailureKind.Permanent,
                $"Security Hub in {region} rejected finding {AwsErrors.Plain(outcome.Id, 128)} after {outcome.Attempts} attempt(s): "
                + $"{AwsErrors.Plain(outcome.ErrorCode, 64)}: {AwsErrors.Plain(outcome.ErrorMessage ?? "no message")}");
        }
    }

    // Security Hub's four values only: anything else (or a huge string) from the wire is not echoed into output.
    private static string? WorkflowStatus(string? value) =>
        value is "NEW" or "NOTIFIED" or "SUPPRESSED" or "RESOLVED" ? value : null;
}
