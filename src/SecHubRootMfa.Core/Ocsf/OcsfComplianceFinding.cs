using System.Text.Json.Serialization;

namespace SecHubRootMfa.Core.Ocsf;

// The subset of the OCSF 1.6.0 Compliance Finding class (class_uid 2003) this product writes, with the "cloud" profile.
// Property names are OCSF's own (snake_case through the serializer context); null properties are left out, as OCSF
// wants absent optional attributes omitted rather than null.

/// <summary>One OCSF Compliance Finding event.</summary>
public sealed record OcsfComplianceFinding
{
    /// <summary>1 Create or 2 Update.</summary>
    public int ActivityId { get; init; }

    /// <summary>The caption of <see cref="ActivityId"/>.</summary>
    public string? ActivityName { get; init; }

    /// <summary>2, Findings.</summary>
    public int CategoryUid { get; init; }

    /// <summary>Findings.</summary>
    public string? CategoryName { get; init; }

    /// <summary>2003, Compliance Finding.</summary>
    public int ClassUid { get; init; }

    /// <summary>Compliance Finding.</summary>
    public string? ClassName { get; init; }

    /// <summary><c>class_uid × 100 + activity_id</c>.</summary>
    public long TypeUid { get; init; }

    /// <summary>For example <c>Compliance Finding: Create</c>.</summary>
    public string? TypeName { get; init; }

    /// <summary>When this version of the finding was written, in epoch milliseconds.</summary>
    public long Time { get; init; }

    /// <summary>OCSF severity id (1 Informational … 5 Critical; 0 Unknown).</summary>
    public int SeverityId { get; init; }

    /// <summary>The caption of <see cref="SeverityId"/>.</summary>
    public string? Severity { get; init; }

    /// <summary>The finding's workflow status id (1 New, 2 In Progress, 3 Suppressed, 4 Resolved, 99 Other).</summary>
    public int? StatusId { get; init; }

    /// <summary>The caption of <see cref="StatusId"/>, or the source's value for Other.</summary>
    public string? Status { get; init; }

    /// <summary>The finding's description.</summary>
    public string? Message { get; init; }

    /// <summary>Who wrote the event and in which OCSF version.</summary>
    public OcsfMetadata? Metadata { get; init; }

    /// <summary>The finding itself: id, title, description, times.</summary>
    public OcsfFindingInfo? FindingInfo { get; init; }

    /// <summary>The control, standards, requirements and the result.</summary>
    public OcsfCompliance? Compliance { get; init; }

    /// <summary>What to do about it.</summary>
    public OcsfRemediation? Remediation { get; init; }

    /// <summary>The resources the finding is about.</summary>
    public IReadOnlyList<OcsfResourceDetails>? Resources { get; init; }

    /// <summary>The cloud profile's required object: provider, account, region.</summary>
    public OcsfCloud? Cloud { get; init; }

    /// <summary>The source's evidence that OCSF has no attribute for (our ProductFields, verbatim keys).</summary>
    public IReadOnlyDictionary<string, string>? Unmapped { get; init; }
}

/// <summary>OCSF <c>metadata</c>.</summary>
public sealed record OcsfMetadata
{
    /// <summary>The OCSF schema version the event follows.</summary>
    public string? Version { get; init; }

    /// <summary>The profiles applied, for example <c>cloud</c>.</summary>
    public IReadOnlyList<string>? Profiles { get; init; }

    /// <summary>The product that produced the finding.</summary>
    public OcsfProduct? Product { get; init; }

    /// <summary>The schema version of the original record: ASFF's <c>2018-10-08</c>.</summary>
    public string? LogVersion { get; init; }
}

/// <summary>OCSF <c>product</c>.</summary>
public sealed record OcsfProduct
{
    /// <summary>The product's name.</summary>
    public string? Name { get; init; }

    /// <summary>The vendor's name.</summary>
    public string? VendorName { get; init; }

    /// <summary>The product's version.</summary>
    public string? Version { get; init; }
}

/// <summary>OCSF <c>finding_info</c>.</summary>
public sealed record OcsfFindingInfo
{
    /// <summary>The finding Id, stable across re-evaluations.</summary>
    public string? Uid { get; init; }

    /// <summary>The finding's title.</summary>
    public string? Title { get; init; }

    /// <summary>The evidence in words.</summary>
    public string? Desc { get; init; }

    /// <summary>The ASFF finding types.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>When the finding was first created, epoch milliseconds.</summary>
    public long? CreatedTime { get; init; }

    /// <summary>When the issue was first observed, epoch milliseconds.</summary>
    public long? FirstSeenTime { get; init; }

