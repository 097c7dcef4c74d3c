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
