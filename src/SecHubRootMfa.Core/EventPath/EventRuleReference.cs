using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.EventPath;

/// <summary>
/// One EventBridge rule of the deployment, as its ARN names it:
/// <c>arn:&lt;partition&gt;:events:&lt;region&gt;:&lt;account&gt;:rule/[&lt;bus&gt;/]&lt;name&gt;</c>.
/// </summary>
/// <param name="Region">The rule's region.</param>
/// <param name="Name">The rule's name.</param>
/// <param name="BusName">The custom bus it is on; null for the default bus.</param>
/// <param name="Arn">The rule's ARN; null when only region and name are known (a member's rule, read in that member).</param>
public sealed record EventRuleReference(string Region, string Name, string? BusName = null, string? Arn = null)
{
    /// <summary>The most rules one deployment may name.</summary>
    public const int MaxRules = 32;

    /// <summary>How the rule is named in reasons: its name, bus and region.</summary>
    public string Label => BusName is null ? $"{Name} ({Region})" : $"{Name} on bus {BusName} ({Region})";

    /// <summary>True for EventBridge's rule names: 1-64 of letters, digits and <c>.-_</c>.</summary>
    public static bool IsRuleName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>Parses a rule ARN of <paramref name="partition"/>; null (with why) when it is not one.</summary>
    public static EventRuleReference? TryParse(string arn, AwsPartition partition, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':');
        problem = null;
        if (parts.Length != 6 || parts[0] != "arn" || parts[2] != "events" || !parts[5].StartsWith("rule/", StringComparison.Ordinal))
        {
            problem = "is not an EventBridge rule ARN (arn:<partition>:events:<region>:<account>:rule/[<bus>/]<name>)";
            return null;
        }

        if (parts[1] != partition.Name)
        {
            problem = $"is in partition {parts[1]}, not {partition.Name}";
            return null;
        }

        if (!RegionName.IsValid(parts[3]) || !AccountIds.IsValid(parts[4]))
        {
            problem = "does not name a valid region and 12-digit account";
            return null;
        }

        var path = parts[5]["rule/".Length..].Split('/');
        var (bus, name) = path.Length switch
        {
            1 => ((string?)null, path[0]),
            2 => (path[0], path[1]),
            _ => (null, ""),
        };
        if (!IsRuleName(name) || (bus is not null && (bus.Length is 0 or > 256 || !bus.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))))
        {
            problem = "does not end in a valid [bus/]rule name";
            return null;
        }

        return new EventRuleReference(parts[3], name, bus, arn);
    }
}
