using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Function.Configuration;

/// <summary>The function's configuration, parsed once at start from environment variables.</summary>
/// <param name="HomeRegion">The Security Hub region findings go to. <c>SECHUBROOTMFA_HOME_REGION</c>, default <c>AWS_REGION</c>.</param>
/// <param name="Level1Accounts">Accounts held to Level 1. <c>SECHUBROOTMFA_LEVEL1_ACCOUNTS</c>, comma-separated, default none.</param>
/// <param name="EventBus">Bus for change events, or null for none. <c>SECHUBROOTMFA_EVENT_BUS</c>, default <c>default</c>; <c>none</c> disables.</param>
/// <remarks>Log verbosity is Lambda's own <c>AWS_LAMBDA_LOG_LEVEL</c> (the function's logging configuration).</remarks>
public sealed record FunctionOptions(string HomeRegion, IReadOnlySet<string> Level1Accounts, string? EventBus)
{
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

        var level1 = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in (Value(getVariable, Level1Variable) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (AccountIds.IsValid(id))
            {
                level1.Add(id);
            }
            else
            {
                problems.Add($"{Level1Variable} contains '{id}', which is not a 12-digit account id.");
            }
        }

        var bus = Value(getVariable, EventBusVariable) ?? "default";
        if (bus.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            bus = null;
        }
        else if (!IsBusNameOrArn(bus))
        {
            problems.Add($"{EventBusVariable}='{bus}' is not an event bus name or ARN (or 'none').");
        }

        return problems.Count > 0
            ? throw new FunctionConfigurationException("Invalid configuration: " + string.Join(" ", problems))
            : new FunctionOptions(region!, level1, bus);
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
