using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Core.Ocsf;
using SecHubRootMfa.Service.Organization;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>The counts of an organization run, in the words the report prints.</summary>
/// <param name="Accounts">Every account listed.</param>
/// <param name="NotCompliant">FAILED.</param>
/// <param name="Compliant">PASSED.</param>
/// <param name="NotApplicable">Evaluated, and the control does not apply (GovCloud).</param>
/// <param name="CouldNotBeEvaluated">The check could not finish (role refused, access denied, Security Hub error).</param>
/// <param name="Skipped">Not evaluated on purpose (suspended, closed).</param>
public sealed record OrgTotals(int Accounts, int NotCompliant, int Compliant, int NotApplicable, int CouldNotBeEvaluated, int Skipped)
{
    /// <summary>Accounts the check finished for.</summary>
    public int Evaluated => NotCompliant + Compliant + NotApplicable;

    /// <summary>Counts the report.</summary>
    public static OrgTotals Of(OrgRunReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var evaluated = report.Accounts.Where(a => a.State == AccountRunState.Evaluated).ToList();
        return new OrgTotals(
            report.Accounts.Count,
            evaluated.Count(a => a.Status == ComplianceStatus.Failed),
            evaluated.Count(a => a.Status == ComplianceStatus.Passed),
            evaluated.Count(a => a.Status is not (ComplianceStatus.Failed or ComplianceStatus.Passed)),
            report.Failed,
            report.Skipped);
    }

    /// <summary><c>61 not compliant, 0 compliant, 0 could not be evaluated</c>, then skipped / not applicable when there are any.</summary>
    public string InWords()
    {
        var words = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{NotCompliant} not compliant, {Compliant} compliant, {CouldNotBeEvaluated} could not be evaluated");
        if (NotApplicable > 0)
        {
            words.Append(CultureInfo.InvariantCulture, $", {NotApplicable} not applicable");
        }

        if (Skipped > 0)
        {
            words.Append(CultureInfo.InvariantCulture, $", {Skipped} skipped");
        }

        return words.ToString();
    }
}

