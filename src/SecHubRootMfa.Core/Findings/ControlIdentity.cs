using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Findings;

/// <summary>The fixed identity of this control: ids, title, types and CIS mappings.</summary>
public static class ControlIdentity
{
    /// <summary>The provider name in ProductFields.</summary>
    public const string ProviderName = "SecHubRootMfa";

    /// <summary>The control's short name, part of every finding Id.</summary>
    public const string ControlName = "root-user-hardware-mfa";

    /// <summary>The Security Hub control that checks the same CIS recommendation (the finding sits beside it, never updates it).</summary>
    public const string SecurityHubControlId = "IAM.6";

    /// <summary>The CIS recommendation's title.</summary>
    public const string Recommendation = "Ensure hardware MFA is enabled for the 'root' user account";

    /// <summary>Stable across versions and accounts.</summary>
    public const string GeneratorId = "sechubrootmfa/" + ControlName;

    /// <summary>
    /// The finding title, the same for every status so analysts can filter on it; deliberately not the native IAM.6
    /// control's title ("Hardware MFA should be enabled for the root user"), so the two never read as one list entry.
    /// </summary>
    public const string Title = "Root user hardware MFA (SecHubRootMfa: re-checked on every root MFA change, with IAM evidence)";

    /// <summary>ASFF ProductName, shown by the console instead of the default product's generic name.</summary>
    public const string ProductName = "SecHubRootMfa";

    /// <summary>ASFF CompanyName, shown by the console instead of the importing account's default.</summary>
    public const string CompanyName = "SecHubRootMfa";

    /// <summary>The ASFF finding type.</summary>
    public const string FindingType =
        "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark";

    /// <summary>The recommendation's number in each CIS AWS Foundations Benchmark version that has it.</summary>
    public static IReadOnlyList<string> RelatedRequirements { get; } =
    [
        "CIS AWS Foundations Benchmark v1.2.0/1.14",
        "CIS AWS Foundations Benchmark v1.4.0/1.6",
        "CIS AWS Foundations Benchmark v3.0.0/1.6",
        "CIS AWS Foundations Benchmark v5.0.0/1.5",
    ];

    /// <summary>
    /// The Security Hub CSPM console's findings page filtered to this finding Id, in the partition's console
    /// (the search term is URL-encoded twice, as the console's own links are).
    /// </summary>
    public static string ConsoleUrl(AwsPartition partition, string region, string findingId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentException.ThrowIfNullOrWhiteSpace(findingId);
        var host = partition.Name switch
        {
            "aws-cn" => "console.amazonaws.cn",
            "aws-us-gov" => "console.amazonaws-us-gov.com",
            _ => "console.aws.amazon.com",
        };
        var term = Uri.EscapeDataString(Uri.EscapeDataString(findingId));
        return $"https://{region}.{host}/securityhub/home?region={region}#/findings?search=Id%3D%255Coperator%255C%253AEQUALS%255C%253A{term}";
    }

    // The finding Id's one home is infra-pulumi/contracts/finding-id.json, which the Pulumi program reads for its findingId
    // output; FindingIdTemplateTests fails if this copy drifts from it.
    internal const string FindingIdTemplate = "sechubrootmfa/{partition}/{accountId}/" + ControlName;

    /// <summary>The deterministic finding Id for one account: the same for every re-evaluation.</summary>
    public static string FindingId(AwsPartition partition, string accountId) =>
        FindingIdTemplate
            .Replace("{partition}", partition.Name, StringComparison.Ordinal)
            .Replace("{accountId}", AccountIds.Require(accountId), StringComparison.Ordinal);
}
