using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>The parsed options of <c>check --org</c>.</summary>
/// <param name="Import">Import each member's finding into its own Security Hub.</param>
/// <param name="Level">The profile for every account; null is Level 2 (Level 1 for none).</param>
/// <param name="Mode">The Level 2 policy mode.</param>
/// <param name="Region">The Security Hub home region; null uses the standard AWS region resolution.</param>
/// <param name="Accounts">Explicit accounts; empty lists the organization with Organizations.</param>
/// <param name="RoleName">The member audit role's name.</param>
/// <param name="RolePath">The member audit role's path.</param>
/// <param name="ExternalId">The member role's external id; null sends none.</param>
/// <param name="Concurrency">Accounts evaluated at once.</param>
/// <param name="RootInventory">Read root's device inventory with sts:AssumeRoot.</param>
public sealed record OrgSettings(
    bool Import, PolicyProfile? Level, MfaPolicyMode Mode, string? Region, IReadOnlyList<string> Accounts, string RoleName, string RolePath,
    string? ExternalId, int Concurrency, bool RootInventory)
{
    /// <summary>The AWS config/credentials profile (<c>--profile</c>); null uses AWS_PROFILE or the default chain.</summary>
    public string? Profile { get; init; }

    /// <summary>How the report is printed (text table, one JSON document, CSV).</summary>
    public OrgOutput Output { get; init; } = OrgOutput.Text;

    /// <summary>Which accounts are listed; totals and the exit code still cover every account.</summary>
    public OrgStatusFilter Status { get; init; } = OrgStatusFilter.All;

    /// <summary>Print the run's settings and stack traces of errors on stderr.</summary>
    public bool Verbose { get; init; }
}

/// <summary>The report formats of <c>check --org</c>.</summary>
public enum OrgOutput
{
    /// <summary>A table for people, with totals in words.</summary>
    Text,

    /// <summary>One JSON document: <c>summary</c> and <c>accounts</c>, each with its ASFF <c>finding</c>.</summary>
    Json,

    /// <summary>RFC 4180 CSV, one row per account: account_id, account_name, status, reason, severity, cause.</summary>
    Csv,

    /// <summary>One JSON array of OCSF 1.6.0 Compliance Finding events, one per account with a finding.</summary>
    Ocsf,
}

/// <summary>Parses <c>--output</c> for <c>--org</c>.</summary>
public static class OrgOutputs
{
    /// <summary>text, json, csv or ocsf; anything else is text (the parser already refused it).</summary>
    public static OrgOutput Parse(string? value) => value switch
    {
        "json" => OrgOutput.Json,
        "csv" => OrgOutput.Csv,
        "ocsf" => OrgOutput.Ocsf,
        _ => OrgOutput.Text,
    };
}
