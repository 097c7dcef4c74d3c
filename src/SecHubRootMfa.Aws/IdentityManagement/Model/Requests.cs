using Amazon.Runtime;

namespace SecHubRootMfa.Aws.IdentityManagement.Model;

/// <summary>Which virtual MFA devices <c>ListVirtualMFADevices</c> returns.</summary>
public sealed class AssignmentStatusType : IEquatable<AssignmentStatusType>
{
    /// <summary>Devices assigned to a user (including root).</summary>
    public static readonly AssignmentStatusType Assigned = new("Assigned");

    /// <summary>Devices not assigned to anyone.</summary>
    public static readonly AssignmentStatusType Unassigned = new("Unassigned");

    /// <summary>All devices (the service default).</summary>
    public static readonly AssignmentStatusType Any = new("Any");

    private AssignmentStatusType(string value) => Value = value;

    /// <summary>The wire value.</summary>
    public string Value { get; }

    /// <inheritdoc />
    public bool Equals(AssignmentStatusType? other) => other is not null && other.Value == Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as AssignmentStatusType);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Input of <c>GetAccountSummary</c> (no parameters).</summary>
public sealed class GetAccountSummaryRequest : AmazonWebServiceRequest;

/// <summary>Input of <c>ListVirtualMFADevices</c>.</summary>
public sealed class ListVirtualMFADevicesRequest : AmazonWebServiceRequest
{
    /// <summary>Filter by assignment; null means the service default (Any).</summary>
    public AssignmentStatusType? AssignmentStatus { get; set; }

    /// <summary>The <c>Marker</c> of the previous page, or null for the first page.</summary>
    public string? Marker { get; set; }

    /// <summary>Page size, 1–1000; null means the service default (100).</summary>
    public int? MaxItems { get; set; }
}

/// <summary>Input of <c>ListMFADevices</c>.</summary>
public sealed class ListMFADevicesRequest : AmazonWebServiceRequest
{
    /// <summary>The IAM user; null means the caller (for root credentials, the root user).</summary>
    public string? UserName { get; set; }

    /// <summary>The <c>Marker</c> of the previous page, or null for the first page.</summary>
    public string? Marker { get; set; }

    /// <summary>Page size, 1–1000; null means the service default (100).</summary>
    public int? MaxItems { get; set; }
}
