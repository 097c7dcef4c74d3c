using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>
/// Builds the check from <see cref="AwsEnvironment"/> (profile, region, retries) and <c>AWS_ENDPOINT_URL*</c> overrides.
/// Finds the caller's account with sts:GetCallerIdentity (needs no permission).
/// </summary>
public sealed class AwsCheckBackendFactory(Func<string, string?> getEnvironmentVariable, TextWriter progress) : ICheckBackendFactory
{
    /// <inheritdoc />
    public async Task<CheckBackend> CreateAsync(CheckSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = AwsEnvironment.ClientOptions(settings.Region, settings.Profile, getEnvironmentVariable);
        var region = options.Region!;
        var clients = new AwsClientFactory(options);

        string accountId;
        using (var sts = clients.CreateSecurityTokenService())
        {
            accountId = await CallerAccount.ResolveAsync(sts, region, cancellationToken).ConfigureAwait(false);
        }

        var deployment = new DeploymentContext(region, accountId);
        var hub = clients.CreateSecurityHub();
        var service = new RootMfaCheckService(
            new IamRootMfaStateSource(clients.CreateIdentityManagement(), TimeProvider.System),
            new VerdictFirstFindingStore(new SecurityHubFindingStore(hub, new SecurityHubFindingImporter(hub, options.Retry.ImporterOptions(), TimeProvider.System), region, accountId)),
            changes: null,
            new RootMfaFindingBuilder(deployment),
            deployment,
            new CheckOptions { ProfileOverride = settings.Level, Mode = settings.Mode },
            TimeProvider.System,
            new ProgressLog(progress));
        return new CheckBackend(accountId, region, service);
    }

    private sealed class ProgressLog(TextWriter writer) : ICheckLog
    {
        public void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay) =>
            writer.WriteLine($"waiting {delay.TotalSeconds:0.#} s for IAM to show {expectation} (read {reads})");

        public void ConsistencyGaveUp(string accountId, string expectation, int reads) =>
            writer.WriteLine($"IAM still does not show {expectation} after {reads} reads; evaluating what it says");
    }
}
