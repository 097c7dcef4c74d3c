using SecHubRootMfa.Aws.Runtime;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;

namespace SecHubRootMfa.Function.Configuration;

/// <summary>The function's configuration, parsed once at start from environment variables.</summary>
/// <param name="HomeRegion">The Security Hub region findings go to. <c>SECHUBROOTMFA_HOME_REGION</c>, default <c>AWS_REGION</c>.</param>
/// <param name="Level1Accounts">Accounts held to Level 1. <c>SECHUBROOTMFA_LEVEL1_ACCOUNTS</c>, comma-separated, default none.</param>
/// <param name="EventBus">Bus for change events, or null for none. <c>SECHUBROOTMFA_EVENT_BUS</c>, default <c>default</c>; <c>none</c> disables.</param>
/// <remarks>Log verbosity is Lambda's own <c>AWS_LAMBDA_LOG_LEVEL</c> (the function's logging configuration).</remarks>
public sealed record FunctionOptions(string HomeRegion, IReadOnlySet<string> Level1Accounts, string? EventBus)
{
    /// <summary>Environment variable for the run mode: <c>account</c> (default) or <c>org</c>.</summary>
    public const string ModeVariable = "SECHUBROOTMFA_MODE";

    /// <summary>Environment variable for the Level 2 policy mode: <c>strict</c> (default) or <c>at-least-one-hardware</c>.</summary>
    public const string MfaPolicyVariable = "SECHUBROOTMFA_MFA_POLICY";

    /// <summary>Org mode: comma-separated accounts to evaluate; empty lists the organization with Organizations.</summary>
    public const string OrgAccountsVariable = "SECHUBROOTMFA_ORG_ACCOUNTS";

    /// <summary>Org mode: the member audit role's name (default <c>SecHubRootMfaAudit</c>).</summary>
    public const string AuditRoleNameVariable = "SECHUBROOTMFA_AUDIT_ROLE_NAME";

    /// <summary>Org mode: the member audit role's path (default <c>/sechubrootmfa/</c>).</summary>
    public const string AuditRolePathVariable = "SECHUBROOTMFA_AUDIT_ROLE_PATH";

    /// <summary>Org mode: the external id the member role's trust policy requires (required, 2–1224 characters).</summary>
    public const string ExternalIdVariable = "SECHUBROOTMFA_AUDIT_EXTERNAL_ID";

    /// <summary>Org mode: accounts evaluated at once (default 16, 1–256).</summary>
    public const string ConcurrencyVariable = "SECHUBROOTMFA_ORG_CONCURRENCY";

    /// <summary>Org mode: <c>true</c> reads root's device inventory with sts:AssumeRoot (default <c>false</c>).</summary>
    public const string RootInventoryVariable = "SECHUBROOTMFA_ROOT_INVENTORY";

    /// <summary>
    /// The deployment's own EventBridge rules, as comma-separated rule ARNs (set by the stack); scheduled runs check that
    /// each is enabled. Unset: the rules are not checked and the event path is reported as unknown.
    /// </summary>
    public const string EventRulesVariable = "SECHUBROOTMFA_EVENT_RULES";

    /// <summary>Org mode: the names of each member's forwarding rules (in its events region), comma-separated.</summary>
    public const string MemberForwardRulesVariable = "SECHUBROOTMFA_MEMBER_FORWARD_RULES";

    /// <summary>Org mode: the name of each member's forwarding dead-letter queue (in its events region).</summary>
    public const string MemberForwardQueueVariable = "SECHUBROOTMFA_MEMBER_FORWARD_DLQ";

    /// <summary>
    /// Org mode: the organization run queue's URL. Set: a run too large for one invocation queues one message per member
    /// and the function consumes them; unset: every run is evaluated in-process.
    /// </summary>
    public const string OrgRunQueueUrlVariable = "SECHUBROOTMFA_ORG_RUN_QUEUE_URL";

    /// <summary>The deployment's rules from <c>SECHUBROOTMFA_EVENT_RULES</c>; null when unset (not checked).</summary>
    public IReadOnlyList<EventRuleReference>? EventRules { get; init; }

