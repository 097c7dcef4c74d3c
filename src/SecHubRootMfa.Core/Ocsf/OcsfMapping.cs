using SecHubRootMfa.Core.Evaluation;
using SecHubRootMfa.Core.Findings;

namespace SecHubRootMfa.Core.Ocsf;

/// <summary>
/// Maps our ASFF finding to an OCSF 1.6.0 Compliance Finding with the cloud profile. Pure and total for any finding
/// the builder makes; strings are fitted to the same limits ASFF has, and a compliance status OCSF has no value for
/// (NOT_AVAILABLE) or that is missing never becomes Pass.
/// </summary>
public static class OcsfMapping
{
    /// <summary>The OCSF version the events follow, in <c>metadata.version</c>.</summary>
    public const string SchemaVersion = "1.6.0";

    /// <summary>Compliance Finding.</summary>
    public const int ClassUid = 2003;

    /// <summary>Findings.</summary>
    public const int CategoryUid = 2;

    /// <summary>OCSF activity: the finding was created (first written, or no existing finding was read).</summary>
    public const int ActivityCreate = 1;

    /// <summary>OCSF activity: an existing finding was updated.</summary>
    public const int ActivityUpdate = 2;

    /// <summary>OCSF compliance.status_id for a status OCSF has no value for; <c>status</c> then holds ASFF's own.</summary>
    public const int ComplianceStatusOther = 99;

    /// <summary>OCSF compliance.status_id when the finding has no compliance status.</summary>
    public const int ComplianceStatusUnknown = 0;

    private const string CloudProfile = "cloud";
    private const int AwsAccountTypeId = 10;

