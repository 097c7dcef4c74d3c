using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Organization;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>One column of <c>check --org --output csv</c>: its header name and how an account's row fills it.</summary>
public sealed record OrgCsvColumn(string Name, Func<AccountOutcome, string> Value);

/// <summary>
/// The org CSV report's columns, in order: the one definition the header, every row and the <c>--output</c> help are
/// made from (a test holds the README's header line to it).
/// </summary>
public static class OrgCsvColumns
{
    /// <summary>The columns, in order.</summary>
    public static IReadOnlyList<OrgCsvColumn> All { get; } =
    [
        new("account_id", a => a.AccountId),
        new("account_name", a => a.AccountName ?? ""),
        new("status", OrgStatusFilter.KeyOf),
        new("reason", a => a.Reason?.ToAsff() ?? ""),
        new("severity", a => OrgReportWriter.Severity(a) ?? ""),
        new("cause", a => OrgReportWriter.OneLine(a.Cause)),
    ];

    /// <summary>The header line, e.g. <c>account_id,account_name,…</c>.</summary>
    public static string Header { get; } = string.Join(',', All.Select(c => c.Name));
}