    /// <summary>
    /// Environment variable for the work queue's URL (re-checks after a device removal IAM cannot confirm yet); unset
    /// means no queue, and such a PASSED is refused while the event is fresh instead.
    /// </summary>
    public const string WorkQueueUrlVariable = "SECHUBROOTMFA_WORK_QUEUE_URL";

    /// <summary>The work queue; null when <c>SECHUBROOTMFA_WORK_QUEUE_URL</c> is not set.</summary>
    public Handling.WorkQueueAddress? WorkQueue { get; init; }

    /// <summary>The Level 2 policy mode. <c>SECHUBROOTMFA_MFA_POLICY</c>, default strict.</summary>
    public MfaPolicyMode MfaPolicy { get; init; } = MfaPolicyMode.Strict;

    /// <summary>Org-mode settings; null in account mode.</summary>
    public OrgModeOptions? Org { get; init; }

    /// <summary>Attempts and retry mode of every AWS call, from <c>AWS_MAX_ATTEMPTS</c> and <c>AWS_RETRY_MODE</c> as the AWS CLI reads them.</summary>
    public AwsRetryPolicy Retry { get; init; } = AwsRetryPolicy.Default;

    /// <summary>Environment variable names.</summary>
    public const string HomeRegionVariable = "SECHUBROOTMFA_HOME_REGION";

    /// <summary>Environment variable for the Level 1 account list.</summary>
    public const string Level1Variable = "SECHUBROOTMFA_LEVEL1_ACCOUNTS";

    /// <summary>Environment variable for the change-event bus.</summary>
    public const string EventBusVariable = "SECHUBROOTMFA_EVENT_BUS";

