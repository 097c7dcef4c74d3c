using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>
/// For <c>check --import</c>: when the existing finding cannot be read (Security Hub not enabled, denied, unreachable),
/// the account is still evaluated and the read's error is raised at import time, so the person sees the verdict first
/// and then why it did not reach Security Hub. The function keeps failing fast instead (nothing to show there).
/// </summary>
internal sealed class VerdictFirstFindingStore(IFindingStore inner) : IFindingStore
{
    private AwsCallException? _readFailure;

    public async Task<ExistingFinding?> GetAsync(string findingId, string productArn, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.GetAsync(findingId, productArn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsCallException ex)
        {
            _readFailure = ex;
            return null;
        }
    }

    public Task ImportAsync(AwsSecurityFinding finding, CancellationToken cancellationToken) =>
        _readFailure is { } failure ? Task.FromException(failure) : inner.ImportAsync(finding, cancellationToken);
}
