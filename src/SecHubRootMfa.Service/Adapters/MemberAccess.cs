using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;

namespace SecHubRootMfa.Service.Adapters;

/// <summary>The member audit role every account carries (created by the org stack's StackSet).</summary>
/// <param name="RoleName">The role's name. Default <c>SecHubRootMfaAudit</c>.</param>
/// <param name="RolePath">The role's path, starting and ending with <c>/</c>. Default <c>/sechubrootmfa/</c>.</param>
/// <param name="ExternalId">The external id the role's trust policy requires; null sends none.</param>
/// <param name="SessionDuration">Credential lifetime; 15 minutes (the minimum) by default, enough for one account.</param>
public sealed record MemberRoleSettings(
    string RoleName = MemberRoleSettings.DefaultRoleName,
    string RolePath = MemberRoleSettings.DefaultRolePath,
    string? ExternalId = null,
    TimeSpan? SessionDuration = null)
{
    /// <summary>The default role name.</summary>
    public const string DefaultRoleName = "SecHubRootMfaAudit";

    /// <summary>The default role path.</summary>
    public const string DefaultRolePath = "/sechubrootmfa/";

    /// <summary>The role's ARN in <paramref name="accountId"/>.</summary>
    public string RoleArn(AwsPartition partition, string accountId) =>
        $"arn:{partition.Name}:iam::{AccountIds.Require(accountId)}:role{RolePath}{RoleName}";
}

/// <summary>What a member's event-path check reads through its audit role, and the rules shared by every member.</summary>
/// <param name="ForwardRules">The member's forwarding rules, by name, in its events region.</param>
/// <param name="ForwardQueue">The member's forwarding dead-letter queue, by name; null checks none.</param>
/// <param name="SharedRules">The administrator's own rules every member's events pass (the central bus's), read once per window.</param>
public sealed record MemberEventPathSettings(
    IReadOnlyList<string> ForwardRules, string? ForwardQueue, Func<CancellationToken, Task<IReadOnlyList<RuleObservation>>>? SharedRules = null);

/// <summary>
/// Enters member accounts with sts:AssumeRole (external id, short sessions) and builds the member's own IAM and
/// rate-limited Security Hub clients with those credentials; optionally adds root's device inventory.
/// </summary>
/// <param name="sts">The administrator's STS client.</param>
/// <param name="baseOptions">Region, endpoints, timeouts; credentials are replaced per member.</param>
/// <param name="role">Which role to assume and how.</param>
/// <param name="limiter">Security Hub's per-account quota, shared by the run.</param>
/// <param name="inventory">Reads root's devices with AssumeRoot; null leaves the inventory out.</param>
/// <param name="clock">For observations and retry delays.</param>
/// <param name="eventPath">What each member's event-path check reads; null checks none.</param>
public sealed class AssumeRoleMemberAccess(
    IAmazonSecurityTokenService sts,
    AwsClientOptions baseOptions,
    MemberRoleSettings role,
    SecurityHubRequestLimiter limiter,
    IRootDeviceReader? inventory,
    TimeProvider clock,
    MemberEventPathSettings? eventPath = null) : IMemberAccess
{
    /// <summary>The session name the administrator's CloudTrail shows for every member session.</summary>
    public const string SessionName = "sechubrootmfa-org";

    /// <inheritdoc />
    public async Task<IMemberSession> OpenAsync(string accountId, CancellationToken cancellationToken)
    {
        var region = baseOptions.Region ?? throw new InvalidOperationException("Org mode needs an explicit home region.");
        var partition = AwsPartition.ForRegion(region);
        var roleArn = role.RoleArn(partition, accountId);
        Credentials credentials;
        try
        {
            var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
            {
                RoleArn = roleArn,
                RoleSessionName = SessionName,
                ExternalId = role.ExternalId,
                DurationSeconds = (int)(role.SessionDuration ?? TimeSpan.FromMinutes(15)).TotalSeconds,
            }, cancellationToken).ConfigureAwait(false);
            credentials = response.Credentials ?? throw new InvalidOperationException("sts:AssumeRole answered without credentials.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var error = AwsErrors.Classify(ex, "sts:AssumeRole", accountId: accountId);
            throw new AwsCallException(error.Kind,
                $"Cannot enter account {accountId} through {roleArn}: {error.Message} Deploy the member audit role (org stack StackSet) and check its trust policy and external id.",
                ex);
        }

        var memberOptions = baseOptions with
        {
            Credentials = new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
        };
        var factory = new AwsClientFactory(memberOptions);
        var iam = factory.CreateIdentityManagement();
        var hub = new RateLimitedSecurityHub(factory.CreateSecurityHub(), limiter, accountId, region);
        IRootMfaStateSource state = new IamRootMfaStateSource(iam, clock);
        if (inventory is not null)
        {
            state = new InventoryStateSource(state, inventory);
        }

        var findings = new SecurityHubFindingStore(hub, new SecurityHubFindingImporter(hub, baseOptions.Retry.ImporterOptions(), clock), region, accountId);
        if (eventPath is null)
        {
            return new Session(state, findings, null, iam, hub);
        }

        // The member's own view, through its audit role: its trails (an organization trail shows as a shadow trail), its
        // forwarding rules and their dead-letter queue, all in the member's events region.
        var eventsRegion = partition.GlobalEventsRegion;
        var cloudTrail = new RegionalClients<Aws.CloudTrail.IAmazonCloudTrail>(r => new AwsClientFactory(memberOptions with { Region = r }).CreateCloudTrail());
        var eventBridge = new RegionalClients<Aws.EventBridge.IAmazonEventBridge>(r => new AwsClientFactory(memberOptions with { Region = r }).CreateEventBridge());
        var sqs = eventPath.ForwardQueue is null ? null : new AwsClientFactory(memberOptions with { Region = eventsRegion }).CreateSqs();
        var probe = new AwsEventPathProbe(cloudTrail.In, eventBridge.In, sqs, new EventPathTargets(eventsRegion)
        {
            Rules = [.. eventPath.ForwardRules.Select(name => new EventRuleReference(eventsRegion, name))],
            DeadLetterQueues = eventPath.ForwardQueue is { } queue ? [queue] : [],
            QueueOwner = accountId,
        }, clock, eventPath.SharedRules);
        List<IDisposable> clients = [iam, hub, cloudTrail, eventBridge];
        if (sqs is not null)
        {
            clients.Add(sqs);
        }

        return new Session(state, findings, probe, [.. clients]);
    }

    private sealed class Session(IRootMfaStateSource state, IFindingStore findings, IEventPathProbe? eventPath, params IDisposable[] clients) : IMemberSession
    {
        public IRootMfaStateSource State { get; } = state;

        public IFindingStore Findings { get; } = findings;

        public IEventPathProbe? EventPath { get; } = eventPath;

        public void Dispose()
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }
}

