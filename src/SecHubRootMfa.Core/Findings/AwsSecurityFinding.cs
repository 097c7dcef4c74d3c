using System.Text.Json.Serialization;

namespace SecHubRootMfa.Core.Findings;

// The subset of the AWS Security Finding Format (ASFF, schema 2018-10-08) this product writes and reads back.
// Property names are ASFF's own spelling; the names of the types follow the official AWSSDK.SecurityHub model
// so that a later switch to that package is a mapping, not a redesign.

/// <summary>One ASFF finding, as sent to <c>BatchImportFindings</c> and returned by <c>GetFindings</c>.</summary>
public sealed record AwsSecurityFinding
{
    /// <summary>Always <c>2018-10-08</c>.</summary>
    public string? SchemaVersion { get; init; }

    /// <summary>Deterministic per partition, account and control, so re-evaluations update in place.</summary>
    public string? Id { get; init; }

    /// <summary>The importing account's default product ARN.</summary>
    public string? ProductArn { get; init; }

    /// <summary>Stable identifier of the rule that produced the finding.</summary>
    public string? GeneratorId { get; init; }

    /// <summary>The account the finding is about.</summary>
    public string? AwsAccountId { get; init; }

    /// <summary>The account's name in AWS Organizations, when known (organization mode).</summary>
    public string? AwsAccountName { get; init; }

    /// <summary>The product's name as the console shows it (settable by a custom integration's default product).</summary>
    public string? ProductName { get; init; }

    /// <summary>The provider's name as the console shows it (settable by a custom integration's default product).</summary>
    public string? CompanyName { get; init; }

    /// <summary>ASFF finding type taxonomy paths.</summary>
    public List<string>? Types { get; init; }

    /// <summary>When the issue was first observed (RFC 3339).</summary>
    public string? FirstObservedAt { get; init; }

    /// <summary>When the state behind this finding was last read (RFC 3339).</summary>
    public string? LastObservedAt { get; init; }

    /// <summary>When the finding was first created (RFC 3339).</summary>
    public string? CreatedAt { get; init; }

    /// <summary>When the finding was last updated (RFC 3339).</summary>
    public string? UpdatedAt { get; init; }

    /// <summary>The severity.</summary>
    public Severity? Severity { get; init; }

    /// <summary>A stable title (≤ 256 characters).</summary>
    public string? Title { get; init; }

    /// <summary>The evidence for this account (≤ 1024 characters).</summary>
    public string? Description { get; init; }

    /// <summary>What to do about it.</summary>
    public Remediation? Remediation { get; init; }

    /// <summary>Provider-specific evidence (≤ 50 keys).</summary>
    public Dictionary<string, string>? ProductFields { get; init; }

    /// <summary>The resources the finding is about.</summary>
    public List<Resource>? Resources { get; init; }

    /// <summary>The control's result.</summary>
    public Compliance? Compliance { get; init; }

    /// <summary>ACTIVE while the control applies.</summary>
    public string? RecordState { get; init; }

    /// <summary>The investigation workflow.</summary>
    public Workflow? Workflow { get; init; }

    /// <summary>Fields the provider owns, which override the top-level ones after a customer update.</summary>
    public FindingProviderFields? FindingProviderFields { get; init; }

    /// <summary>Set by Security Hub; read back from GetFindings only.</summary>
    public string? Region { get; init; }
}

/// <summary>ASFF <c>Severity</c>.</summary>
public sealed record Severity
{
    /// <summary>INFORMATIONAL, LOW, MEDIUM, HIGH or CRITICAL.</summary>
    public string? Label { get; init; }

    /// <summary>The provider's own severity value.</summary>
    public string? Original { get; init; }
}

/// <summary>ASFF <c>Remediation</c>.</summary>
public sealed record Remediation
{
    /// <summary>The recommended steps.</summary>
    public Recommendation? Recommendation { get; init; }
}

/// <summary>ASFF <c>Remediation.Recommendation</c>.</summary>
public sealed record Recommendation
{
    /// <summary>Steps a person can follow without opening anything else (≤ 512 characters).</summary>
    public string? Text { get; init; }

    /// <summary>AWS's page on the fix.</summary>
    public string? Url { get; init; }
}

/// <summary>ASFF <c>Resource</c>.</summary>
public sealed record Resource
{
    /// <summary>For this control always <c>AwsAccount</c>.</summary>
    public string? Type { get; init; }

    /// <summary><c>AWS::::Account:&lt;id&gt;</c>.</summary>
    public string? Id { get; init; }

    /// <summary>aws, aws-cn or aws-us-gov.</summary>
    public string? Partition { get; init; }

    /// <summary>The Security Hub home region.</summary>
    public string? Region { get; init; }
}

/// <summary>ASFF <c>Compliance</c>.</summary>
public sealed record Compliance
{
    /// <summary>PASSED, WARNING, FAILED or NOT_AVAILABLE.</summary>
    public string? Status { get; init; }

    /// <summary>The CIS requirement ids this control maps to.</summary>
    public List<string>? RelatedRequirements { get; init; }

    /// <summary>Why the status is what it is.</summary>
    public List<StatusReason>? StatusReasons { get; init; }
}

/// <summary>ASFF <c>Compliance.StatusReasons</c> entry.</summary>
public sealed record StatusReason
{
    /// <summary>A reason code, for example <c>VIRTUAL_MFA_ON_ROOT</c>.</summary>
    public string? ReasonCode { get; init; }

    /// <summary>The reason in words (≤ 2048 characters).</summary>
    public string? Description { get; init; }
}

/// <summary>ASFF <c>Workflow</c>.</summary>
public sealed record Workflow
{
    /// <summary>NEW, NOTIFIED, RESOLVED or SUPPRESSED.</summary>
    public string? Status { get; init; }
}

/// <summary>ASFF <c>FindingProviderFields</c>.</summary>
public sealed record FindingProviderFields
{
    /// <summary>The provider's severity.</summary>
    public Severity? Severity { get; init; }

    /// <summary>The provider's finding types.</summary>
    public List<string>? Types { get; init; }
}

/// <summary>Source-generated JSON for the ASFF model: ASFF's spelling, nulls omitted, no reflection.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.Unspecified)]
[JsonSerializable(typeof(AwsSecurityFinding))]
[JsonSerializable(typeof(List<AwsSecurityFinding>))]
public sealed partial class AsffJsonContext : JsonSerializerContext;
