using System.Reflection;
using SecHubRootMfa.Core.Evaluation;

namespace SecHubRootMfa.Core.Findings;

/// <summary>Where findings are imported: the Security Hub home region and the importing account.</summary>
public sealed record DeploymentContext
{
    /// <summary>Validates both values; throws <see cref="ArgumentException"/> with the bad value named.</summary>
    public DeploymentContext(string homeRegion, string importingAccountId, string? providerVersion = null)
    {
        Partition = AwsPartition.ForRegion(homeRegion);
        HomeRegion = homeRegion;
        ImportingAccountId = AccountIds.Require(importingAccountId);
        ProviderVersion = string.IsNullOrWhiteSpace(providerVersion) ? DefaultProviderVersion : providerVersion;
    }

    /// <summary>The region whose Security Hub receives the finding, for example <c>eu-west-1</c>.</summary>
    public string HomeRegion { get; }

    /// <summary>The account that calls BatchImportFindings (owner of the default product ARN).</summary>
    public string ImportingAccountId { get; }

    /// <summary>
    /// The evaluated account's name in AWS Organizations (ASFF AwsAccountName), null when unknown; control characters
    /// are dropped and the name is cut to <see cref="MaxAccountNameLength"/> characters, the longest name Organizations allows.
    /// </summary>
    public string? AccountName
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value)
            ? null
            : AsffText.Fit(new string([.. value.Where(c => !char.IsControl(c))]).Trim(), MaxAccountNameLength) is { Length: > 0 } name ? name : null;
    }

    /// <summary>Organizations' limit on an account name (50 characters).</summary>
    public const int MaxAccountNameLength = 50;

    /// <summary>The partition of <see cref="HomeRegion"/>.</summary>
    public AwsPartition Partition { get; }

    /// <summary>Written to ProductFields as ProviderVersion; defaults to this assembly's version.</summary>
    public string ProviderVersion { get; }

    /// <summary>The importing account's default Security Hub product ARN.</summary>
    public string ProductArn =>
        $"arn:{Partition.Name}:securityhub:{HomeRegion}:{ImportingAccountId}:product/{ImportingAccountId}/default";

    private static string DefaultProviderVersion =>
        typeof(DeploymentContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            .Split('+')[0] ?? "0.0.0";
}
