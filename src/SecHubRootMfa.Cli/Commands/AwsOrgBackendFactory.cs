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
        var access = new AssumeRoleMemberAccess(
            sts, options, new MemberRoleSettings(settings.RoleName, settings.RolePath, settings.ExternalId), new SecurityHubRequestLimiter(),
            settings.RootInventory ? new AssumeRootDeviceReader(sts, options) : null, TimeProvider.System);
        return Task.FromResult(new OrgCheckRunner(
            directory,
            access,
            new OrgRunOptions
            {
                HomeRegion = region,
                Concurrency = settings.Concurrency,
                Check = new CheckOptions { ProfileOverride = settings.Level, Mode = settings.Mode },
            },
            TimeProvider.System,
            new QuietLog(progress)));
    }

    private sealed class QuietLog(TextWriter writer) : ICheckLog
    {
        public void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay)
        {
        }

        public void ConsistencyGaveUp(string accountId, string expectation, int reads) =>
            writer.WriteLine($"{accountId}: IAM still does not show {expectation} after {reads} reads; evaluating what it says");
    }
}