    /// <summary>
    /// The OCSF event for <paramref name="finding"/>. Update (200302) when the finding kept the CreatedAt of one that
    /// existed before this observation (the check read it from Security Hub), otherwise Create (200301).
    /// Throws <see cref="ArgumentException"/> when the finding has no UpdatedAt or LastObservedAt to date the event.
    /// </summary>
    public static OcsfComplianceFinding Map(AwsSecurityFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var updated = Millis(finding.UpdatedAt) ?? Millis(finding.LastObservedAt)
            ?? throw new ArgumentException($"Finding {finding.Id} has no UpdatedAt or LastObservedAt to date the OCSF event.", nameof(finding));
        var activity = ActivityOf(finding);
        var (severityId, severity) = SeverityOf(finding.Severity?.Label);
        var (statusId, status) = ComplianceStatusOf(finding.Compliance?.Status);
        var (workflowId, workflow) = WorkflowOf(finding.Workflow?.Status);
        var requirements = (finding.Compliance?.RelatedRequirements ?? []).Select(Identifier).ToList();
        var standards = StandardsOf(requirements);
        var resource = finding.Resources?.FirstOrDefault();
        var description = Bounded(finding.Description, AsffLimits.Description);

        return new OcsfComplianceFinding
        {
            ActivityId = activity,
            ActivityName = activity == ActivityUpdate ? "Update" : "Create",
            CategoryUid = CategoryUid,
            CategoryName = "Findings",
            ClassUid = ClassUid,
            ClassName = "Compliance Finding",
            TypeUid = (ClassUid * 100L) + activity,
            TypeName = activity == ActivityUpdate ? "Compliance Finding: Update" : "Compliance Finding: Create",
            Time = updated,
            SeverityId = severityId,
            Severity = severity,
            StatusId = workflowId,
            Status = workflow,
            Message = description,
            Metadata = new OcsfMetadata
            {
                Version = SchemaVersion,
                Profiles = [CloudProfile],
                Product = new OcsfProduct
                {
                    Name = Bounded(finding.ProductName, AsffLimits.Identifier) ?? ControlIdentity.ProductName,
                    VendorName = Bounded(finding.CompanyName, AsffLimits.Identifier) ?? ControlIdentity.CompanyName,
                    Version = finding.ProductFields?.GetValueOrDefault("ProviderVersion") is { } version ? Identifier(version) : null,
                },
                LogVersion = Bounded(finding.SchemaVersion, AsffLimits.Identifier),
            },
            FindingInfo = new OcsfFindingInfo
            {
                Uid = Bounded(finding.Id, AsffLimits.Identifier) ?? throw new ArgumentException("The finding has no Id.", nameof(finding)),
                Title = Bounded(finding.Title, AsffLimits.Title),
                Desc = description,
                Types = finding.Types is { Count: > 0 } types ? [.. types.Select(Identifier)] : null,
                CreatedTime = Millis(finding.CreatedAt),
                FirstSeenTime = Millis(finding.FirstObservedAt),
                LastSeenTime = Millis(finding.LastObservedAt),
                ModifiedTime = Millis(finding.UpdatedAt),
            },
            Compliance = new OcsfCompliance
            {
                Control = ControlIdentity.SecurityHubControlId,
                Desc = ControlIdentity.Recommendation,
                Standards = standards,
                Requirements = requirements,
                StatusId = statusId,
                Status = status,
                StatusCode = finding.Compliance?.StatusReasons?.FirstOrDefault()?.ReasonCode is { } code ? Identifier(code) : null,
                StatusDetails = finding.Compliance?.StatusReasons is { Count: > 0 } reasons
                    ? [.. reasons.Select(r => Bounded(r.Description, AsffLimits.StatusReasonDescription) ?? r.ReasonCode ?? "")]
                    : null,
                Checks =
                [
                    new OcsfCheck
                    {
                        Uid = Bounded(finding.GeneratorId, AsffLimits.Identifier) ?? ControlIdentity.GeneratorId,
                        Name = Bounded(finding.Title, AsffLimits.Title),
                        Standards = standards,
                        StatusId = statusId,
                        Status = status,
                    },
                ],
            },
            Remediation = finding.Remediation?.Recommendation is { Text: { Length: > 0 } text } recommendation
                ? new OcsfRemediation
                {
                    Desc = AsffText.Fit(text, AsffLimits.RecommendationText),
                    References = recommendation.Url is { Length: > 0 } url ? [Identifier(url)] : null,
                }
                : null,
            Resources = finding.Resources is { Count: > 0 } resources ? [.. resources.Select(r => ResourceOf(r, finding.AwsAccountId))] : null,
            Cloud = new OcsfCloud
            {
                Provider = "AWS",
                Account = finding.AwsAccountId is { Length: > 0 } account
                    ? new OcsfAccount
                    {
                        Uid = Identifier(account),
                        Name = Bounded(finding.AwsAccountName, DeploymentContext.MaxAccountNameLength),
                        TypeId = AwsAccountTypeId,
                        Type = "AWS Account",
                    }
                    : null,
                CloudPartition = Bounded(resource?.Partition, AsffLimits.Identifier),
                Region = Bounded(resource?.Region ?? finding.Region, AsffLimits.Identifier),
            },
            Unmapped = UnmappedOf(finding.ProductFields),
        };
    }

    /// <summary>
    /// Update when the finding's CreatedAt precedes its LastObservedAt: the builder keeps CreatedAt only from a finding
    /// it read in Security Hub; a first import (or a check that read nothing) stamps CreatedAt with this observation.
    /// </summary>
    public static int ActivityOf(AwsSecurityFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Millis(finding.CreatedAt) is { } created && Millis(finding.LastObservedAt) is { } observed && created < observed
            ? ActivityUpdate
            : ActivityCreate;
    }

