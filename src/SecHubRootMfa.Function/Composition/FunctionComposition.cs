using SecHubRootMfa.Aws;
using SecHubRootMfa.Aws.EventBridge;
using SecHubRootMfa.Aws.IdentityManagement;
using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Aws.SecurityHub;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Function.Configuration;
using SecHubRootMfa.Function.Handling;
using SecHubRootMfa.Function.Routing;
using SecHubRootMfa.Function.Runtime;
using SecHubRootMfa.Function.Telemetry;
using SecHubRootMfa.Service.Adapters;
using SecHubRootMfa.Service.Checking;
using SecHubRootMfa.Service.Organization;
using SecHubRootMfa.Service.Ports;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Aws.CloudTrail;

namespace SecHubRootMfa.Function.Composition;

/// <summary>Wires options, AWS clients and the handler once per sandbox (the Lambda init phase).</summary>
public static class FunctionComposition
{
    /// <summary>
    /// Parses configuration (an invalid value is an init error naming the variable) and builds the handler. The account
    /// id comes from the first invoked function ARN, so start-up makes no AWS call.
    /// </summary>
    public static ValueTask<ILambdaHandler> CreateHandlerAsync(LambdaHostContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = FunctionOptions.FromEnvironment(context.GetEnvironmentVariable);
        var clientOptions = new AwsClientOptions { Region = options.HomeRegion, Retry = options.Retry };
        var clients = new AwsClientFactory(clientOptions);
        if (options.Org is { } org)
        {
            return ValueTask.FromResult<ILambdaHandler>(CreateOrgHandler(context, options, org, clients, clientOptions));
        }

        // The factory validated the options above; the clients themselves wait for the first event that needs them, so
        // a sandbox that only ever sees events it ignores never builds them (a cold start's cost, not a per-call one).
        // PublicationOnly: a failed build is retried by the next invocation instead of being cached for the sandbox.
        var aws = new Lazy<RootMfaClients>(
            () => RootMfaClients.Create(clients, options.EventBus, context.Time, options.Retry, options.WorkQueue), LazyThreadSafetyMode.PublicationOnly);
        var checkLog = new CheckLog(context.Log);
        var router = EventRouter.FromEmbeddedPatterns(context.Time);
        var cloudTrail = new RegionalClients<IAmazonCloudTrail>(r => new AwsClientFactory(clientOptions with { Region = r }).CreateCloudTrail());
        var eventBridge = new RegionalClients<IAmazonEventBridge>(r => new AwsClientFactory(clientOptions with { Region = r }).CreateEventBridge());

        RootMfaCheckService ServiceFor(string accountId)
        {
            var deployment = new DeploymentContext(options.HomeRegion, accountId);
            var (iam, hub, importer, changes, recheck) = aws.Value;
            return new RootMfaCheckService(
                new IamRootMfaStateSource(iam, context.Time),
                new SecurityHubFindingStore(hub, importer, options.HomeRegion, accountId),
                changes,
                new RootMfaFindingBuilder(deployment),
                deployment,
                new CheckOptions { Level1Accounts = options.Level1Accounts, Mode = options.MfaPolicy, ChangeDelivery = Delivery(options) },
                context.Time,
                checkLog,
                new AwsEventPathProbe(cloudTrail.In, eventBridge.In, null, EventPathTargets(options), context.Time),
                recheck);
        }

        context.Log.Write(LogSeverity.Info, "function.configured", "configuration loaded",
            LogField.Of("homeRegion", options.HomeRegion), LogField.Of("eventBus", options.EventBus ?? "none"),
            LogField.Of("level1Accounts", options.Level1Accounts.Count), LogField.Of("eventRules", options.EventRules?.Count ?? 0),
            LogField.Of("workQueue", options.WorkQueue?.Name ?? "none"));
        var metrics = new MetricsWriter(Console.Out, context.Time);
        return ValueTask.FromResult<ILambdaHandler>(new RootMfaFunctionHandler(
            router, ServiceFor, context.Log, metrics, context.Time, new WorkQueueConsumer(options.WorkQueue, context.Log, metrics, context.Time)));
    }

    /// <summary>What the function's own event-path check reads: trails in the partition's events region and the stack's rules.</summary>
    internal static EventPathTargets EventPathTargets(FunctionOptions options) =>
        new(AwsPartition.ForRegion(options.HomeRegion).GlobalEventsRegion)
        {
            Rules = options.EventRules,
            RulesNotChecked = options.EventRules is null ? $"{FunctionOptions.EventRulesVariable} is not set, so the function does not know its rules" : null,
        };

