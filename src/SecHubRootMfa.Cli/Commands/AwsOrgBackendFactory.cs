using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>
/// The organization runner over the standard AWS credential chain (run it with the delegated administrator's
/// credentials), <c>AWS_ENDPOINT_URL*</c> overrides and the member audit role.
/// </summary>
public sealed class AwsOrgBackendFactory(Func<string, string?> getEnvironmentVariable, TextWriter progress) : IOrgBackendFactory
{
    /// <inheritdoc />
    public Task<OrgCheckRunner> CreateAsync(OrgSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = AwsEnvironment.ClientOptions(settings.Region, settings.Profile, getEnvironmentVariable);
        var region = options.Region!;
        var clients = new AwsClientFactory(options);
        var sts = clients.CreateSecurityTokenService();
        IAccountDirectory directory = settings.Accounts.Count > 0
            ? new ExplicitAccountDirectory(settings.Accounts)
            : new OrganizationsAccountDirectory(clients.CreateOrganizations());
        var limiter = new SecurityHubRequestLimiter();
        var access = new AssumeRoleMemberAccess(
            sts, options, new MemberRoleSettings(settings.RoleName, settings.RolePath, settings.ExternalId), limiter,
            settings.RootInventory ? new AssumeRootDeviceReader(sts, options) : null, TimeProvider.System);
        var runOptions = new OrgRunOptions
        {
            HomeRegion = region,
            Concurrency = settings.Concurrency,
            Check = new CheckOptions { ProfileOverride = settings.Level, Mode = settings.Mode },
        };
        var log = new QuietLog(progress);
        // --import writes as the function does: members' findings into their own Security Hub, and each member the run
        // cannot reach into the caller's (the administrator's) own.
        var reachability = settings.Import
            ? new MemberReachabilityRecorder(
                new SecurityHubAdministratorFindings(sts, clients.CreateSecurityHub(), limiter, options.Retry.ImporterOptions(), region, TimeProvider.System),
                runOptions, TimeProvider.System, log)
            : null;
        return Task.FromResult(new OrgCheckRunner(directory, access, runOptions, TimeProvider.System, log, reachability: reachability));
    }

    private sealed class QuietLog(TextWriter writer) : ICheckLog
    {
        public void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay)
        {
        }

        public void ConsistencyGaveUp(string accountId, string expectation, int reads) =>
            writer.WriteLine($"{accountId}: IAM still does not show {expectation} after {reads} reads; evaluating what it says");

        public void ReachabilityNotRecorded(string? accountId, string cause) =>
            writer.WriteLine($"warning: {cause}");
    }
}
