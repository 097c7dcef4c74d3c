namespace SecHubRootMfa.Core.Evaluation;

/// <summary>How a Level 2 account with several root MFA devices is judged.</summary>
public enum MfaPolicyMode
{
    /// <summary>Default: any virtual device on root fails, as Security Hub's IAM.6 and the AWS Config rule do.</summary>
    Strict,

    /// <summary>
    /// Passes when the root device inventory shows at least one hardware TOTP token or FIDO key, even beside virtual
    /// devices. Without an inventory (no AssumeRoot) a hardware device cannot be seen, so it judges like strict.
    /// </summary>
    AtLeastOneHardware,
}

/// <summary>Parsing and spelling of <see cref="MfaPolicyMode"/>.</summary>
public static class MfaPolicyModes
{
    /// <summary>Accepts <c>strict</c> and <c>at-least-one-hardware</c> in any case; false for anything else.</summary>
    public static bool TryParse(string? value, out MfaPolicyMode mode)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "STRICT":
                mode = MfaPolicyMode.Strict;
                return true;
            case "AT-LEAST-ONE-HARDWARE":
                mode = MfaPolicyMode.AtLeastOneHardware;
                return true;
            default:
                mode = MfaPolicyMode.Strict;
                return false;
        }
    }

    /// <summary><c>strict</c> or <c>at-least-one-hardware</c>.</summary>
    public static string ToConfig(this MfaPolicyMode mode) => mode switch
    {
        MfaPolicyMode.Strict => "strict",
        MfaPolicyMode.AtLeastOneHardware => "at-least-one-hardware",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };
}