    // Org mode: the administrator's own credentials list accounts and assume member roles; members' findings go to
    // their own Security Hub. Clients live for the sandbox; the rate limiter is shared by every invocation.
    // Bus "none": nobody wants change events, so findings keep no outbox of undeliverable ones.
    private static ChangeDelivery Delivery(FunctionOptions options) =>
        options.EventBus is null ? ChangeDelivery.Disabled : ChangeDelivery.Required;

    // The central bus's rules are the administrator's and the same for every member: read them once per window with the
    // administrator's credentials. Each member's trail, forwarding rules and queue are read through its audit role.
    private static MemberEventPathSettings MemberEventPath(FunctionOptions options, OrgModeOptions org, AwsClientOptions clientOptions, TimeProvider time)
    {
        var eventBridge = new RegionalClients<IAmazonEventBridge>(r => new AwsClientFactory(clientOptions with { Region = r }).CreateEventBridge());
        var shared = options.EventRules is { } rules ? new SharedRuleCheck(eventBridge.In, rules, time, SharedRuleCheck.DefaultWindow) : null;
        return new MemberEventPathSettings(org.MemberForwardRules, org.MemberForwardQueue, shared is null ? null : shared.ReadAsync);
    }

    private static OrgFunctionHandler CreateOrgHandler(
        LambdaHostContext context, FunctionOptions options, OrgModeOptions org, AwsClientFactory clients, AwsClientOptions clientOptions)
    {
        var sts = clients.CreateSecurityTokenService();
        IAccountDirectory directory = org.Accounts.Count > 0
            ? new ExplicitAccountDirectory(org.Accounts)
            : new OrganizationsAccountDirectory(clients.CreateOrganizations());
        // One Security Hub quota per account for the whole sandbox: the members' calls and the administrator's own.
        var limiter = new SecurityHubRequestLimiter(context.Time);
        var access = new AssumeRoleMemberAccess(
            sts,
            clientOptions,
            new MemberRoleSettings(org.AuditRoleName, org.AuditRolePath, org.ExternalId),
            limiter,
            org.RootInventory ? new AssumeRootDeviceReader(sts, clientOptions) : null,
            context.Time,
            MemberEventPath(options, org, clientOptions, context.Time));
        var runOptions = new OrgRunOptions
        {
            HomeRegion = options.HomeRegion,
            Concurrency = org.Concurrency,
            Check = new CheckOptions { Level1Accounts = options.Level1Accounts, Mode = options.MfaPolicy, ChangeDelivery = Delivery(options) },
            // The function reports statuses, never the findings themselves: keep memory flat in the number of accounts.
            KeepFindings = false,
        };
        var checkLog = new CheckLog(context.Log);
        var runner = new OrgCheckRunner(
            directory,
            access,
            runOptions,
            context.Time,
            checkLog,
            // Members' changes go to the administrator's bus, where the security team's rules already listen.
            RootMfaClients.ChangesTo(options.EventBus, clients, context.Time),
            // Members' re-checks go to the administrator's work queue, naming the member.
            RootMfaClients.RechecksTo(options.WorkQueue, clients),
            // A member the run cannot reach is recorded in the administrator's own Security Hub, where analysts triage.
            new MemberReachabilityRecorder(
                new SecurityHubAdministratorFindings(sts, clients.CreateSecurityHub(), limiter, options.Retry.ImporterOptions(), options.HomeRegion, context.Time),
                runOptions, context.Time, checkLog));
        context.Log.Write(LogSeverity.Info, "function.configured", "configuration loaded (org mode)",
            LogField.Of("eventRules", options.EventRules?.Count ?? 0), LogField.Of("memberForwardRules", org.MemberForwardRules.Count),
            LogField.Of("homeRegion", options.HomeRegion), LogField.Of("eventBus", options.EventBus ?? "none"),
            LogField.Of("accounts", org.Accounts.Count == 0 ? "organization" : $"{org.Accounts.Count} listed"),
            LogField.Of("concurrency", org.Concurrency), LogField.Of("rootInventory", org.RootInventory),
            LogField.Of("mfaPolicy", options.MfaPolicy.ToConfig()), LogField.Of("workQueue", options.WorkQueue?.Name ?? "none"));
        var metrics = new MetricsWriter(Console.Out, context.Time);
        return new OrgFunctionHandler(
            EventRouter.FromEmbeddedPatterns(context.Time), runner, AwsPartition.ForRegion(options.HomeRegion), context.Log,
            metrics, context.Time, new WorkQueueConsumer(options.WorkQueue, context.Log, metrics, context.Time));
    }
}

