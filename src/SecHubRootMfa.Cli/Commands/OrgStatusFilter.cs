using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Organization;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>
/// <c>--status</c>: which accounts <c>check --org</c> lists, by the finding's Compliance.Status (PASSED, FAILED,
/// NOT_AVAILABLE) or SKIPPED for accounts not evaluated on purpose. Empty lists every account.
/// </summary>
public sealed class OrgStatusFilter
{
    /// <summary>The accepted values, as printed and as ASFF spells them.</summary>
    public static IReadOnlyList<string> Names { get; } = ["PASSED", "FAILED", "NOT_AVAILABLE", "SKIPPED"];

    /// <summary>Lists every account.</summary>
    public static OrgStatusFilter All { get; } = new([]);

    private readonly HashSet<string> _wanted;

    private OrgStatusFilter(IEnumerable<string> wanted) => _wanted = new HashSet<string>(wanted, StringComparer.Ordinal);

    /// <summary>The selected values in <see cref="Names"/> order; empty when every account is listed.</summary>
    public IReadOnlyList<string> Selected => [.. Names.Where(_wanted.Contains)];

    /// <summary>True for one of <see cref="Names"/>, in any case.</summary>
    public static bool IsKnown(string value) => Names.Contains(value.Trim().ToUpperInvariant(), StringComparer.Ordinal);

    /// <summary>Builds the filter; throws <see cref="ArgumentException"/> for a value outside <see cref="Names"/>.</summary>
    public static OrgStatusFilter Parse(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var normalized = values.Select(v => v.Trim().ToUpperInvariant()).ToList();
        return normalized.FirstOrDefault(v => !Names.Contains(v, StringComparer.Ordinal)) is { } bad
            ? throw new ArgumentException($"--status '{bad}' is not one of {string.Join(", ", Names)}.")
            : new OrgStatusFilter(normalized);
    }

    /// <summary>The value an account is filtered on: its status, or SKIPPED.</summary>
    public static string KeyOf(AccountOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.State == AccountRunState.Skipped ? "SKIPPED" : (outcome.Status ?? ComplianceStatus.NotAvailable).ToAsff();
    }

    /// <summary>True when the account is listed.</summary>
    public bool Includes(AccountOutcome outcome) => _wanted.Count == 0 || _wanted.Contains(KeyOf(outcome));
}
