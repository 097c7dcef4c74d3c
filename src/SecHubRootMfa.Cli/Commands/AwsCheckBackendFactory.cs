using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.CloudTrail;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Core.EventPath;
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
        var partition = AwsPartition.ForRegion(region);
        var rules = settings.EventRules?.Select(arn => EventRuleReference.TryParse(arn, partition, out var problem)
            ?? throw new ArgumentException($"--event-rules '{arn}' {problem}.")).ToList();
        var hub = clients.CreateSecurityHub();
        // The CLI's clients live for one command; the process ends right after.
        var cloudTrail = new RegionalClients<IAmazonCloudTrail>(r => new AwsClientFactory(options with { Region = r }).CreateCloudTrail());
        var eventBridge = new RegionalClients<IAmazonEventBridge>(r => new AwsClientFactory(options with { Region = r }).CreateEventBridge());
        var probe = new AwsEventPathProbe(cloudTrail.In, eventBridge.In, null, new EventPathTargets(partition.GlobalEventsRegion)
        {
            Rules = rules,
            RulesNotChecked = "the CLI does not know the deployment's rules; pass --event-rules with the stack output eventRules",
        }, TimeProvider.System);
        var service = new RootMfaCheckService(
            new IamRootMfaStateSource(clients.CreateIdentityManagement(), TimeProvider.System),
            new VerdictFirstFindingStore(new SecurityHubFindingStore(hub, new SecurityHubFindingImporter(hub, options.Retry.ImporterOptions(), TimeProvider.System), region, accountId)),
            changes: null,
            new RootMfaFindingBuilder(deployment),
            deployment,
            new CheckOptions { ProfileOverride = settings.Level, Mode = settings.Mode },
            TimeProvider.System,
            new ProgressLog(progress),
            probe);
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
