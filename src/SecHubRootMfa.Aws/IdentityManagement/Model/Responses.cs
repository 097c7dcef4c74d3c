using Amazon.Runtime;

namespace SecHubRootMfa.Aws.IdentityManagement.Model;

/// <summary>Output of <c>GetAccountSummary</c>.</summary>
public sealed class GetAccountSummaryResponse : AmazonWebServiceResponse
{
    /// <summary>Entity counts and quotas by name, e.g. <c>AccountMFAEnabled</c> = 1.</summary>
    public Dictionary<string, int> SummaryMap { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Output of <c>ListVirtualMFADevices</c> (one page).</summary>
public sealed class ListVirtualMFADevicesResponse : AmazonWebServiceResponse
{
    /// <summary>The devices on this page.</summary>
    public List<VirtualMFADevice> VirtualMFADevices { get; set; } = [];

    /// <summary>True when more pages follow; pass <see cref="Marker"/> to get the next.</summary>
    public bool? IsTruncated { get; set; }

    /// <summary>The marker for the next page when truncated.</summary>
    public string? Marker { get; set; }
}

/// <summary>Output of <c>ListMFADevices</c> (one page).</summary>
public sealed class ListMFADevicesResponse : AmazonWebServiceResponse
{
    /// <summary>The devices on this page.</summary>
    public List<MFADevice> MFADevices { get; set; } = [];

    /// <summary>True when more pages follow.</summary>
    public bool? IsTruncated { get; set; }

    /// <summary>The marker for the next page when truncated.</summary>
    public string? Marker { get; set; }
}

/// <summary>A virtual MFA device.</summary>
public sealed class VirtualMFADevice
{
    /// <summary>The device ARN, e.g. <c>arn:aws:iam::123456789012:mfa/root-account-mfa-device</c>.</summary>
    public string? SerialNumber { get; set; }

    /// <summary>The user it is assigned to (for root: the account's root ARN), or null if unassigned.</summary>
    public User? User { get; set; }

    /// <summary>When it was enabled (UTC), or null if unassigned.</summary>
    public DateTime? EnableDate { get; set; }
}

/// <summary>An IAM user as embedded in other shapes.</summary>
public sealed class User
{
    /// <summary>The user's ARN (for root: <c>arn:aws:iam::&lt;account&gt;:root</c>).</summary>
    public string? Arn { get; set; }

    /// <summary>The user name.</summary>
    public string? UserName { get; set; }

    /// <summary>The stable user id (for root: the account id).</summary>
    public string? UserId { get; set; }

    /// <summary>The path.</summary>
    public string? Path { get; set; }

    /// <summary>When the user was created (UTC).</summary>
    public DateTime? CreateDate { get; set; }

    /// <summary>When the user's password was last used (UTC).</summary>
    public DateTime? PasswordLastUsed { get; set; }
}

/// <summary>An MFA device enabled for an IAM user (virtual, hardware TOTP or FIDO).</summary>
public sealed class MFADevice
{
    /// <summary>The user the device belongs to.</summary>
    public string? UserName { get; set; }

    /// <summary>The device ARN (virtual/FIDO) or hardware serial number.</summary>
    public string? SerialNumber { get; set; }

    /// <summary>When it was enabled (UTC).</summary>
    public DateTime? EnableDate { get; set; }
}