/// <summary>
/// Adds root's device inventory to what IAM's member role reads. Where the inventory cannot be read for good
/// (centralized root access not enabled, AssumeRoot denied) the observation carries the cause instead, so the finding
/// says the inventory was missing; transient failures propagate so the run is retried.
/// </summary>
public sealed class InventoryStateSource(IRootMfaStateSource inner, IRootDeviceReader reader) : IRootMfaStateSource
{
    /// <inheritdoc />
    public async Task<RootMfaObservation> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken)
    {
        var observation = await inner.ReadAsync(accountId, partition, cancellationToken).ConfigureAwait(false);
        try
        {
            return observation with { RootDevices = await reader.ReadAsync(accountId, partition, cancellationToken).ConfigureAwait(false) };
        }
        catch (AwsCallException ex) when (ex.Kind == AwsFailureKind.Permanent)
        {
            return observation with { RootDevicesError = ex.Message };
        }
    }
}

/// <summary>
/// Reads root's MFA devices: sts:AssumeRoot into the member with the IAMAuditRootUserCredentials task policy, then
/// every page of iam:ListMFADevices without a user name (the root user itself).
/// </summary>
public sealed class AssumeRootDeviceReader(IAmazonSecurityTokenService sts, AwsClientOptions baseOptions) : IRootDeviceReader
{
    /// <summary>The AWS managed task policy that allows reading root's credentials' metadata, nothing else.</summary>
    public const string AuditTaskPolicy = "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials";

    /// <inheritdoc />
    public async Task<RootMfaInventory> ReadAsync(string accountId, AwsPartition partition, CancellationToken cancellationToken)
    {
        Credentials credentials;
        try
        {
            var response = await sts.AssumeRootAsync(new AssumeRootRequest
            {
                TargetPrincipal = AccountIds.Require(accountId),
                TaskPolicyArn = new PolicyDescriptorType { Arn = AuditTaskPolicy.Replace("arn:aws:", $"arn:{partition.Name}:", StringComparison.Ordinal) },
                DurationSeconds = 900,
            }, cancellationToken).ConfigureAwait(false);
            credentials = response.Credentials ?? throw new InvalidOperationException("sts:AssumeRoot answered without credentials.");
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "sts:AssumeRoot", accountId: accountId);
        }

        using var iam = new AwsClientFactory(baseOptions with
        {
            Credentials = new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
        }).CreateIdentityManagement();
        List<Aws.IdentityManagement.Model.MFADevice> devices;
        try
        {
            devices = await iam.ListAllMFADevicesAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsErrors.Classify(ex, "iam:ListMFADevices", accountId: accountId);
        }

        return new RootMfaInventory([.. devices.Select(d => new RootMfaDevice(
            RootSerial(d.SerialNumber),
            d.EnableDate is { } date ? new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)) : null,
            accountId))]);
    }

    // Every device in this list is root's, so a serial IAM could not have issued makes the list unreadable, exactly as a
    // root device of ListVirtualMFADevices does: it would be evaluated as a kind it may not be, and it ends up in the finding.
    private static string RootSerial(string? serial) =>
        string.IsNullOrWhiteSpace(serial) ? throw new MalformedIamDataException("ListMFADevices returned a device without a SerialNumber.")
        : MfaDeviceKinds.IsValidSerial(serial) ? serial
        : throw new MalformedIamDataException(
            $"ListMFADevices returned SerialNumber '{IamRootMfaStateSource.Shown(serial)}' for root, which is not a serial number IAM issues.");
}