/// <summary>The single-account handler's clients, built once per sandbox.</summary>
internal sealed record RootMfaClients(
    IAmazonIdentityManagementService Iam, IAmazonSecurityHub Hub, SecurityHubFindingImporter Importer, IComplianceChangePublisher? Changes,
    IRecheckScheduler? Recheck = null)
{
    public static RootMfaClients Create(IAwsClientFactory clients, string? eventBus, TimeProvider time, AwsRetryPolicy retry, WorkQueueAddress? workQueue = null)
    {
        var hub = clients.CreateSecurityHub();
        return new RootMfaClients(
            clients.CreateIdentityManagement(),
            hub,
            new SecurityHubFindingImporter(hub, retry.ImporterOptions(), time),
            ChangesTo(eventBus, clients, time),
            RechecksTo(workQueue, clients));
    }

    /// <summary>Re-checks to <paramref name="workQueue"/>, or none when no work queue is configured.</summary>
    public static IRecheckScheduler? RechecksTo(WorkQueueAddress? workQueue, IAwsClientFactory clients) =>
        workQueue is null ? null : new SqsRecheckScheduler(clients.CreateSqs(), workQueue.Url);

    /// <summary>Compliance changes to <paramref name="eventBus"/>, or none when it is null (configured as "none").</summary>
    public static IComplianceChangePublisher? ChangesTo(string? eventBus, IAwsClientFactory clients, TimeProvider time) =>
        eventBus is null ? null : new EventBridgeChangePublisher(new EventPublisher(clients.CreateEventBridge(), time), eventBus);
}

/// <summary>Writes the check service's progress as structured log lines.</summary>
internal sealed class CheckLog(ILogSink log) : ICheckLog
{
    public void WaitingForConsistency(string accountId, string expectation, int reads, TimeSpan delay) =>
        log.Write(LogSeverity.Info, "iam.waiting_for_consistency", $"IAM does not yet show {expectation}; reading again",
            LogField.Of("account", accountId), LogField.Of("reads", reads), LogField.Of("delayMs", (long)delay.TotalMilliseconds));

    public void ConsistencyGaveUp(string accountId, string expectation, int reads) =>
        log.Write(LogSeverity.Warn, "iam.consistency_gave_up", $"IAM still does not show {expectation}; evaluating what it says",
            LogField.Of("account", accountId), LogField.Of("reads", reads));

    public void ChangeNotPublished(string accountId, string cause) =>
        log.Write(LogSeverity.Warn, "change.not_published", $"compliance change not published; it stays in the finding's outbox: {cause}",
            LogField.Of("account", accountId));

    public void Superseded(string accountId, string observedAt, string storedObservedAt) =>
        log.Write(LogSeverity.Info, "finding.superseded", "a newer observation is already stored; this run's older verdict was not written",
            LogField.Of("account", accountId), LogField.Of("observedAt", observedAt), LogField.Of("storedObservedAt", storedObservedAt));

    public void ChangesDropped(string accountId, int dropped) =>
        log.Write(LogSeverity.Warn, "change.dropped", $"the change outbox was full; {dropped} oldest undelivered change(s) dropped",
            LogField.Of("account", accountId), LogField.Of("dropped", dropped));

    public void OutboxNotCleared(string accountId, string cause) =>
        log.Write(LogSeverity.Warn, "change.outbox_not_cleared", $"changes delivered, but the finding still lists them; the next run redelivers them with the same ids: {cause}",
            LogField.Of("account", accountId));

    public void ReachabilityNotRecorded(string? accountId, string cause) =>
        log.Write(LogSeverity.Warn, "member_reachability.not_recorded", cause, LogField.Of("account", accountId ?? "all"));

    public void EventPathChecked(string accountId, EventPathHealth health) =>
        log.Write(health.Status == EventPathStatus.Live ? LogSeverity.Info : LogSeverity.Warn, "eventpath.checked",
            $"event path {health.Status.ToEvidence()}: {health.Reason}",
            LogField.Of("account", accountId), LogField.Of("eventPath", health.Status.ToEvidence()));

    public void RecheckScheduled(string accountId, string trigger, string recheckAt) =>
        log.Write(LogSeverity.Info, "recheck.scheduled", $"IAM cannot confirm the {trigger} event yet; the finding is marked provisional and re-checked at {recheckAt}",
            LogField.Of("account", accountId), LogField.Of("recheckAt", recheckAt));

    public void InventoryUnavailable(string accountId, string cause) =>
        log.Write(LogSeverity.Warn, "inventory.unavailable", $"root device inventory not available; the finding says so: {cause}",
            LogField.Of("account", accountId));
}