    /// <summary>
    /// OCSF compliance.status_id and status for an ASFF Compliance.Status: PASSED 1 Pass, WARNING 2 Warning, FAILED 3 Fail,
    /// NOT_AVAILABLE 99 Other with status <c>NOT_AVAILABLE</c>, anything else or nothing 0 Unknown.
    /// </summary>
    public static (int Id, string Caption) ComplianceStatusOf(string? asffStatus) => asffStatus switch
    {
        "PASSED" => (1, "Pass"),
        "WARNING" => (2, "Warning"),
        "FAILED" => (3, "Fail"),
        "NOT_AVAILABLE" => (ComplianceStatusOther, "NOT_AVAILABLE"),
        _ => (ComplianceStatusUnknown, "Unknown"),
    };

    /// <summary>OCSF severity_id and severity for an ASFF Severity.Label; a missing or unknown label is 0 Unknown.</summary>
    public static (int Id, string Caption) SeverityOf(string? label) => label switch
    {
        "INFORMATIONAL" => (1, "Informational"),
        "LOW" => (2, "Low"),
        "MEDIUM" => (3, "Medium"),
        "HIGH" => (4, "High"),
        "CRITICAL" => (5, "Critical"),
        _ => (0, "Unknown"),
    };

    // The finding's own status_id is the workflow: OCSF's New / In Progress / Suppressed / Resolved.
    private static (int? Id, string? Caption) WorkflowOf(string? workflow) => workflow switch
    {
        null or "" => (null, null),
        "NEW" => (1, "New"),
        "NOTIFIED" => (2, "In Progress"),
        "SUPPRESSED" => (3, "Suppressed"),
        "RESOLVED" => (4, "Resolved"),
        _ => (99, Identifier(workflow)),
    };

    // "CIS AWS Foundations Benchmark v5.0.0/1.5" is requirement 1.5 of standard "CIS AWS Foundations Benchmark v5.0.0".
    private static List<string> StandardsOf(List<string> requirements) =>
        [.. requirements.Select(r => r.LastIndexOf('/') is > 0 and var at ? r[..at] : r).Distinct(StringComparer.Ordinal)];

    private static OcsfResourceDetails ResourceOf(Resource resource, string? accountId) => new()
    {
        Uid = Bounded(resource.Id, AsffLimits.Identifier),
        // The account's resource is its root user: the subject of the control.
        UidAlt = resource.Type == "AwsAccount" && RootUserArn(resource.Partition, accountId) is { } arn ? arn : null,
        Name = resource.Type == "AwsAccount" ? "root" : null,
        Type = Bounded(resource.Type, AsffLimits.Identifier),
        CloudPartition = Bounded(resource.Partition, AsffLimits.Identifier),
        Region = Bounded(resource.Region, AsffLimits.Identifier),
    };

    private static string? RootUserArn(string? partition, string? accountId)
    {
        if (!AccountIds.IsValid(accountId) || partition is not ("aws" or "aws-cn" or "aws-us-gov"))
        {
            return null;
        }

        return AwsPartition.Parse(partition).RootUserArn(accountId!);
    }

    // Every ProductFields key OCSF has no attribute for, verbatim and within ASFF's own ProductFields limits; the
    // provider's name and version are metadata.product.
    private static Dictionary<string, string>? UnmappedOf(Dictionary<string, string>? fields)
    {
        if (fields is null)
        {
            return null;
        }

        var unmapped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in fields.Where(f => f.Key is not ("ProviderName" or "ProviderVersion")).Take(AsffLimits.ProductFieldCount))
        {
            unmapped[AsffText.Fit(key, AsffLimits.ProductFieldKey)] = value.Length == 0 ? value : AsffText.Fit(value, AsffLimits.ProductFieldValue);
        }

        return unmapped.Count == 0 ? null : unmapped;
    }

    private static long? Millis(string? timestamp) => FindingFields.Time(timestamp)?.ToUnixTimeMilliseconds();

    private static string Identifier(string value) => value.Length == 0 ? value : AsffText.Fit(value, AsffLimits.Identifier);

    private static string? Bounded(string? value, int max) => string.IsNullOrEmpty(value) ? null : AsffText.Fit(value, max);
}
