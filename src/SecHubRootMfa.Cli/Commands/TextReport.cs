using System.Text;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Service.Checking;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>The human-readable verdict: status line, evidence, what to do, and what happened to the finding.</summary>
public static class TextReport
{
    /// <summary>Renders the result; ends with a newline.</summary>
    public static string Render(CheckResult result, string region)
    {
        ArgumentNullException.ThrowIfNull(result);
        var e = result.Evaluation;
        var f = result.Finding;
        var verdict = e.Status switch
        {
            ComplianceStatus.Passed => "COMPLIANT",
            ComplianceStatus.Failed => "NOT COMPLIANT",
            _ when e.Reason == ReasonCode.RootNotApplicableGovCloud => "NOT APPLICABLE",
            _ => "COULD NOT EVALUATE",
        };

        var text = new StringBuilder()
            .AppendLine($"{verdict}: hardware MFA for the root user of account {e.AccountId} ({e.Partition}, {e.Profile})")
            .AppendLine($"  status    {e.Status.ToAsff()} ({e.Reason.ToAsff()}), severity {e.Severity.ToAsff()}")
            .AppendLine($"  evidence  {f.Compliance!.StatusReasons![0].Description}");
        if (e.Summary is { } s)
        {
            text.AppendLine($"  iam       AccountMFAEnabled={AccountSummary.FlagText(s.AccountMfaEnabled)} AccountPasswordPresent={AccountSummary.FlagText(s.AccountPasswordPresent)} " +
                $"AccountAccessKeysPresent={AccountSummary.FlagText(s.AccountAccessKeysPresent)} AccountSigningCertificatesPresent={AccountSummary.FlagText(s.AccountSigningCertificatesPresent)}");
        }

        text.AppendLine($"  fix       {f.Remediation!.Recommendation!.Text}")
            .AppendLine($"  see       {f.Remediation.Recommendation.Url}")
            .AppendLine(result.Summary.Imported
                ? $"  finding   imported into Security Hub in {region} as {f.Id}"
                : $"  finding   not imported (add --import to write it to Security Hub in {region})");
        return text.ToString();
    }
}
