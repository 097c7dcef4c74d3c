namespace SecHubRootMfa.Core.Evaluation;

/// <summary>Which CIS level an account is held to.</summary>
public enum PolicyProfile
{
    /// <summary>Default: root needs a hardware TOTP token or a FIDO security key; any virtual device fails.</summary>
    Level2,

    /// <summary>The seed's exception for accounts where hardware devices are impractical: virtual MFA is accepted.</summary>
    Level1,
}

/// <summary>Parsing of <see cref="PolicyProfile"/> from configuration and command lines.</summary>
public static class PolicyProfiles
{
    /// <summary>Accepts <c>level1</c>/<c>level2</c> in any case; returns false for anything else.</summary>
    public static bool TryParse(string? value, out PolicyProfile profile)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "LEVEL1":
                profile = PolicyProfile.Level1;
                return true;
            case "LEVEL2":
                profile = PolicyProfile.Level2;
                return true;
            default:
                profile = PolicyProfile.Level2;
                return false;
        }
    }
}