/// <summary>
/// Renders an organization run: a text table, one JSON document (<c>summary</c> and <c>accounts</c>, each account with
/// its ASFF <c>finding</c>), RFC 4180 CSV with one row per account, or one JSON array of OCSF events (one per account
/// with a finding). Causes are always whole and on one line.
/// </summary>
public static partial class OrgReportWriter
{
    /// <summary>The CSV header, in column order (see <see cref="OrgCsvColumns"/>).</summary>
    public static string CsvHeader => OrgCsvColumns.Header;

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        // Printed for people and scripts, never embedded in HTML: keep quotes in ARNs and '+' readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The report in <paramref name="output"/> format, listing the accounts <paramref name="filter"/> selects; ends with a newline.</summary>
    public static string Render(OrgRunReport report, OrgOutput output, OrgStatusFilter filter)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(filter);
        var rows = report.Accounts.Where(filter.Includes).ToList();
        return output switch
        {
            OrgOutput.Json => Json(report, rows, filter),
            OrgOutput.Csv => Csv(rows),
            OrgOutput.Ocsf => Ocsf(rows),
            _ => Table(report, rows, filter),
        };
    }

    /// <summary>
    /// A cause on one line: an HTML error page (a proxy or a wrong endpoint) becomes its text, line breaks, tabs and
    /// other control characters become spaces, runs of spaces one. Nothing is cut.
    /// </summary>
    public static string OneLine(string? cause)
    {
        if (string.IsNullOrEmpty(cause))
        {
            return "";
        }

        var text = LooksLikeHtml().IsMatch(cause) ? HtmlTag().Replace(cause, " ").Replace("&nbsp;", " ", StringComparison.Ordinal) : cause;
        var line = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            line.Append(char.IsControl(c) || char.IsWhiteSpace(c) ? ' ' : c);
        }

        return Spaces().Replace(line.ToString(), " ").Trim();
    }

    private static string Table(OrgRunReport report, List<AccountOutcome> rows, OrgStatusFilter filter)
    {
        var nameWidth = Math.Max(4, rows.Select(a => Name(a).Length).DefaultIfEmpty(0).Max());
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{"ACCOUNT",-12}  {"NAME".PadRight(nameWidth)}  {"STATUS",-13}  {"REASON",-28}  {"SEVERITY",-13}  {"FINDING",-8}  {"SECONDS",7}  CAUSE")
            .AppendLine();
        foreach (var a in rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{a.AccountId,-12}  {Name(a).PadRight(nameWidth)}  {OrgStatusFilter.KeyOf(a),-13}  {a.Reason?.ToAsff() ?? "-",-28}  {Severity(a) ?? "-",-13}  {(a.FindingImported ? "imported" : "-"),-8}  {a.Duration.TotalSeconds,7:0.00}  {OneLine(a.Cause)}")
                .AppendLine();
        }

        var totals = OrgTotals.Of(report);
        if (filter.Selected.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"listed {rows.Count} of {report.Accounts.Count} accounts (--status {string.Join(",", filter.Selected)})").AppendLine();
        }

        var unreachable = report.Accounts.Count(a => a.Reachability is { State: MemberReachState.Unreachable, Error: null });
        if (unreachable > 0)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{unreachable} member(s) recorded as unreachable in this account's Security Hub (GeneratorId {MemberReachabilityFindingBuilder.GeneratorId})")
                .AppendLine();
        }

        text.Append(CultureInfo.InvariantCulture, $"{report.Accounts.Count} accounts: {totals.InWords()} ({report.Duration.TotalSeconds:0.0} s)").AppendLine();
        return text.ToString();
    }

    private static string Json(OrgRunReport report, List<AccountOutcome> rows, OrgStatusFilter filter)
    {
        var totals = OrgTotals.Of(report);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("summary");
            json.WriteNumber("accounts", totals.Accounts);
            json.WriteNumber("notCompliant", totals.NotCompliant);
            json.WriteNumber("compliant", totals.Compliant);
            json.WriteNumber("notApplicable", totals.NotApplicable);
            json.WriteNumber("couldNotBeEvaluated", totals.CouldNotBeEvaluated);
            json.WriteNumber("skipped", totals.Skipped);
            json.WriteNumber("listed", rows.Count);
            json.WriteStartArray("statusFilter");
            foreach (var s in filter.Selected)
            {
                json.WriteStringValue(s);
            }

            json.WriteEndArray();
            json.WriteNumber("durationSeconds", Math.Round(report.Duration.TotalSeconds, 3));
            json.WriteEndObject();
            json.WriteStartArray("accounts");
            foreach (var a in rows)
            {
                json.WriteStartObject();
                json.WriteString("accountId", a.AccountId);
                json.WriteString("accountName", a.AccountName);
                json.WriteString("status", OrgStatusFilter.KeyOf(a));
                json.WriteString("reason", a.Reason?.ToAsff());
                json.WriteString("severity", Severity(a));
                json.WriteBoolean("findingImported", a.FindingImported);
                json.WriteString("cause", a.Cause is null ? null : OneLine(a.Cause));
                json.WriteNumber("durationSeconds", Math.Round(a.Duration.TotalSeconds, 3));
                json.WritePropertyName("reachability");
                if (a.Reachability is { } r)
                {
                    json.WriteStartObject();
                    json.WriteString("findingId", r.FindingId);
                    json.WriteString("state", MemberReachabilityFields.StateName(r.State));
                    json.WriteBoolean("written", r.Written);
                    json.WriteString("error", r.Error is null ? null : OneLine(r.Error));
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNullValue();
                }

                json.WritePropertyName("finding");
                if (a.Finding is null)
                {
                    json.WriteNullValue();
                }
                else
                {
                    JsonSerializer.Serialize(json, a.Finding, AsffJsonContext.Default.AwsSecurityFinding);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    // The same document rule as json: one JSON value on stdout (an array), so a consumer reads it whole.
    private static string Ocsf(List<AccountOutcome> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var finding in rows.Select(a => a.Finding).OfType<AwsSecurityFinding>())
            {
                OcsfJson.Write(json, OcsfMapping.Map(finding));
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + Environment.NewLine;
    }

    /// <summary>The listed accounts without a finding (role refused, skipped): not in an OCSF array, so named on stderr.</summary>
    public static IReadOnlyList<AccountOutcome> WithoutFinding(OrgRunReport report, OrgStatusFilter filter)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(filter);
        return [.. report.Accounts.Where(filter.Includes).Where(a => a.Finding is null)];
    }

    private static string Csv(List<AccountOutcome> rows)
    {
        var csv = new StringBuilder(CsvHeader).Append("\r\n");
        foreach (var a in rows)
        {
            csv.AppendJoin(',', OrgCsvColumns.All.Select(column => Field(column.Value(a)))).Append("\r\n");
        }

        return csv.ToString();
    }

    // RFC 4180: quote a field holding a comma, quote or line break, doubling its quotes. A leading = + - @ would make a
    // spreadsheet run the text (an account name is chosen by whoever created the account): prefix it with a quote mark.
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }

    private static string Name(AccountOutcome a) => a.AccountName is { Length: > 0 } name ? OneLine(name) : "-";

    // The finding's severity; an account that could not be entered has no finding, and NOT_AVAILABLE is INFORMATIONAL.
    internal static string? Severity(AccountOutcome a) =>
        a.Finding?.Severity?.Label ?? (a.State == AccountRunState.Failed ? SeverityLabel.Informational.ToAsff() : null);

    [GeneratedRegex(@"<\s*(html|!doctype|body|head)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LooksLikeHtml();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();
}
