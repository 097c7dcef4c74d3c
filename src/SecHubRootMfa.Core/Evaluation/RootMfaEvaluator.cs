namespace SecHubRootMfa.Core.Evaluation;

/// <summary>
/// Decides CIS "hardware MFA is enabled for the root user" from IAM's answers.
/// Pure: no I/O. Never returns PASSED on missing or contradictory data.
/// </summary>
public static class RootMfaEvaluator
{
    /// <summary>
    /// Evaluates one observation under the given profile and (for Level 2) policy mode. With a root device inventory,
    /// hardware TOTP and FIDO devices are seen directly and a summary that contradicts it is an evaluation error.
    /// </summary>
    public static RootMfaEvaluation Evaluate(RootMfaObservation observation, PolicyProfile profile, MfaPolicyMode mode = MfaPolicyMode.Strict)
    {
        ArgumentNullException.ThrowIfNull(observation);
        AccountIds.Require(observation.AccountId);
        var context = new Context(observation, profile, mode);

        if (observation.Partition.IsGovCloud)
        {
            return context.Verdict(ComplianceStatus.NotAvailable, ReasonCode.RootNotApplicableGovCloud, []);
        }

        // Exact ARN match only: a device named "root", an unassigned device or a user called "rootadmin" is not root's.
        var rootArn = observation.Partition.RootUserArn(observation.AccountId);
        var inventory = observation.RootDevices;
        var rootVirtual = observation.VirtualMfaDevices
            .Where(d => string.Equals(d.AssignedUserArn, rootArn, StringComparison.Ordinal))
            .Select(d => d.SerialNumber)
            .Concat(inventory?.Devices.Where(d => d.Kind == MfaDeviceKind.Virtual).Select(d => d.SerialNumber) ?? [])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        var summary = observation.Summary;
        var hardware = inventory?.HardwareCount ?? 0;

        if (inventory is not null && (inventory.Devices.Count > 0 || rootVirtual.Length > 0) && summary.AccountMfaEnabled == false)
        {
            return context.Error(rootVirtual,
                $"Root's MFA devices are listed ({inventory.Devices.Count} by ListMFADevices, {rootVirtual.Length} virtual) but GetAccountSummary reports AccountMFAEnabled=0; re-run once IAM is consistent.");
        }

        if (inventory is not null && inventory.Devices.Count == 0 && rootVirtual.Length == 0 && summary.AccountMfaEnabled == true)
        {
            return context.Error(rootVirtual,
                "GetAccountSummary reports AccountMFAEnabled=1 but ListMFADevices under root credentials lists no device; re-run once IAM is consistent.");
        }

        if (rootVirtual.Length > 0)
        {
            if (profile == PolicyProfile.Level2)
            {
                // A hardware device beside the virtual ones only counts where the policy allows it and the inventory shows it.
                if (mode == MfaPolicyMode.AtLeastOneHardware && hardware > 0)
                {
                    return context.Verdict(ComplianceStatus.Passed, ReasonCode.HardwareMfaWithVirtual, rootVirtual);
                }

                // The assignment alone proves a virtual authenticator can sign root in, whatever the summary flag says.
                return context.Verdict(ComplianceStatus.Failed, ReasonCode.VirtualMfaOnRoot, rootVirtual);
            }

            return summary.AccountMfaEnabled == true
                ? context.Verdict(ComplianceStatus.Passed, ReasonCode.Level1VirtualMfaAccepted, rootVirtual)
                : context.Error(rootVirtual,
                    $"IAM lists a virtual MFA device on root but GetAccountSummary reports AccountMFAEnabled={AccountSummary.FlagText(summary.AccountMfaEnabled)}; re-run once IAM is consistent.");
        }

        if (hardware > 0)
        {
            // The inventory names root's hardware or FIDO device, so a missing summary flag does not matter.
            return context.Verdict(ComplianceStatus.Passed, ReasonCode.HardwareMfa, []);
        }

        if (inventory?.Unknown is { Count: > 0 } unknown)
        {
            // Root's own list shows only devices of no documented kind: nothing proves a hardware device, so no PASSED.
            return context.Error([],
                $"ListMFADevices under root credentials lists {unknown.Count} MFA device(s) of a kind this product does not recognise "
                + $"(neither a virtual mfa/ ARN, a FIDO u2f/ ARN nor a hardware TOTP serial), and no hardware or FIDO device: "
                + $"{string.Join(", ", unknown.Select(d => d.SerialNumber))}");
        }

        switch (summary.AccountMfaEnabled)
        {
            case true:
                return context.Verdict(ComplianceStatus.Passed, ReasonCode.HardwareMfa, []);
            case null:
                return context.Error([], "GetAccountSummary did not return AccountMFAEnabled, so root MFA is unknown.");
        }

        var credentialsAbsent = summary.AccountPasswordPresent == false
            && summary.AccountAccessKeysPresent == false
            && summary.AccountSigningCertificatesPresent == false;
        return credentialsAbsent
            ? context.Verdict(ComplianceStatus.Passed, ReasonCode.RootCredentialsAbsent, [])
            : context.Verdict(ComplianceStatus.Failed, ReasonCode.NoRootMfa, []);
    }

    /// <summary>
    /// The NOT_AVAILABLE verdict for an account whose IAM state could not be read (access denied, malformed answer).
    /// <paramref name="cause"/> must say what failed without secrets; it is shown to analysts.
    /// </summary>
    public static RootMfaEvaluation Unavailable(
        string accountId, AwsPartition partition, PolicyProfile profile, string cause, DateTimeOffset observedAt,
        MfaPolicyMode mode = MfaPolicyMode.Strict)
    {
        AccountIds.Require(accountId);
        ArgumentException.ThrowIfNullOrWhiteSpace(cause);
        return new RootMfaEvaluation(accountId, partition, profile, ComplianceStatus.NotAvailable,
            ReasonCode.EvaluationError.SeverityOf(), ReasonCode.EvaluationError, null, [], cause.Trim(), observedAt, mode);
    }

    private sealed record Context(RootMfaObservation O, PolicyProfile Profile, MfaPolicyMode Mode)
    {
        public RootMfaEvaluation Verdict(ComplianceStatus status, ReasonCode reason, IReadOnlyList<string> rootVirtual) =>
            new(O.AccountId, O.Partition, Profile, status, reason.SeverityOf(), reason, O.Summary, rootVirtual, null, O.ObservedAt, Mode, O.RootDevices, O.RootDevicesError);

        public RootMfaEvaluation Error(IReadOnlyList<string> rootVirtual, string cause) =>
            new(O.AccountId, O.Partition, Profile, ComplianceStatus.NotAvailable, ReasonCode.EvaluationError.SeverityOf(),
                ReasonCode.EvaluationError, O.Summary, rootVirtual, cause, O.ObservedAt, Mode, O.RootDevices, O.RootDevicesError);
    }
}
