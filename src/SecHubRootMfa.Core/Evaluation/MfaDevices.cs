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

    /// <summary>A serial of no shape AWS documents for a device kind: never counted as hardware, named in the finding.</summary>
    Unknown,
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

    /// <summary>
    /// Virtual for <c>arn:&lt;partition&gt;:iam::&lt;account&gt;:mfa/…</c>, FIDO for <c>…:u2f/…</c>, hardware TOTP for a plain
    /// serial of letters and digits (AWS's example <c>GAHT12345678</c>), <see cref="MfaDeviceKind.Unknown"/> for anything else.
    /// With <paramref name="accountId"/>, an ARN of another account is unknown too.
    /// </summary>
    // The shapes are the documented ones only. IAM API reference, MFADevice.SerialNumber and EnableMFADevice.SerialNumber
    // (https://docs.aws.amazon.com/IAM/latest/APIReference/API_MFADevice.html): "For virtual MFA devices, the serial number
    // is the device ARN"; STS GetSessionToken SerialNumber: "either the serial number for a hardware device (such as
    // GAHT12345678) or an Amazon Resource Name (ARN) for a virtual device"; IAM User Guide, "Enable a hardware TOTP token
    // for the root user" (https://docs.aws.amazon.com/IAM/latest/UserGuide/enable-hw-mfa-for-root.html): the serial number
    // "found on the back of the MFA device". FIDO keys are u2f/ ARNs (IAM User Guide, FIDO security keys). An ARN of any
    // other resource type (the retired SMS MFA's sms-mfa/, say) or a plain serial with ARN punctuation is of no known kind.
    public static MfaDeviceKind Classify(string serialNumber, string? accountId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(serialNumber);
        if (serialNumber.StartsWith("arn:", StringComparison.Ordinal))
        {
            // arn:partition:iam::account:mfa/name or :u2f/name; the resource type follows the fifth colon.
            var parts = serialNumber.Split(':', 6);
            if (parts.Length != 6 || parts[1] is not ("aws" or "aws-cn" or "aws-us-gov") || parts[2] != "iam" || parts[3].Length != 0
                || !AccountIds.IsValid(parts[4]) || (accountId is not null && parts[4] != accountId))
            {
                return MfaDeviceKind.Unknown;
            }

            return parts[5] switch
            {
                var r when r.StartsWith("u2f/", StringComparison.Ordinal) && r.Length > "u2f/".Length => MfaDeviceKind.Fido,
                var r when r.StartsWith("mfa/", StringComparison.Ordinal) && r.Length > "mfa/".Length => MfaDeviceKind.Virtual,
                _ => MfaDeviceKind.Unknown,
            };
        }

        return IsValidSerial(serialNumber) && serialNumber.All(char.IsAsciiLetterOrDigit) ? MfaDeviceKind.HardwareTotp : MfaDeviceKind.Unknown;
    }

    /// <summary>The evidence spelling: <c>virtual</c>, <c>fido</c>, <c>hardware-totp</c> or <c>unknown</c>.</summary>
    public static string ToEvidence(this MfaDeviceKind kind) => kind switch
    {
        MfaDeviceKind.Virtual => "virtual",
        MfaDeviceKind.Fido => "fido",
        MfaDeviceKind.HardwareTotp => "hardware-totp",
        MfaDeviceKind.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>One MFA device of the root user, as IAM <c>ListMFADevices</c> lists it under root credentials.</summary>
/// <param name="SerialNumber">The device ARN (virtual, FIDO) or the hardware token's serial number.</param>
/// <param name="EnableDate">When it was enabled; null when IAM did not say.</param>
/// <param name="AccountId">The account whose root lists it: an ARN serial of another account is of unknown kind.</param>
public sealed record RootMfaDevice(string SerialNumber, DateTimeOffset? EnableDate = null, string? AccountId = null)
{
    /// <summary>The device's kind, from its serial number.</summary>
    public MfaDeviceKind Kind => MfaDeviceKinds.Classify(SerialNumber, AccountId);
}

/// <summary>
/// Every MFA device of the root user, read with <c>sts:AssumeRoot</c> (task policy IAMAuditRootUserCredentials) and
/// <c>iam:ListMFADevices</c>. Unlike ListVirtualMFADevices it also shows hardware TOTP tokens and FIDO keys.
/// </summary>
/// <param name="Devices">The devices, any order; the evaluator sorts them.</param>
public sealed record RootMfaInventory(IReadOnlyList<RootMfaDevice> Devices)
{
    /// <summary>Hardware TOTP tokens and FIDO security keys: the only kinds that count toward hardware MFA.</summary>
    public int HardwareCount => Devices.Count(d => d.Kind is MfaDeviceKind.HardwareTotp or MfaDeviceKind.Fido);

    /// <summary>Devices of no documented kind: never counted as hardware, always named in the finding.</summary>
    public IReadOnlyList<RootMfaDevice> Unknown => [.. Sorted.Where(d => d.Kind == MfaDeviceKind.Unknown)];

    /// <summary>The devices sorted by kind then serial, so evidence is deterministic.</summary>
    public IReadOnlyList<RootMfaDevice> Sorted =>
        [.. Devices.OrderBy(d => d.Kind).ThenBy(d => d.SerialNumber, StringComparer.Ordinal)];
}
