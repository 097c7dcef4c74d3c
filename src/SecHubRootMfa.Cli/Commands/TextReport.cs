using System.Text;
using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.EventPath;
using SecHubRootMfa.Core.Findings;
using SecHubRootMfa.Service.Checking;

namespace SecHubRootMfa.Cli.Commands;

/// <summary>The human-readable verdict: status line, evidence, what to do, and what happened to the finding.</summary>
public static class TextReport
{
    /// <summary>Renders the result; ends with a newline. <paramref name="importFailed"/> says the import was tried and failed.</summary>
    public static string Render(CheckResult result, string region, bool importFailed = false)
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

        // The trail and rules that re-run the check on every change: this run's check, or the finding's last one.
        if ((result.Summary.EventPath ?? FindingFields.Read(f.ProductFields).EventPath) is { } path)
        {
            text.AppendLine($"  eventpath {path.Status.ToEvidence()} (checked {RootMfaFindingBuilder.Timestamp(path.CheckedAt)}): {path.Reason}");
        }

        text.AppendLine($"  fix       {f.Remediation!.Recommendation!.Text}")
            .AppendLine($"  see       {f.Remediation.Recommendation.Url}")
            .AppendLine(result.Summary.Imported
                ? $"  finding   imported into Security Hub in {region} as {f.Id}"
                : importFailed
                    ? $"  finding   NOT imported into Security Hub in {region} (the error follows on stderr)"
                    : $"  finding   not imported (add --import to write it to Security Hub in {region})");
        if (result.Summary.PreviousWorkflowStatus is { } workflow)
        {
            // Analysts own Workflow.Status; a SUPPRESSED finding is hidden from most views even when FAILED.
            text.AppendLine($"  workflow  {workflow} (the existing finding's Workflow.Status in Security Hub, set by analysts)");
        }

        if (result.Summary.Imported || result.Summary.PreviousWorkflowStatus is not null)
        {
            text.AppendLine($"  console   {ControlIdentity.ConsoleUrl(e.Partition, region, f.Id!)}");
        }

        return text.ToString();
    }
}
