namespace SecHubRootMfa.Core.Evaluation;

/// <summary>A virtual MFA device as listed by IAM <c>ListVirtualMFADevices</c>.</summary>
/// <param name="SerialNumber">The device ARN, for example <c>arn:aws:iam::111122223333:mfa/root-phone</c>.</param>
/// <param name="AssignedUserArn">The ARN of the user the device is assigned to; null when unassigned.</param>
/// <param name="EnableDate">When the device was enabled; null when unassigned.</param>
public sealed record VirtualMfaDevice(string SerialNumber, string? AssignedUserArn, DateTimeOffset? EnableDate = null);

/// <summary>What kind of authenticator an MFA serial number names.</summary>
public enum MfaDeviceKind
{
    /// <summary>A virtual (authenticator app) device: serial <c>arn:…:mfa/…</c>.</summary>
    Virtual,

    /// <summary>A FIDO security key or passkey: serial <c>arn:…:u2f/…</c>.</summary>
    Fido,

    /// <summary>A hardware TOTP token: a plain serial number such as <c>GAHT12345678</c>.</summary>
    HardwareTotp,
}

/// <summary>Classifies MFA devices by serial number, the only field that tells their kind apart.</summary>
public static class MfaDeviceKinds
{
    /// <summary>The shortest serial number IAM accepts (IAM API reference, <c>SerialNumber</c>).</summary>
    public const int MinSerialLength = 9;

    /// <summary>The longest serial number IAM accepts.</summary>
    public const int MaxSerialLength = 256;

    /// <summary>
    /// True when <paramref name="serialNumber"/> is a serial number IAM could have issued: 9 to 256 characters of
    /// IAM's documented pattern <c>[\w+=/:,.@-]+</c>, where <c>\w</c> is ASCII letters, digits and underscore.
    /// </summary>
    public static bool IsValidSerial(string? serialNumber)
    {
        if (serialNumber is null || serialNumber.Length is < MinSerialLength or > MaxSerialLength)
        {
            return false;
        }

        foreach (var c in serialNumber)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or '/' or ':' or ',' or '.' or '@' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Virtual for IAM <c>mfa/</c> ARNs, FIDO for <c>u2f/</c> ARNs, hardware TOTP for anything else.</summary>
    public static MfaDeviceKind Classify(string serialNumber)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serialNumber);
        if (serialNumber.StartsWith("arn:", StringComparison.Ordinal))
        {
            // arn:partition:iam::account:mfa/name or :u2f/name; the resource type follows the fifth colon.
            var parts = serialNumber.Split(':', 6);
            if (parts.Length == 6 && parts[2] == "iam")
            {
                if (parts[5].StartsWith("u2f/", StringComparison.Ordinal))
                {
                    return MfaDeviceKind.Fido;
                }

                if (parts[5].StartsWith("mfa/", StringComparison.Ordinal))
                {
                    return MfaDeviceKind.Virtual;
                }
            }
        }

        return MfaDeviceKind.HardwareTotp;
    }

    /// <summary>The evidence spelling: <c>virtual</c>, <c>fido</c> or <c>hardware-totp</c>.</summary>
    public static string ToEvidence(this MfaDeviceKind kind) => kind switch
    {
        MfaDeviceKind.Virtual => "virtual",
        MfaDeviceKind.Fido => "fido",
        MfaDeviceKind.HardwareTotp => "hardware-totp",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>One MFA device of the root user, as IAM <c>ListMFADevices</c> lists it under root credentials.</summary>
/// <param name="SerialNumber">The device ARN (virtual, FIDO) or the hardware token's serial number.</param>
/// <param name="EnableDate">When it was enabled; null when IAM did not say.</param>
public sealed record RootMfaDevice(string SerialNumber, DateTimeOffset? EnableDate = null)
{
    /// <summary>The device's kind, from its serial number.</summary>
    public MfaDeviceKind Kind => MfaDeviceKinds.Classify(SerialNumber);
}

/// <summary>
/// Every MFA device of the root user, read with <c>sts:AssumeRoot</c> (task policy IAMAuditRootUserCredentials) and
/// <c>iam:ListMFADevices</c>. Unlike ListVirtualMFADevices it also shows hardware TOTP tokens and FIDO keys.
/// </summary>
/// <param name="Devices">The devices, any order; the evaluator sorts them.</param>
public sealed record RootMfaInventory(IReadOnlyList<RootMfaDevice> Devices)
{
    /// <summary>Devices that are not virtual: hardware TOTP tokens and FIDO security keys.</summary>
    public int HardwareCount => Devices.Count(d => d.Kind != MfaDeviceKind.Virtual);

    /// <summary>The devices sorted by kind then serial, so evidence is deterministic.</summary>
    public IReadOnlyList<RootMfaDevice> Sorted =>
        [.. Devices.OrderBy(d => d.Kind).ThenBy(d => d.SerialNumber, StringComparer.Ordinal)];
}
