using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Findings;

/// <summary>
/// The seed's remediation, condensed per reason to fit Remediation.Recommendation.Text (512 characters) and written for
/// today's IAM console (account menu, Security credentials, Assign MFA device), not the retired Dashboard wizard.
/// </summary>
public static class RootMfaRemediation
{
    /// <summary>AWS's page on enabling a hardware TOTP token for the root user.</summary>
    public const string HardwareMfaForRootUrl = "https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-hw-mfa-for-root.html";

    private const string AddHardwareDevice =
        "Sign in to the AWS console as the root user. Open the account menu (top right) > Security credentials. " +
        "Under Multi-factor authentication (MFA) choose Assign MFA device, name it, pick Passkey or security key " +
        "or Hardware TOTP token, then Next. For a TOTP token enter its serial number and two consecutive codes; " +
        "then Add MFA.";

    /// <summary>The steps for a reason, at most 512 characters.</summary>
    public static string TextFor(ReasonCode reason) => reason switch
    {
        ReasonCode.NoRootMfa =>
            AddHardwareDevice + " Only root credentials can manage root MFA; there is no AWS CLI way.",
        ReasonCode.VirtualMfaOnRoot =>
            AddHardwareDevice + " Sign in again with it, then select each virtual device this finding lists and " +
            "choose Remove. Only root credentials can do this.",
        ReasonCode.Level1VirtualMfaAccepted =>
            "None required: this account is held to Level 1, which accepts virtual MFA. To meet Level 2, as root open " +
            "the account menu > Security credentials > Assign MFA device, add a Passkey or security key or a Hardware " +
            "TOTP token, then Remove the virtual device.",
        ReasonCode.HardwareMfaWithVirtual =>
            "None required under the at-least-one-hardware policy. To meet the strict policy (Security Hub IAM.6), " +
            "sign in as root with the hardware device, open the account menu > Security credentials, select each " +
            "virtual device this finding lists and choose Remove.",
        ReasonCode.HardwareMfa =>
            "None required. Keep the device safe and consider a second hardware device as a backup: as root, " +
            "account menu > Security credentials > Assign MFA device (root can have up to 8).",
        ReasonCode.RootCredentialsAbsent =>
            "None required: root has no password, access keys or certificates. If root credentials are ever " +
            "recovered (password reset), assign a hardware device at once: account menu > Security credentials > " +
            "Assign MFA device > Passkey or security key, or Hardware TOTP token.",
        ReasonCode.RootNotApplicableGovCloud =>
            "None in this account: GovCloud (US) accounts have no usable root user. Enforce hardware MFA on the " +
            "root user of the standard AWS account that the GovCloud account is linked to.",
        ReasonCode.EvaluationError =>
            "Fix the cause in Compliance.StatusReasons, then re-run the check. The evaluating role needs " +
            "iam:GetAccountSummary and iam:ListVirtualMFADevices; the finding is updated on the next run.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };
}