    /// <summary>
    /// Parses the options; throws <see cref="FunctionConfigurationException"/> listing every invalid variable with its
    /// value and what is expected.
    /// </summary>
    public static FunctionOptions FromEnvironment(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var problems = new List<string>();

        var region = Value(getVariable, HomeRegionVariable) ?? Value(getVariable, "AWS_REGION");
        if (region is null)
        {
            problems.Add($"{HomeRegionVariable} is not set and neither is AWS_REGION: set it to the Security Hub home region, e.g. eu-west-1.");
        }
        else if (!RegionName.IsValid(region) || !TryPartition(region))
        {
            problems.Add($"{HomeRegionVariable}='{region}' is not a supported AWS region name (e.g. eu-west-1, cn-north-1, us-gov-west-1).");
        }

        var level1 = AccountList(getVariable, Level1Variable, problems).ToHashSet(StringComparer.Ordinal);

        var bus = Value(getVariable, EventBusVariable) ?? "default";
        if (bus.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            bus = null;
        }
        else if (!IsBusNameOrArn(bus))
        {
            problems.Add($"{EventBusVariable}='{bus}' is not an event bus name or ARN (or 'none').");
        }

        var policy = MfaPolicyMode.Strict;
        if (Value(getVariable, MfaPolicyVariable) is { } policyText && !MfaPolicyModes.TryParse(policyText, out policy))
        {
            problems.Add($"{MfaPolicyVariable}='{policyText}' must be 'strict' or 'at-least-one-hardware'.");
        }

        Handling.WorkQueueAddress? workQueue = null;
        if (Value(getVariable, WorkQueueUrlVariable) is { } queueUrl && (workQueue = Handling.WorkQueueAddress.Parse(queueUrl)) is null)
        {
            problems.Add($"{WorkQueueUrlVariable}='{queueUrl}' is not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue name>).");
        }

        var retry = AwsRetryPolicy.Default;
        try
        {
            retry = AwsRetryPolicy.FromEnvironment(getVariable);
        }
        catch (ArgumentException ex)
        {
            problems.Add(ex.Message);
        }

        var rules = region is not null && RegionName.IsValid(region) && TryPartition(region)
            ? ParseEventRules(getVariable, AwsPartition.ForRegion(region), problems)
            : null;

        var mode = Value(getVariable, ModeVariable) ?? "account";
        OrgModeOptions? org = null;
        if (mode.Equals("org", StringComparison.OrdinalIgnoreCase))
        {
            org = ParseOrg(getVariable, problems);
        }
        else if (!mode.Equals("account", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{ModeVariable}='{mode}' must be 'account' or 'org'.");
        }

        // Only the AssumeRoot inventory shows hardware devices; without it the policy could never accept anything more
        // than strict does, yet the finding would claim it was applied.
        if (policy == MfaPolicyMode.AtLeastOneHardware && org is not { RootInventory: true })
        {
            problems.Add($"{MfaPolicyVariable}=at-least-one-hardware needs root's device inventory, which only organization mode reads: "
                + $"set {ModeVariable}=org and {RootInventoryVariable}=true (centralized root access), or use 'strict'.");
        }

        return problems.Count > 0
            ? throw new FunctionConfigurationException("Invalid configuration: " + string.Join(" ", problems))
            : new FunctionOptions(region!, level1, bus) { MfaPolicy = policy, Org = org, Retry = retry, EventRules = rules, WorkQueue = workQueue };
    }

    private static OrgModeOptions ParseOrg(Func<string, string?> getVariable, List<string> problems)
    {
        var accounts = AccountList(getVariable, OrgAccountsVariable, problems).Distinct(StringComparer.Ordinal).ToList();

        var roleName = Value(getVariable, AuditRoleNameVariable) ?? "SecHubRootMfaAudit";
        if (roleName.Length > 64 || !roleName.All(c => char.IsAsciiLetterOrDigit(c) || "+=,.@_-".Contains(c, StringComparison.Ordinal)))
        {
            problems.Add($"{AuditRoleNameVariable}='{roleName}' is not an IAM role name (1-64 of letters, digits and +=,.@_-).");
        }

        var rolePath = Value(getVariable, AuditRolePathVariable) ?? "/sechubrootmfa/";
        if (!rolePath.StartsWith('/') || !rolePath.EndsWith('/') || rolePath.Length > 512 || rolePath.Any(c => c < '!' || c > '~'))
        {
            problems.Add($"{AuditRolePathVariable}='{rolePath}' is not an IAM path (starts and ends with '/').");
        }

        var externalId = Value(getVariable, ExternalIdVariable);
        if (externalId is null)
        {
            problems.Add($"{ExternalIdVariable} is required in org mode: set it to the external id of the member audit role's trust policy.");
        }
        else if (externalId.Length is < 2 or > 1224 || !externalId.All(c => char.IsAsciiLetterOrDigit(c) || "+=,.@:/-_".Contains(c, StringComparison.Ordinal)))
        {
            // Not echoed: the external id is a shared secret of sorts.
            problems.Add($"{ExternalIdVariable} is not a valid external id (2-1224 of letters, digits and +=,.@:/-_).");
        }

        var concurrency = 16;
        if (Value(getVariable, ConcurrencyVariable) is { } c
            && (!int.TryParse(c, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out concurrency) || concurrency is < 1 or > 256))
        {
            problems.Add($"{ConcurrencyVariable}='{c}' must be a whole number from 1 to 256.");
        }

        var inventory = false;
        if (Value(getVariable, RootInventoryVariable) is { } inv && !bool.TryParse(inv, out inventory))
        {
            problems.Add($"{RootInventoryVariable}='{inv}' must be true or false.");
        }

        var forwardRules = new List<string>();
        foreach (var name in (Value(getVariable, MemberForwardRulesVariable) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (EventRuleReference.IsRuleName(name))
            {
                forwardRules.Add(name);
            }
            else
            {
                problems.Add($"{MemberForwardRulesVariable} contains '{Quote(name)}', which is not an EventBridge rule name (1-64 of letters, digits and .-_).");
            }
        }

        var queue = Value(getVariable, MemberForwardQueueVariable);
        if (queue is not null && (queue.Length > 80 || !queue.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            problems.Add($"{MemberForwardQueueVariable}='{Quote(queue)}' is not an SQS queue name (1-80 of letters, digits, - and _).");
        }

        Handling.WorkQueueAddress? runQueue = null;
        if (Value(getVariable, OrgRunQueueUrlVariable) is { } runQueueUrl && (runQueue = Handling.WorkQueueAddress.Parse(runQueueUrl)) is null)
        {
            problems.Add($"{OrgRunQueueUrlVariable}='{Quote(runQueueUrl)}' is not an SQS queue URL (https://sqs.<region>.amazonaws.com/<account>/<queue name>).");
        }

        return new OrgModeOptions(accounts, roleName, rolePath, externalId ?? "", concurrency, inventory)
        {
            MemberForwardRules = forwardRules,
            MemberForwardQueue = queue,
            RunQueue = runQueue,
        };
    }

    // Comma-separated rule ARNs of the home region's partition; each bad entry is a problem naming the variable.
    private static List<EventRuleReference>? ParseEventRules(Func<string, string?> getVariable, AwsPartition partition, List<string> problems)
    {
        if (Value(getVariable, EventRulesVariable) is not { } text)
        {
            return null;
        }

        var rules = new List<EventRuleReference>();
        foreach (var arn in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (EventRuleReference.TryParse(arn, partition, out var problem) is { } rule)
            {
                rules.Add(rule);
            }
            else
            {
                problems.Add($"{EventRulesVariable} contains '{Quote(arn)}', which {problem}.");
            }
        }

        if (rules.Count == 0 && !text.Split(',').Any(a => a.Trim().Length > 0))
        {
            problems.Add($"{EventRulesVariable}='{Quote(text)}' names no rule ARN; set the comma-separated ARNs of the deployment's rules, or leave it unset.");
        }

        if (rules.Count > EventRuleReference.MaxRules)
        {
            problems.Add($"{EventRulesVariable} names {rules.Count} rules; at most {EventRuleReference.MaxRules} are checked.");
        }

        return rules;
    }

    private static string Quote(string value) => EventPathHealth.OneLine(value, 128);

    // A comma-separated account list; each bad entry becomes a problem naming the variable.
    private static List<string> AccountList(Func<string, string?> getVariable, string name, List<string> problems)
    {
        var ids = new List<string>();
        foreach (var id in (Value(getVariable, name) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (AccountIds.IsValid(id))
            {
                ids.Add(id);
            }
            else
            {
                problems.Add($"{name} contains '{id}', which is not a 12-digit account id.");
            }
        }

        return ids;
    }

    private static string? Value(Func<string, string?> get, string name) =>
        get(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static bool TryPartition(string region)
    {
        try
        {
            AwsPartition.ForRegion(region);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // Bus names: 1-256 of [A-Za-z0-9._-/]; ARNs: arn:<partition>:events:<region>:<account>:event-bus/<name>.
    private static bool IsBusNameOrArn(string bus)
    {
        if (bus.StartsWith("arn:", StringComparison.Ordinal))
        {
            var parts = bus.Split(':');
            return parts.Length == 6 && parts[2] == "events" && AccountIds.IsValid(parts[4])
                && parts[5].StartsWith("event-bus/", StringComparison.Ordinal) && parts[5].Length > "event-bus/".Length;
        }

        return bus.Length is > 0 and <= 256 && bus.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/');
    }
}

/// <summary>Org mode: evaluate the organization's accounts from the delegated administrator account.</summary>
/// <param name="Accounts">Explicit accounts; empty means every ACTIVE account from organizations:ListAccounts.</param>
/// <param name="AuditRoleName">The member audit role's name.</param>
/// <param name="AuditRolePath">The member audit role's path.</param>
/// <param name="ExternalId">The external id for sts:AssumeRole.</param>
/// <param name="Concurrency">Accounts evaluated at once.</param>
/// <param name="RootInventory">Read root's device inventory with sts:AssumeRoot.</param>
public sealed record OrgModeOptions(
    IReadOnlyList<string> Accounts, string AuditRoleName, string AuditRolePath, string ExternalId, int Concurrency, bool RootInventory)
{
    /// <summary>Names of each member's forwarding rules, checked through its audit role on scheduled runs; empty checks none.</summary>
    public IReadOnlyList<string> MemberForwardRules { get; init; } = [];

    /// <summary>Name of each member's forwarding dead-letter queue; null checks none.</summary>
    public string? MemberForwardQueue { get; init; }

    /// <summary>The organization run queue (<c>SECHUBROOTMFA_ORG_RUN_QUEUE_URL</c>); null evaluates every run in-process.</summary>
    public Handling.WorkQueueAddress? RunQueue { get; init; }
}

/// <summary>The function cannot start: the message names each bad variable.</summary>
public sealed class FunctionConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FunctionConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public FunctionConfigurationException()
        : base("Invalid configuration.")
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public FunctionConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
