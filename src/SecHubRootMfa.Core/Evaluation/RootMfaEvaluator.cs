namespace SecHubRootMfa.Core.Evaluation;

/// <summary>
/// Decides CIS "hardware MFA is enabled for the root user" from IAM's answers.
/// Pure: no I/O. Never returns PASSED on missing or contradictory data.
/// </summary>
public static class RootMfaEvaluator
{
    /// <summary>Evaluates one observation under the given profile.</summary>
    public static RootMfaEvaluation Evaluate(RootMfaObservation observation, PolicyProfile profile)
    {
        ArgumentNullException.ThrowIfNull(observation);
        AccountIds.Require(observation.AccountId);

        if (observation.Partition.IsGovCloud)
        {
            return Verdict(observation, profile, ComplianceStatus.NotAvailable, SeverityLabel.Informational,
                ReasonCode.RootNotApplicableGovCloud, []);
        }

        // Exact ARN match only: a device named "root", an unassigned device or a user called "rootadmin" is not root's.
        var rootArn = observation.Partition.RootUserArn(observation.AccountId);
        var rootVirtual = observation.VirtualMfaDevices
            .Where(d => string.Equals(d.AssignedUserArn, rootArn, StringComparison.Ordinal))
            .Select(d => d.SerialNumber)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var summary = observation.Summary;

        if (rootVirtual.Length > 0)
        {
            if (profile == PolicyProfile.Level2)
            {
                // The assignment alone proves a virtual authenticator can sign root in, whatever the summary flag says.
                return Verdict(observation, profile, ComplianceStatus.Failed, SeverityLabel.High,
                    ReasonCode.VirtualMfaOnRoot, rootVirtual);
            }

            return summary.AccountMfaEnabled == true
                ? Verdict(observation, profile, ComplianceStatus.Passed, SeverityLabel.Informational,
                    ReasonCode.Level1VirtualMfaAccepted, rootVirtual)
                : Error(observation, profile, rootVirtual,
                    $"IAM lists a virtual MFA device on root but GetAccountSummary reports AccountMFAEnabled={Describe(summary.AccountMfaEnabled)}; re-run once IAM is consistent.");
        }

        switch (summary.AccountMfaEnabled)
        {
            case true:
                return Verdict(observation, profile, ComplianceStatus.Passed, SeverityLabel.Informational,
                    ReasonCode.HardwareMfa, []);
            case null:
                return Error(observation, profile, [],
                    "GetAccountSummary did not return AccountMFAEnabled, so root MFA is unknown.");
        }

        var credentialsAbsent = summary.AccountPasswordPresent == false
            && summary.AccountAccessKeysPresent == false
            && summary.AccountSigningCertificatesPresent == false;
        return credentialsAbsent
            ? Verdict(observation, profile, ComplianceStatus.Passed, SeverityLabel.Informational,
                ReasonCode.RootCredentialsAbsent, [])
            : Verdict(observation, profile, ComplianceStatus.Failed, SeverityLabel.Critical,
                ReasonCode.NoRootMfa, []);
    }

    /// <summary>
    /// The NOT_AVAILABLE verdict for an account whose IAM state could not be read (access denied, malformed answer).
    /// <paramref name="cause"/> must say what failed without secrets; it is shown to analysts.
    /// </summary>
    public static RootMfaEvaluation Unavailable(
        string accountId, AwsPartition partition, PolicyProfile profile, string cause, DateTimeOffset observedAt)
    {
        AccountIds.Require(accountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(cause);
        return new RootMfaEvaluation(accountId, partition, profile, ComplianceStatus.NotAvailable,
            SeverityLabel.Informational, ReasonCode.EvaluationError, null, [], cause.Trim(), observedAt);
    }

    private static RootMfaEvaluation Verdict(
        RootMfaObservation o, PolicyProfile profile, ComplianceStatus status, SeverityLabel severity, ReasonCode reason,
        IReadOnlyList<string> rootVirtual) =>
        new(o.AccountId, o.Partition, profile, status, severity, reason, o.Summary, rootVirtual, null, o.ObservedAt);

    private static RootMfaEvaluation Error(
        RootMfaObservation o, PolicyProfile profile, IReadOnlyList<string> rootVirtual, string cause) =>
        new(o.AccountId, o.Partition, profile, ComplianceStatus.NotAvailable, SeverityLabel.Informational,
            ReasonCode.EvaluationError, o.Summary, rootVirtual, cause, o.ObservedAt);

    internal static string Describe(bool? flag) => flag switch
    {
        true => "1",
        false => "0",
        null => "missing",
    };
}