    /// <summary>When the state behind the finding was last read, epoch milliseconds.</summary>
    public long? LastSeenTime { get; init; }

    /// <summary>When the finding was last updated, epoch milliseconds.</summary>
    public long? ModifiedTime { get; init; }
}

/// <summary>OCSF <c>compliance</c>.</summary>
public sealed record OcsfCompliance
{
    /// <summary>The control, for example <c>IAM.6</c>.</summary>
    public string? Control { get; init; }

    /// <summary>The control's criterion in words.</summary>
    public string? Desc { get; init; }

    /// <summary>The standards, for example <c>CIS AWS Foundations Benchmark v5.0.0</c>.</summary>
    public IReadOnlyList<string>? Standards { get; init; }

    /// <summary>The requirement ids, for example <c>CIS AWS Foundations Benchmark v5.0.0/1.5</c>.</summary>
    public IReadOnlyList<string>? Requirements { get; init; }

    /// <summary>1 Pass, 2 Warning, 3 Fail, 99 Other (the source's status, such as NOT_AVAILABLE), 0 Unknown.</summary>
    public int StatusId { get; init; }

    /// <summary>The caption of <see cref="StatusId"/>, or the source's status for Other.</summary>
    public string? Status { get; init; }

    /// <summary>The reason code, for example <c>NO_ROOT_MFA</c>.</summary>
    public string? StatusCode { get; init; }

    /// <summary>The reasons in words.</summary>
    public IReadOnlyList<string>? StatusDetails { get; init; }

    /// <summary>The check that produced the result: our control id, with the same result.</summary>
    public IReadOnlyList<OcsfCheck>? Checks { get; init; }
}

/// <summary>OCSF <c>check</c>.</summary>
public sealed record OcsfCheck
{
    /// <summary>The check's stable id.</summary>
    public string? Uid { get; init; }

    /// <summary>The check's name.</summary>
    public string? Name { get; init; }

    /// <summary>The standards the check serves.</summary>
    public IReadOnlyList<string>? Standards { get; init; }

    /// <summary>As <see cref="OcsfCompliance.StatusId"/>.</summary>
    public int StatusId { get; init; }

    /// <summary>As <see cref="OcsfCompliance.Status"/>.</summary>
    public string? Status { get; init; }
}

/// <summary>OCSF <c>remediation</c>.</summary>
public sealed record OcsfRemediation
{
    /// <summary>The steps.</summary>
    public string? Desc { get; init; }

    /// <summary>Links to the fix.</summary>
    public IReadOnlyList<string>? References { get; init; }
}

/// <summary>OCSF <c>resource_details</c>.</summary>
public sealed record OcsfResourceDetails
{
    /// <summary>The resource's id, ASFF's <c>AWS::::Account:&lt;id&gt;</c>.</summary>
    public string? Uid { get; init; }

    /// <summary>Another id: the root user's ARN.</summary>
    public string? UidAlt { get; init; }

    /// <summary>The resource's name.</summary>
    public string? Name { get; init; }

    /// <summary>ASFF's resource type, <c>AwsAccount</c>.</summary>
    public string? Type { get; init; }

    /// <summary>aws, aws-cn or aws-us-gov.</summary>
    public string? CloudPartition { get; init; }

    /// <summary>The region.</summary>
    public string? Region { get; init; }
}

/// <summary>OCSF <c>cloud</c>.</summary>
public sealed record OcsfCloud
{
    /// <summary>AWS.</summary>
    public string? Provider { get; init; }

    /// <summary>The account the finding is about.</summary>
    public OcsfAccount? Account { get; init; }

    /// <summary>aws, aws-cn or aws-us-gov.</summary>
    public string? CloudPartition { get; init; }

    /// <summary>The Security Hub home region.</summary>
    public string? Region { get; init; }
}

/// <summary>OCSF <c>account</c>.</summary>
public sealed record OcsfAccount
{
    /// <summary>The account id.</summary>
    public string? Uid { get; init; }

    /// <summary>The account's name in AWS Organizations, when known.</summary>
    public string? Name { get; init; }

    /// <summary>10, AWS Account.</summary>
    public int? TypeId { get; init; }

    /// <summary>The caption of <see cref="TypeId"/>.</summary>
    public string? Type { get; init; }
}

/// <summary>Source-generated JSON for the OCSF model: snake_case names, nulls omitted, no reflection.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(OcsfComplianceFinding))]
[JsonSerializable(typeof(List<OcsfComplianceFinding>))]
public sealed partial class OcsfJsonContext : JsonSerializerContext;
