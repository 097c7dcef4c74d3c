namespace SecHubRootMfa.Core.Evaluation;

/// <summary>ASFF <c>Compliance.Status</c> values this control reports.</summary>
public enum ComplianceStatus
{
    /// <summary>The recommendation holds.</summary>
    Passed,

    /// <summary>The recommendation does not hold.</summary>
    Failed,

    /// <summary>The check does not apply or could not be completed.</summary>
    NotAvailable,
}

/// <summary>ASFF <c>Severity.Label</c> values used by this control.</summary>
public enum SeverityLabel
{
    /// <summary>No issue.</summary>
    Informational,

    /// <summary>Not used by this control; kept for ASFF completeness.</summary>
    Low,

    /// <summary>Not used by this control; kept for ASFF completeness.</summary>
    Medium,

    /// <summary>Root is protected by MFA, but not by a hardware device.</summary>
    High,

    /// <summary>Root can sign in without MFA.</summary>
    Critical,
}

/// <summary>Why the evaluation reached its status; written to <c>Compliance.StatusReasons</c>.</summary>
public enum ReasonCode
{
    /// <summary>GovCloud accounts have no usable root user.</summary>
    RootNotApplicableGovCloud,

    /// <summary>Root MFA is on and no virtual device is assigned to root.</summary>
    HardwareMfa,

    /// <summary>Root has a hardware TOTP token or FIDO key beside virtual devices, accepted by at-least-one-hardware.</summary>
    HardwareMfaWithVirtual,

    /// <summary>One or more virtual MFA devices are assigned to root (Level 2).</summary>
    VirtualMfaOnRoot,

    /// <summary>Virtual MFA on root, accepted by the Level 1 profile.</summary>
    Level1VirtualMfaAccepted,

    /// <summary>Root has no MFA but also no password, access keys or signing certificates.</summary>
    RootCredentialsAbsent,

    /// <summary>Root has no MFA and has (or may have) credentials.</summary>
    NoRootMfa,

    /// <summary>The IAM state could not be read or made no sense.</summary>
    EvaluationError,
}

/// <summary>The ASFF spelling of the evaluation enums.</summary>
public static class AsffNames
{
    /// <summary>PASSED, FAILED or NOT_AVAILABLE.</summary>
    public static string ToAsff(this ComplianceStatus status) => status switch
    {
        ComplianceStatus.Passed => "PASSED",
        ComplianceStatus.Failed => "FAILED",
        ComplianceStatus.NotAvailable => "NOT_AVAILABLE",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>INFORMATIONAL, LOW, MEDIUM, HIGH or CRITICAL.</summary>
    public static string ToAsff(this SeverityLabel severity) => severity.ToString().ToUpperInvariant();

    /// <summary>The reason code in upper snake case, for example <c>VIRTUAL_MFA_ON_ROOT</c>.</summary>
    public static string ToAsff(this ReasonCode reason) => reason switch
    {
        ReasonCode.RootNotApplicableGovCloud => "ROOT_NOT_APPLICABLE_GOVCLOUD",
        ReasonCode.HardwareMfa => "HARDWARE_MFA",
        ReasonCode.HardwareMfaWithVirtual => "HARDWARE_MFA_WITH_VIRTUAL",
        ReasonCode.VirtualMfaOnRoot => "VIRTUAL_MFA_ON_ROOT",
        ReasonCode.Level1VirtualMfaAccepted => "LEVEL1_VIRTUAL_MFA_ACCEPTED",
        ReasonCode.RootCredentialsAbsent => "ROOT_CREDENTIALS_ABSENT",
        ReasonCode.NoRootMfa => "NO_ROOT_MFA",
        ReasonCode.EvaluationError => "EVALUATION_ERROR",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>
    /// The severity that goes with a reason: CRITICAL for NO_ROOT_MFA, HIGH for VIRTUAL_MFA_ON_ROOT, INFORMATIONAL for
    /// every other. One home for the pairing, so a reason alone (as an old change outbox stores it) tells the severity.
    /// </summary>
    public static SeverityLabel SeverityOf(this ReasonCode reason) => reason switch
    {
        ReasonCode.NoRootMfa => SeverityLabel.Critical,
        ReasonCode.VirtualMfaOnRoot => SeverityLabel.High,
        _ => SeverityLabel.Informational,
    };

    /// <summary>Parses an ASFF compliance status; null for anything else.</summary>
    public static ComplianceStatus? ParseComplianceStatus(string? value) => value switch
    {
        "PASSED" => ComplianceStatus.Passed,
        "FAILED" => ComplianceStatus.Failed,
        "NOT_AVAILABLE" => ComplianceStatus.NotAvailable,
        _ => null,
    };

    /// <summary>Parses a reason code in upper snake case; null for anything else.</summary>
    public static ReasonCode? ParseReasonCode(string? value) =>
        Enum.GetValues<ReasonCode>().Cast<ReasonCode?>().FirstOrDefault(r => r!.Value.ToAsff() == value);
}
